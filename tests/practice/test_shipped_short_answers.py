"""Property tests over the shipped pack's short answers: every accepted answer is accepted however it is
decorated, and no other question's key is ever accepted, with and without transliteration."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_app.bank import Pack, load_bank
from quiz_app.bank.answers import PackAnswers, canonical, pack_keys
from quiz_app.bank.models import Grading, ShortAnswer
from quiz_app.practice.grading import grade

PACK = load_bank().packs["kazakhstan-2022"]
SHORT = [q for q in PACK.questions if isinstance(q, ShortAnswer)]
ACCEPTED = [(q, answer) for q in SHORT for answer in q.answers]
TRANSLITERATING = PackAnswers.of(Grading(transliteration=True), PACK.questions)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _others(question: ShortAnswer) -> list[str]:
    """The keys of the pack's other questions that this question does not accept itself."""
    own = {canonical(answer) for answer in question.answers}
    return [key for qid, key in pack_keys(PACK.questions) if qid != question.id and canonical(key) not in own]


@st.composite
def decorated(draw: st.DrawFn, answer: str) -> str:
    """``answer`` as a learner might type it: any case, a leading article, quotes, spaces, end punctuation."""
    cased = "".join(char.upper() if draw(st.booleans()) else char.lower() for char in answer)
    spaced = cased.replace(" ", draw(st.sampled_from([" ", "  ", ", ", " - ", "\u00a0"])))
    before = draw(st.sampled_from(["", "the ", "The ", "THE ", "a ", "An ", " ", "“", "'", "(", "\t"]))
    after = draw(st.sampled_from(["", ".", "!", " ?", "...", " ", "”", "'", ")", ";"]))
    return before + spaced + after


def test_the_pack_has_short_answers_to_check() -> None:
    assert len(SHORT) >= 10 and len(ACCEPTED) >= 40


@SETTINGS
@given(st.sampled_from(ACCEPTED), st.data())
def test_no_accepted_answer_is_refused(pair: tuple[ShortAnswer, str], data: st.DataObject) -> None:
    question, answer = pair
    typed = data.draw(decorated(answer))
    for answers in (PACK.answers, TRANSLITERATING):
        result = grade(question, typed, answers)
        assert result.verdict == "correct" and result.score == 1.0, (question.id, typed)


@pytest.mark.parametrize("question", SHORT, ids=[q.id for q in SHORT])
def test_no_other_questions_key_is_accepted(question: ShortAnswer) -> None:
    others = _others(question)
    assert others
    for key in others:
        for answers in (PACK.answers, TRANSLITERATING):
            result = grade(question, key, answers)
            assert result.score == 0.0 and not result.almost, (question.id, key, result)


@SETTINGS
@given(st.sampled_from(SHORT), st.data())
def test_no_other_questions_key_is_accepted_however_decorated(question: ShortAnswer, data: st.DataObject) -> None:
    typed = data.draw(decorated(data.draw(st.sampled_from(_others(question)))))
    for answers in (PACK.answers, TRANSLITERATING):
        assert grade(question, typed, answers).score == 0.0, (question.id, typed)


def test_the_pack_answers_are_built_once_per_pack(shipped: Pack = PACK) -> None:
    assert shipped.answers is shipped.answers
    assert set(shipped.answers.keys) == {q.id for q in SHORT}
