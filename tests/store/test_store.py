"""Store tests, each run on SQLite and on PostgreSQL."""

import datetime as dt

import pytest

from quiz_app.names import NameError_
from quiz_app.store import Store, cards, learners, quizzes
from quiz_app.store.schema import utcnow


def test_learner_token_finds_the_same_learner(store: Store) -> None:
    learner = learners.create(store)
    assert len(learner.token) >= 40
    assert learners.by_token(store, learner.token) == learner
    assert learners.by_token(store, "not-a-token") is None
    assert learners.by_token(store, "x" * 500) is None
    assert learners.create(store).token != learner.token


def test_display_name_is_cleaned_and_checked(store: Store) -> None:
    learner = learners.create(store)
    assert learners.set_display_name(store, learner.id, "  Aigerim   B. ").display_name == "Aigerim B."
    with pytest.raises(NameError_, match="at most"):
        learners.set_display_name(store, learner.id, "x" * 100)
    with pytest.raises(NameError_, match="invisible"):
        learners.set_display_name(store, learner.id, "evil\u202eman")
    assert learners.by_token(store, learner.token).display_name == "Aigerim B."


def test_answer_recorded_once_and_session_scored(store: Store) -> None:
    learner = learners.create(store)
    session = quizzes.start(store, learner.id, "pack", ["q1", "q2"], {"count": 2})
    first, created = quizzes.record_answer(store, session.id, learner.id, "q1", {"choice": 0}, True, 1.0, 3.5)
    again, created_again = quizzes.record_answer(store, session.id, learner.id, "q1", {"choice": 1}, False, 0.0, 1)
    assert created and not created_again
    assert again == first and again.response == {"choice": 0} and again.correct
    quizzes.record_answer(store, session.id, learner.id, "q2", ["a", "b"], False, 0.5, 2.0)
    assert [a.question_id for a in quizzes.answers(store, session.id)] == ["q1", "q2"]
    done = quizzes.finish(store, session.id)
    assert (done.score, done.max_score) == (1.5, 2.0)
    assert done.finished_at is not None and done.finished_at.tzinfo is not None
    assert quizzes.finish(store, session.id).finished_at == done.finished_at
    assert [s.id for s in quizzes.history(store, learner.id)] == [session.id]
    assert len(quizzes.all_answers(store, learner.id)) == 2


def test_card_review_saves_state_and_counts_new_cards(store: Store) -> None:
    learner = learners.create(store)
    now = utcnow()
    due = now + dt.timedelta(days=3)
    record = cards.save_review(store, learner.id, "pack", "card:a", {"state": 2}, due, 3, now)
    assert record.reps == 1 and record.due == due
    cards.save_review(store, learner.id, "pack", "card:a", {"state": 2, "x": 1}, due, 4, now)
    cards.save_review(store, learner.id, "pack", "card:b", {"state": 1}, now, 1, now)
    saved = cards.states(store, learner.id, "pack")
    assert saved["card:a"].reps == 2 and saved["card:a"].fsrs == {"state": 2, "x": 1}
    assert cards.new_cards_since(store, learner.id, now - dt.timedelta(hours=1)) == 2
    assert cards.new_cards_since(store, learner.id, now + dt.timedelta(hours=1)) == 0
    assert sorted(cards.due_dates(store, learner.id)) == [now, due]
    assert cards.states(store, learners.create(store).id, "pack") == {}


def test_migrations_are_idempotent(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    Store.open(url).close()
    store = Store.open(url)
    assert learners.create(store).id == 1
    store.close()
