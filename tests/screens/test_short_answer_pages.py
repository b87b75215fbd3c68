"""Short answers on the pages: "almost" feedback, "I was right" in self-study (recorded, counted, shown in the
summary), and never in a class quiz."""

from __future__ import annotations

import os

from quiz_app.store import Store, quizzes
from quiz_app.store import classroom as rooms
from tests.screens.driver import answer, next_question, start_quiz


def _short_answer_quiz(make_app):
    at = make_app()
    at.multiselect[2].set_value(["short_answer"])  # question types: the sample pack has one short answer
    at.run()
    start_quiz(at, 1)
    return at


def _type(at, text: str) -> None:
    at.text_input(key=f"w:{at.query_params['quiz']}:s-short:answer").input(text)
    next(b for b in at.button if b.label == "Submit answer").click()
    at.run()


def _plain(value: str) -> str:
    """Text as the learner reads it (the page escapes Markdown characters)."""
    return value.replace("\\", "")


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def test_a_spelling_slip_is_almost_with_the_accepted_form(make_app) -> None:
    at = _short_answer_quiz(make_app)
    _type(at, "Zhanaozn")
    assert _plain(at.warning[0].value) == 'Almost: check the spelling. The accepted answer is "Zhanaozen".'
    assert "I was right" not in _buttons(at)  # full marks already (the sample pack's typo_credit is the default 1)
    next_question(at)
    assert at.metric[0].value == "1 / 1"


def test_i_was_right_is_recorded_counted_and_shown_in_the_summary(make_app) -> None:
    at = _short_answer_quiz(make_app)
    _type(at, "Zhana-ozen town")
    assert at.error[0].value == "Not quite."
    override = next(b for b in at.button if b.label == "I was right")
    override.click()
    at.run()
    assert at.success[0].value == "You marked this right."
    assert "I was right" not in _buttons(at)
    assert at.sidebar.markdown[0].value.endswith("1 answered · 1 right · 100% of the marks · streak 0 (best 0)")
    store = Store.open(os.environ["DATABASE_URL"])
    [recorded] = quizzes.answers(store, int(at.query_params["quiz"]))
    assert (recorded.score, recorded.correct, recorded.original_score) == (1.0, True, 0.0) and recorded.overridden
    store.close()
    next_question(at)
    assert at.metric[0].value == "1 / 1"  # counted in the quiz score
    assert at.header[0].value == "Marked right by you (1)"
    assert at.expander[0].label == "Where did it start? · you marked this right"
    assert 'You answered "Zhana-ozen town"; the app gave it 0% of the marks.' in [_plain(c.value) for c in at.caption]
    again = make_app(query={"learner": at.query_params["learner"], "quiz": at.query_params["quiz"]})
    assert again.header[0].value == "Marked right by you (1)"  # in the learner's history after a reload


def test_i_was_right_is_only_offered_for_short_answers(make_app) -> None:
    at = make_app()
    at.multiselect[2].set_value(["true_false"])
    at.run()
    start_quiz(at, 1)
    answer(at, right=False)
    assert at.error[0].value == "Not quite." and "I was right" not in _buttons(at)


def test_class_quizzes_never_offer_i_was_right(make_app, teacher, store) -> None:
    quiz = rooms.create(store, teacher.id, "Homework", "sample", ["s-short"], "assignment")
    student = make_app("screens/classroom/join.py", query={"code": quiz.code})
    student.text_input[1].input("Aigerim")
    next(b for b in student.button if b.label == "Join").click()
    student.run()
    answer(student, right=False, scope=f"c{quiz.id}")
    assert "Not quite." in [e.value for e in student.error]
    assert "Continue" in _buttons(student) and "I was right" not in _buttons(student)
