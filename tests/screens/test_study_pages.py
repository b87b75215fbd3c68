"""Flashcards, progress and the resume link through AppTest."""

import datetime as dt
import os

from sqlalchemy import func, select

from quiz_app.store import Store, learners
from quiz_app.store import cards as card_store
from quiz_app.store.schema import Learner
from tests.screens.driver import answer, next_question, start_quiz


def _card_front(at) -> str:
    return at.header[0].value.replace("\\", "")


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


def _learner_count() -> int:
    store = Store.open(os.environ["DATABASE_URL"])
    with store.read() as session:
        count = session.scalar(select(func.count()).select_from(Learner))
    store.close()
    return int(count or 0)


def _via_menu(at, page: str) -> None:
    """Open ``page`` as the sidebar menu does: the address loses its query (``?learner=``)."""
    at.query_params.clear()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception


def test_the_menu_never_loses_the_learner(make_app) -> None:
    at = make_app()
    start_quiz(at, 2)
    for _ in range(2):
        answer(at, right=True)
        next_question(at)
    token = at.query_params["learner"]
    _via_menu(at, "screens/study/progress.py")
    assert at.query_params["learner"] == token  # written back: the address is the personal link again
    assert at.get("vega_lite_chart") and not at.info  # the quiz just finished is there
    _via_menu(at, "screens/study/flashcards.py")
    next(b for b in at.button if b.label == "Show answer").click()
    at.run()
    next(b for b in at.button if b.label == "Good").click()
    at.run()
    assert at.query_params["learner"] == token and len(_saved_cards(at)) == 1
    _via_menu(at, "screens/study/account.py")
    assert token in at.code[0].value  # My link shows the same learner's link
    at.text_input[0].input("Aigerim")
    next(b for b in at.button if b.label == "Save my name").click()
    at.run()
    assert token in at.code[0].value
    assert _learner_count() == 1  # nothing split over two learners


def test_a_link_that_is_not_valid_says_so_and_offers_a_fresh_start(make_app) -> None:
    at = make_app("screens/study/progress.py", query={"learner": "no-such-token"})
    assert "This personal link is not valid" in at.warning[0].value
    assert "learner" not in at.query_params
    next(b for b in at.button if b.label == "Start fresh").click()
    at.run()
    assert not at.warning and at.query_params["learner"] not in ("", "no-such-token")
    assert _learner_count() == 1


def test_forget_me_leaves_the_progress_behind_the_link(make_app) -> None:
    at = make_app()
    start_quiz(at, 1)
    answer(at, right=True)
    token = at.query_params["learner"]
    _via_menu(at, "screens/study/account.py")
    at.button(key="forget-me").click()
    at.run()
    assert "learner" not in at.query_params
    assert "You have no personal link yet" in at.info[0].value
    again = make_app("screens/study/progress.py", query={"learner": token})
    assert again.get("vega_lite_chart")  # the link still opens everything
