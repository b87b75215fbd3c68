"""Flashcards, progress and the resume link through AppTest."""

import datetime as dt
import os

from quiz_app.store import Store, learners
from quiz_app.store import cards as card_store
from tests.screens.driver import answer, next_question, start_quiz


def _card_front(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ")).removeprefix("### ").replace("\\", "")


def _saved_cards(at) -> dict:
    store = Store.open(os.environ["DATABASE_URL"])
    learner = learners.by_token(store, at.query_params["learner"])
    saved = card_store.states(store, learner.id, "sample")
    store.close()
    return saved


def test_flashcard_grade_moves_the_due_date(make_app) -> None:
    at = make_app("screens/study/flashcards.py")
    assert at.title[0].value == "Flashcards"
    assert "2 new" in at.caption[0].value
    front = _card_front(at)
    before = dt.datetime.now(dt.UTC)
    next(b for b in at.button if b.label == "Show answer").click()
    at.run()
    assert any("Back" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Good").click()
    at.run()
    assert not at.exception
    (state,) = _saved_cards(at).values()
    assert state.reps == 1
    assert before + dt.timedelta(minutes=5) < state.due < before + dt.timedelta(hours=1)  # FSRS learning step
    assert _card_front(at) != front  # graded card left the queue; the other new card shows
    assert "1 new" in at.caption[0].value


def test_new_card_limit_and_cram_mode(make_app) -> None:
    at = make_app("screens/study/flashcards.py")
    at.number_input(key="cards-new-limit").set_value(0)
    at.run()
    assert "Nothing is due right now." in at.success[0].value
    at.toggle(key="cards-cram").set_value(True)
    at.run()
    assert "Cram mode" in at.caption[0].value
    at.button(key=next(b.key for b in at.button if b.label == "Show answer")).click()
    at.run()
    at.button(key=next(b.key for b in at.button if b.label == "Next card")).click()
    at.run()
    assert "1 cards left" in " ".join(c.value for c in at.caption)


def test_progress_after_a_quiz(make_app) -> None:
    at = make_app()
    start_quiz(at, 2)
    for _ in range(2):
        answer(at, right=True)
        next_question(at)
    at.switch_page("screens/study/progress.py")
    at.run()
    assert at.title[0].value == "My progress"
    assert len(at.get("vega_lite_chart")) >= 2  # sessions over time + mastery per topic


def test_resume_link_restores_progress_on_another_device(make_app) -> None:
    at = make_app("screens/study/account.py")
    at.text_input[0].input("  Aigerim  ")
    at.button[0].click()
    at.run()
    link = at.code[0].value
    assert "?learner=" in link
    token = link.split("?learner=")[1]
    at.switch_page("screens/study/quiz.py")
    at.run()
    start_quiz(at, 1)
    answer(at, right=True)
    next_question(at)
    other = make_app("screens/study/progress.py", query={"learner": token})
    assert other.title[0].value == "My progress"
    assert other.get("vega_lite_chart")  # the finished quiz is there
    mine = make_app("screens/study/account.py", query={"learner": token})
    assert mine.text_input[0].value == "Aigerim"


def test_odd_display_names_are_refused_with_a_message(make_app) -> None:
    at = make_app("screens/study/account.py")
    at.text_input[0].input("   ")
    at.button[0].click()
    at.run()
    assert at.error[0].value == "Please type a name."
