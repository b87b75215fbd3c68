"""Per-server snapshots of what every student's page reads alike: served until an event of their kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from quiz_app.classroom.pubsub import hub
from quiz_app.store import Store, live_events, snapshots, teachers
from quiz_app.store import classroom as rooms


@pytest.fixture
def watched() -> Iterator[list[int]]:
    """Quiz ids to show on a page of this server (appended by the test), unsubscribed afterwards."""
    quiz_ids: list[int] = []
    yield quiz_ids
    for quiz_id in quiz_ids:
        hub().unsubscribe(("a page", quiz_id))


def _quiz(store: Store, watched: list[int] | None = None):
    teacher = teachers.add(store, "Teacher", "a long password")
    quiz = rooms.create(store, teacher.id, "Live", "sample", ["q1", "q2"], "live")
    if watched is not None:
        hub().subscribe(("a page", quiz.id), quiz.id, lambda _t, _k: None)
        watched.append(quiz.id)
    return teacher, quiz


def test_a_snapshot_is_served_until_the_quiz_has_an_event_of_its_kind(sqlite_store: Store, watched) -> None:
    teacher, quiz = _quiz(sqlite_store, watched)
    loads: list[int] = []

    def read() -> str:
        loads.append(1)
        found = rooms.get(sqlite_store, quiz.id)
        assert found is not None
        return found.state.phase

    assert snapshots.cached(sqlite_store, quiz.id, "phase", ("state",), read) == "lobby"
    assert snapshots.cached(sqlite_store, quiz.id, "phase", ("state",), read) == "lobby"
    assert len(loads) == 1  # the second page got the first page's read
    rooms.join(sqlite_store, quiz.code, "Alice", "ip")  # a "join" event: not a kind this value depends on
    assert snapshots.cached(sqlite_store, quiz.id, "phase", ("state",), read) == "lobby"
    assert len(loads) == 1
    rooms.act(sqlite_store, quiz.id, teacher.id, "start")  # commits, then publishes "state" in this process
    assert snapshots.cached(sqlite_store, quiz.id, "phase", ("state",), read) == "question"
    assert len(loads) == 2


def test_an_event_during_the_read_makes_that_read_stale(sqlite_store: Store, watched) -> None:
    _teacher, quiz = _quiz(sqlite_store, watched)
    values = iter(["before", "after"])

    def read_while_it_changes() -> str:
        value = next(values)
        if value == "before":
            hub().publish(quiz.id, "state")  # the change lands between the read and its storing
        return value

    assert snapshots.cached(sqlite_store, quiz.id, "racy", ("state",), read_while_it_changes) == "before"
    assert snapshots.cached(sqlite_store, quiz.id, "racy", ("state",), read_while_it_changes) == "after"


def test_a_change_behind_the_apps_back_is_seen_after_the_safety_poll(sqlite_store: Store, watched) -> None:
    _teacher, quiz = _quiz(sqlite_store, watched)

    def revision() -> int:
        found = rooms.get(sqlite_store, quiz.id)
        assert found is not None
        return found.revision

    first = snapshots.cached(sqlite_store, quiz.id, "revision", ("state",), revision)
    with sqlite_store.unit() as session:  # another process, say: no event in this one
        session.execute(text("UPDATE class_quizzes SET revision = revision + 1 WHERE id = :id"), {"id": quiz.id})
    assert snapshots.cached(sqlite_store, quiz.id, "revision", ("state",), revision) == first  # not heard yet
    watcher = live_events.Watcher("sqlite://", lambda ids: rooms.fingerprints(sqlite_store, ids), safety_poll=600)
    watcher.poll_now()  # the first look: "sync"
    assert snapshots.cached(sqlite_store, quiz.id, "revision", ("state",), revision) == first + 1


def test_a_quiz_no_page_here_watches_is_always_read_again_on_sqlite(sqlite_store: Store) -> None:
    _teacher, quiz = _quiz(sqlite_store)  # e.g. QUIZ_APP_LIVE_UPDATES=poll: no safety poll looks at it
    answers = iter([1, 2])
    assert snapshots.cached(sqlite_store, quiz.id, "n", ("state",), lambda: next(answers)) == 1
    assert snapshots.cached(sqlite_store, quiz.id, "n", ("state",), lambda: next(answers)) == 2


def test_values_of_another_database_are_never_served(sqlite_store: Store, tmp_path, watched) -> None:
    _teacher, quiz = _quiz(sqlite_store, watched)
    other = Store.open(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        assert snapshots.cached(sqlite_store, quiz.id, "name", (), lambda: "first") == "first"
        assert snapshots.cached(other, quiz.id, "name", (), lambda: "second") == "second"
    finally:
        other.close()


def test_postgres_reads_are_not_cached_while_nobody_listens(monkeypatch: pytest.MonkeyPatch,
                                                             sqlite_store: Store) -> None:
    monkeypatch.setattr(sqlite_store.engine.dialect, "name", "postgresql")
    monkeypatch.setattr(live_events, "listening", lambda: False)
    answers = iter([1, 2])
    assert snapshots.cached(sqlite_store, 1, "n", ("state",), lambda: next(answers)) == 1
    assert snapshots.cached(sqlite_store, 1, "n", ("state",), lambda: next(answers)) == 2  # to the database each time
