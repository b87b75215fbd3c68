"""Store tests, each run on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from quiz_app.names import NameError_
from quiz_app.store import Store, cards, db, learners, quizzes
from quiz_app.store.schema import Learner, utcnow


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


def test_reads_autocommit_and_units_still_roll_back(store: Store) -> None:
    """A read (autocommit, one round trip) returns its connection to the pool as it found it."""
    learner = learners.create(store)
    for _ in range(3):  # the same pooled connections go back and forth between reads and units
        with store.read() as session:
            assert session.get(Learner, learner.id) is not None
        with pytest.raises(RuntimeError), store.unit() as session:
            session.add(Learner(token="rolled back"))
            session.flush()
            raise RuntimeError("undo")
    with store.read() as session:
        assert session.scalar(select(func.count(Learner.id))) == 1


def _kill_pooled_connection(store: Store) -> None:
    """Terminate the server side of the one connection idling in the pool, as a database restart would."""
    import psycopg

    with store.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    url = store.engine.url
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.mark.postgres
def test_connection_broken_while_idle_is_replaced(postgres_store: Store, monkeypatch) -> None:
    """No ping on every checkout (a round trip each), but one idle for PING_AFTER_IDLE s is tested first."""
    store = postgres_store
    learners.create(store)
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 3600.0)
    _kill_pooled_connection(store)
    with pytest.raises(OperationalError):  # not tested before use: the first request fails ...
        learners.create(store)
    assert learners.create(store).id  # ... and the pool replaced it
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)
    _kill_pooled_connection(store)
    assert learners.create(store).id  # idle long enough: it failed its ping and was replaced before use


def test_merge_moves_every_answer_and_card_and_keeps_the_old_link_working(store: Store) -> None:
    earlier, later = utcnow() - dt.timedelta(days=2), utcnow()
    old, new = learners.create(store), learners.create(store)
    learners.set_display_name(store, old.id, "Aigerim")
    kept = quizzes.start(store, old.id, "pack", ["q1"], {})
    quizzes.record_answer(store, kept.id, old.id, "q1", 0, True, 1.0, 2.0)
    moved_quiz = quizzes.start(store, new.id, "pack", ["q1", "q2"], {})
    quizzes.record_answer(store, moved_quiz.id, new.id, "q1", 1, False, 0.0, 2.0)
    quizzes.record_answer(store, moved_quiz.id, new.id, "q2", 0, True, 1.0, 2.0)
    cards.save_review(store, old.id, "pack", "card:both", {"s": "old"}, later, 3, earlier)
    cards.save_review(store, new.id, "pack", "card:both", {"s": "new"}, later, 1, later)
    cards.save_review(store, old.id, "pack", "card:old-only", {"s": "o"}, later, 3, earlier)
    cards.save_review(store, new.id, "pack", "card:new-only", {"s": "n"}, later, 3, later)

    moved = learners.merge(store, new.id, old.id)

    assert (moved.answers, moved.cards) == (2, 2)
    assert learners.activity(store, new.id).empty
    assert learners.activity(store, old.id).answers == 3
    states = cards.states(store, old.id, "pack")
    assert set(states) == {"card:both", "card:old-only", "card:new-only"}
    assert states["card:both"].fsrs == {"s": "new"}  # the state updated last wins
    assert {s.id for s in quizzes.history(store, old.id)} == {kept.id, moved_quiz.id}
    assert learners.by_token(store, new.token) == learners.by_token(store, old.token)  # old link still works
    assert learners.by_token(store, new.token).display_name == "Aigerim"


def test_merge_refuses_itself_and_a_learner_already_merged(store: Store) -> None:
    first, second, third = learners.create(store), learners.create(store), learners.create(store)
    with pytest.raises(ValueError, match="itself"):
        learners.merge(store, first.id, first.id)
    learners.merge(store, second.id, first.id)
    with pytest.raises(ValueError, match="already merged"):
        learners.merge(store, third.id, second.id)
