"""Short answers graded as a teacher would: one parametrized test per rule, verdict and message asserted."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from quiz_app.bank.answers import Rules, canonical, edits_at_most_one, resolve, skeleton
from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Grading, PackMeta, ShortAnswer, SingleChoice
from quiz_app.practice.grading import grade
from tests.support.sample import PACK_META


def _short(question_id: str, answers: list[str], **extra: Any) -> ShortAnswer:
    return ShortAnswer.model_validate({
        "id": question_id, "type": "short_answer", "topic": "causes", "objectives": ["obj-price"], "difficulty": 1,
        "prompt": f"Question {question_id}?", "explanation": "Because.", "answers": answers, **extra})


def _pack(grading: dict[str, Any] | None = None) -> Pack:
    meta = PackMeta.model_validate({**PACK_META, **({"grading": grading} if grading is not None else {})})
    questions = (
        _short("tokayev", ["Tokayev", "Kassym-Jomart Tokayev"]),
        _short("nazarbayev", ["Nazarbayev"]),
        _short("csto", ["CSTO", "Collective Security Treaty Organization"]),
        _short("toll", ["238"]),
        _short("detained", ["10,000"]),
        _short("blackout", ["5"]),
        _short("start", ["Zhanaozen"]),
        _short("strict", ["Zhanaozen town"], grading={"typos": "reject"}),
        _short("half", ["Mangystau"], grading={"typos": "almost", "typo_credit": 0.5}),
        _short("lenient", ["Pashinyan"], grading={"typos": "accept"}),
        _short("port", ["Aktau"]),
        _short("karimov", ["Karimov"]),
        _short("karimova", ["Karimova"]),
        SingleChoice.model_validate({
            "id": "choice", "type": "single_choice", "topic": "causes", "objectives": ["obj-price"],
            "difficulty": 1, "prompt": "Who chaired the council?", "explanation": "He did.",
            "options": [{"text": "Smailov", "correct": True}, {"text": "Massimov"}]}),
        _short("smailov", ["Smailova"]),
    )
    return Pack(meta, questions, ())


PLAIN = _pack()
TRANSLITERATING = _pack({"transliteration": True})


def _grade(pack: Pack, question_id: str, typed: str):
    return grade(pack.questions_by_id[question_id], typed, pack.answers)


def _check(result, verdict: str, score: float, message: str) -> None:
    assert (result.verdict, result.score, result.message) == (verdict, pytest.approx(score), message)


CORRECT = ("correct", 1.0, "Correct!")
WRONG = ("wrong", 0.0, "Not quite.")


def almost(accepted: str, score: float = 1.0) -> tuple[str, float, str]:
    return "almost", score, f'Almost: check the spelling. The accepted answer is "{accepted}".'


@pytest.mark.parametrize(("question_id", "typed", "expected"), [
    # leading articles and hedges
    ("csto", "the CSTO", CORRECT),
    ("csto", "The Collective Security Treaty Organization", CORRECT),
    ("csto", "  a CSTO! ", CORRECT),
    ("toll", "about 238", CORRECT),
    ("toll", "around 238", CORRECT),
    ("detained", "nearly 10,000", CORRECT),
    ("detained", "almost 10000", CORRECT),
    ("detained", "approximately 10 000", CORRECT),
    ("detained", "roughly 10,000 people", CORRECT),
    ("detained", "some 10,000 persons", CORRECT),
    # units after a number
    ("toll", "238 people", CORRECT),
    ("blackout", "5 days", CORRECT),
    ("blackout", "about five days", WRONG),  # a number word is not the number 5
    ("start", "the Zhanaozen people", WRONG),  # a unit only counts after a number
])
def test_articles_hedges_and_units_are_ignored(question_id: str, typed: str, expected: tuple) -> None:
    _check(_grade(PLAIN, question_id, typed), *expected)


@pytest.mark.parametrize(("typed", "expected"), [
    ("C.S.T.O.", CORRECT), ("c.s.t.o", CORRECT), ("C. S. T. O.", CORRECT), ("the C.S.T.O.", CORRECT),
    ("CS.TO", WRONG),  # not one letter between the dots
])
def test_letters_separated_by_dots_are_an_abbreviation(typed: str, expected: tuple) -> None:
    _check(_grade(PLAIN, "csto", typed), *expected)


@pytest.mark.parametrize(("question_id", "typed", "expected"), [
    ("detained", "10 000", CORRECT), ("detained", "10,000", CORRECT), ("detained", "10000", CORRECT),
    ("detained", "10.000", CORRECT), ("detained", "10k", CORRECT), ("detained", "10K", CORRECT),
    ("detained", "10,0000", WRONG), ("detained", "100,000", WRONG), ("detained", "1000", WRONG),
    ("detained", "10", WRONG), ("detained", "10 00", WRONG), ("detained", "9,999", WRONG),
    ("toll", "2380", WRONG), ("toll", "2,380", WRONG), ("toll", "23", WRONG), ("toll", "239", WRONG),
    ("toll", "283", WRONG), ("toll", "238.5", WRONG), ("blackout", "55", WRONG),
])
def test_numbers_match_exactly_as_numbers(question_id: str, typed: str, expected: tuple) -> None:
    """Thousands separators and spaces inside numbers do not matter; a different number is always wrong,
    however close its digits (no typo tolerance for numbers)."""
    _check(_grade(PLAIN, question_id, typed), *expected)
    _check(_grade(TRANSLITERATING, question_id, typed), *expected)


@pytest.mark.parametrize(("typed", "expected_on", "expected_off"), [
    ("Tokaev", CORRECT, almost("Tokayev")),  # one letter dropped: without transliteration, a slip
    ("Toqaev", CORRECT, WRONG),
    ("Toqayev", CORRECT, almost("Tokayev")),
    ("Tokaiev", CORRECT, almost("Tokayev")),
    ("Токаев", CORRECT, WRONG),
    ("Kassym-Jomart Tokaev", CORRECT, almost("Kassym-Jomart Tokayev")),
    ("Qasym-Zhomart Toqaev", CORRECT, WRONG),
    ("Kasym-Zhomart Tokayev", CORRECT, WRONG),
    ("Nazarbayev", WRONG, WRONG),
    ("Nazarbaev", WRONG, WRONG),
])
def test_transliteration_variants_only_when_the_pack_says_so(typed: str, expected_on: tuple,
                                                            expected_off: tuple) -> None:
    _check(_grade(TRANSLITERATING, "tokayev", typed), *expected_on)
    _check(_grade(PLAIN, "tokayev", typed), *expected_off)


@pytest.mark.parametrize(("written", "variant"), [
    ("Qostanay", "Kostanai"), ("Zhanaozen", "Janaozen"), ("Alikhan", "Alihan"), ("Manghystau", "Mangystau"),
    ("Massimov", "Masimow"), ("Nazarbayev", "Nazarbaev"), ("Nazarbayev", "Nazarbaiev"), ("Yelbasy", "Elbasi"),
    ("Smaiylov", "Smailov"), ("Alma-Ata", "Almaata"), ("Nur-Sultan", "Nursultan"), ("Pashinyan", "Pashinian"),
])
def test_transliteration_skeletons(written: str, variant: str) -> None:
    assert skeleton(canonical(written).split()) == skeleton(canonical(variant).split())


def test_transliteration_can_be_set_on_one_question() -> None:
    question = _short("q", ["Tokayev"], grading={"transliteration": True})
    assert grade(question, "Toqaev").verdict == "correct"
    assert grade(_short("q", ["Tokayev"]), "Toqaev").verdict == "wrong"


@pytest.mark.parametrize(("question_id", "typed", "expected"), [
    ("start", "Zhanaozn", almost("Zhanaozen")),  # a letter dropped
    ("start", "Zhanaozenn", almost("Zhanaozen")),  # added
    ("start", "Zhanoazen", almost("Zhanaozen")),  # two neighbours swapped
    ("start", "Zhanaizen", almost("Zhanaozen")),  # changed
    ("start", "Zhanazn", WRONG),  # two edits
    ("csto", "Collective Security Treaty Organisation", almost("Collective Security Treaty Organization")),
    ("csto", "Colective Securty Treaty Organization", almost("Collective Security Treaty Organization")),
    ("csto", "CSTA", WRONG),  # 4 letters: must be spelled right
    ("port", "Aktay", WRONG),  # 5 letters
    ("strict", "Zhanaozn town", WRONG),  # typos: reject on this question
    ("half", "Mangstau", almost("Mangystau", 0.5)),  # typo_credit 0.5
    ("lenient", "Pashinian", CORRECT),  # typos: accept
])
def test_a_slip_in_a_long_word_is_almost(question_id: str, typed: str, expected: tuple) -> None:
    _check(_grade(PLAIN, question_id, typed), *expected)


def test_an_almost_with_partial_credit_is_not_correct() -> None:
    result = _grade(PLAIN, "half", "Mangstau")
    assert not result.correct and result.almost and result.matched == "Mangystau"


@pytest.mark.parametrize(("question_id", "typed", "why"), [
    ("tokayev", "Nazarbayev", "another question's key"),
    ("karimov", "Karimova", "another question's key, one letter from this one's"),
    ("karimov", "Karimovi", "one letter from this key, and one from another question's"),
    ("smailov", "Smailov", "the correct option of a choice question"),
])
def test_no_benefit_of_the_doubt_for_another_questions_key(question_id: str, typed: str, why: str) -> None:
    _check(_grade(PLAIN, question_id, typed), *WRONG)
    _check(_grade(TRANSLITERATING, question_id, typed), *WRONG)


def test_without_the_pack_there_is_no_guard() -> None:
    """Graded alone (no ``answers``), a question knows nothing of the other questions' keys."""
    question = PLAIN.questions_by_id["karimov"]
    _check(grade(question, "Karimova"), *almost("Karimov"))


def test_the_pack_keys_are_prepared_once() -> None:
    assert PLAIN.answers is PLAIN.answers
    assert PLAIN.answers.key(PLAIN.questions_by_id["half"]).rules == Rules(typos="almost", typo_credit=0.5)


@pytest.mark.parametrize(("pack", "question", "expected"), [
    (None, None, Rules()),
    ({"transliteration": True}, None, Rules(transliteration=True)),
    ({"transliteration": True, "typos": "reject"}, {"typos": "almost"}, Rules(True, "almost", 1.0)),
    ({"typos": "almost", "typo_credit": 0.25}, {"transliteration": True}, Rules(True, "almost", 0.25)),
    ({"transliteration": True}, {"transliteration": False}, Rules(transliteration=False)),
])
def test_a_question_overrides_the_pack_field_by_field(pack, question, expected) -> None:
    def as_model(data: dict | None) -> Grading | None:
        return Grading.model_validate(data) if data is not None else None

    assert resolve(as_model(pack), as_model(question)) == expected


@pytest.mark.parametrize(("grading", "message"), [
    ({"typos": "maybe"}, "Input should be 'accept', 'almost' or 'reject'"),
    ({"typo_credit": 1.5}, "less than or equal to 1"),
    ({"typo_credit": -0.1}, "greater than or equal to 0"),
    ({"typos": "reject", "typo_credit": 0.5},
     "typo_credit only counts when typos is 'almost' (here typos is 'reject')"),
    ({"spelling": "loose"}, "Extra inputs are not permitted"),
])
def test_grading_settings_are_checked(grading: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Grading.model_validate(grading)


@pytest.mark.parametrize(("typed", "accepted", "close"), [
    ("abcdef", "abcdef", True), ("abcdf", "abcdef", True), ("abcdeef", "abcdef", True), ("abdcef", "abcdef", True),
    ("abxdef", "abcdef", True), ("abdcfe", "abcdef", False), ("abc", "abcdef", False), ("", "a", True),
])
def test_one_edit(typed: str, accepted: str, close: bool) -> None:
    assert edits_at_most_one(typed, accepted) is close
    assert edits_at_most_one(accepted, typed) is close
