"""The quiz page through AppTest: full quizzes, feedback, summary, retry, reloads, double submits."""

import os

from quiz_app.store import Store, quizzes
from tests.screens.driver import answer, current_question, next_question, start_quiz


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.success, *at.error, *at.warning, *at.caption])


def test_full_quiz_answered_right(make_app) -> None:
    at = make_app()
    start_quiz(at, 6)
    for _ in range(6):
        answer(at, right=True)
        assert at.success[0].value == "Correct!"
        next_question(at)
    assert at.title[0].value == "Quiz complete"
    assert at.metric[0].value == "6 / 6" and at.metric[1].value == "100%"
    assert "You got every question right." in _texts(at)
    assert len(at.get("vega_lite_chart")) == 1  # per-topic breakdown chart
    assert _sidebar_score(at) == "6 answered · 6 right · 100% of the marks · streak 6 (best 6)"


def test_wrong_answers_show_answer_explanation_source_and_retry(make_app) -> None:
    at = make_app()
    start_quiz(at, 6)
    missed = []
    for _ in range(6):
        missed.append(answer(at, right=False))
        assert at.error or at.warning  # "Not quite." or partial credit
        text = _texts(at)
        assert "Your answer" in text and "Correct answer" in text and "Why" in text
        next_question(at)
    assert at.metric[0].value.endswith("/ 6")
    assert at.header[0].value == "Not fully right (6)"
    assert "only full marks count as right" in _texts(at)
    assert len(at.expander) >= 6
    at.button(key="retry").click()
    at.run()
    assert "Question 1 of 6" in at.get("progress")[0].proto.text
    for _ in range(6):
        answer(at, right=True)
        next_question(at)
    assert at.metric[0].value == "6 / 6"


def test_double_submit_and_reload_record_once(make_app, tmp_path) -> None:
    at = make_app()
    start_quiz(at, 2)
    question_id = answer(at, right=True)
    token, quiz = at.query_params["learner"], at.query_params["quiz"]
    # the same browser reloads: a new session opens the same link
    again = make_app(query={"learner": token, "quiz": quiz})
    assert "Question 2 of 2" in again.get("progress")[0].proto.text
    store = Store.open(os.environ["DATABASE_URL"])
    recorded = quizzes.answers(store, int(quiz))
    assert [a.question_id for a in recorded] == [question_id]
    store.close()


def test_someone_elses_quiz_link_is_ignored(make_app) -> None:
    at = make_app()
    start_quiz(at, 2)
    quiz = at.query_params["quiz"]
    stranger = make_app(query={"quiz": quiz})
    assert stranger.title[0].value == "Practice quiz"
    assert "quiz" not in stranger.query_params


def test_incomplete_answer_asks_for_one(make_app) -> None:
    at = make_app()
    at.multiselect[2].set_value(["true_false"])
    at.run()
    start_quiz(at, 1)
    next(b for b in at.button if b.label == "Submit answer").click()
    at.run()
    assert at.warning[0].value == "Please answer first."
    assert not at.success and not at.error


def test_two_tabs_answering_the_same_question_record_the_first(make_app) -> None:
    first = make_app()
    start_quiz(first, 1)
    link = {"learner": first.query_params["learner"], "quiz": first.query_params["quiz"]}
    second = make_app(query=link)
    assert current_question(second) == current_question(first)
    answer(first, right=True)
    answer(second, right=False)  # arrives after the first: the first answer stands
    assert second.title[0].value == "Quiz complete"
    assert second.metric[0].value == "1 / 1"
    store = Store.open(os.environ["DATABASE_URL"])
    assert len(quizzes.answers(store, int(link["quiz"]))) == 1
    store.close()


def test_weak_spots_draws_the_missed_question_first(make_app) -> None:
    at = make_app()
    start_quiz(at, 6)
    missed = answer(at, right=False)
    next_question(at)
    for _ in range(5):
        answer(at, right=True)
        next_question(at)
    at.button(key="new-quiz").click()
    at.run()
    at.toggle[0].set_value(True)
    start_quiz(at, 2)
    assert current_question(at)["id"] == missed


def test_the_quiz_is_read_from_the_database_once_per_page_load(make_app, monkeypatch) -> None:
    reads = []
    with_answers = quizzes.with_answers
    monkeypatch.setattr(quizzes, "with_answers", lambda *args: reads.append(args) or with_answers(*args))
    at = make_app()
    start_quiz(at, 3)
    for _ in range(3):
        answer(at, right=True)
        next_question(at)
    assert at.title[0].value == "Quiz complete"
    assert reads == []  # the tab keeps its own view of the quiz it started
    again = make_app(query={"learner": at.query_params["learner"], "quiz": at.query_params["quiz"]})
    assert again.title[0].value == "Quiz complete"
    assert len(reads) == 1  # a reload reads it from the database


def test_pages_are_built_once_per_browser_session(make_app, monkeypatch) -> None:
    from quiz_app.ui import navigation

    builds = []
    build = navigation._build
    monkeypatch.setattr(navigation, "_build", lambda: builds.append(1) or build())
    at = make_app()
    start_quiz(at, 2)
    answer(at, right=True)
    assert len(builds) == 1
    make_app()
    assert len(builds) == 2  # a new session builds its own


def _sidebar_score(at) -> str:
    """The running score line of the sidebar (after the menu)."""
    return next(m.value for m in at.sidebar.markdown if m.value.startswith("**This session**")).split("\n", 1)[1]
