"""Changes reach the hub: after commit on SQLite, through LISTEN/NOTIFY on a real PostgreSQL (also
across a database restart), and through the safety poll when a notification was missed."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from quiz_app.classroom.pubsub import Hub, hub
from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.live_events import Watcher, announce
from tests.support.postgres import PostgresServer, find_bindir
from tests.support.requirements import require


class Seen:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []

    def __call__(self, topic: int, kind: str) -> None:
        self.calls.append((topic, kind))

    def wait_for(self, wanted: tuple[int, str], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.calls:
            assert time.monotonic() < deadline, f"{wanted} not delivered; got {self.calls}"
            time.sleep(0.01)


def _quiz(store: Store):
    teacher = teachers.add(store, "Teacher", "a long password")
    return teacher, rooms.create(store, teacher.id, "Live", "sample", ["q1", "q2"], "live")


def test_sqlite_changes_are_published_after_commit_and_never_after_a_rollback(sqlite_store: Store) -> None:
    teacher, quiz = _quiz(sqlite_store)
    seen = Seen()
    hub().subscribe(("test", quiz.id), quiz.id, seen)
    try:
        _, player = rooms.join(sqlite_store, quiz.code, "Alice", "ip")
        seen.wait_for((quiz.id, "join"))
        rooms.act(sqlite_store, quiz.id, teacher.id, "start")
        seen.wait_for((quiz.id, "state"))
        rooms.submit(sqlite_store, quiz.id, player.id, "q1", 0, 1.0)
        seen.wait_for((quiz.id, "answer"))
        count = len(seen.calls)
        with pytest.raises(RuntimeError), sqlite_store.unit() as session:
            announce(session, quiz.id, "state")
            raise RuntimeError("rolled back")
        with sqlite_store.unit() as session:
            session.execute(text("SELECT 1"))  # a later commit must not publish the rolled-back event
        time.sleep(0.1)
        assert len(seen.calls) == count
    finally:
        hub().unsubscribe(("test", quiz.id))


@pytest.mark.postgres
def test_notify_goes_out_with_the_transaction_to_a_listener(postgres_server) -> None:
    url = postgres_server.create_database()
    store = Store.open(url)
    target, seen = Hub(), Seen()
    watcher = Watcher(url, lambda ids: rooms.fingerprints(store, ids), target=target, safety_poll=600).start()
    try:
        teacher, quiz = _quiz(store)
        target.subscribe("page", quiz.id, seen)
        _wait(lambda: watcher.connects == 1)
        rooms.act(store, quiz.id, teacher.id, "start")  # another connection: the way another server would
        seen.wait_for((quiz.id, "state"))
        with pytest.raises(RuntimeError), store.unit() as session:
            announce(session, quiz.id, "join")
            raise RuntimeError("rolled back: PostgreSQL drops the notification")
        _, player = rooms.join(store, quiz.code, "Alice", "ip")
        seen.wait_for((quiz.id, "join"))
        rooms.submit(store, quiz.id, player.id, "q1", 0, 1.0)
        seen.wait_for((quiz.id, "answer"))
        assert seen.calls.count((quiz.id, "join")) == 1
    finally:
        watcher.stop()
        store.close()


@pytest.mark.postgres
def test_the_listener_reconnects_after_a_database_restart_and_resyncs() -> None:
    bindir = find_bindir()
    require(bindir is not None, "PostgreSQL server programs (initdb, pg_ctl)")
    server = PostgresServer.start(bindir)
    try:
        url = server.create_database()
        store = Store.open(url)
        target, seen = Hub(), Seen()
        watcher = Watcher(url, lambda ids: rooms.fingerprints(store, ids), target=target, safety_poll=600).start()
        try:
            teacher, quiz = _quiz(store)
            target.subscribe("page", quiz.id, seen)
            _wait(lambda: watcher.connects == 1)
            server.restart()
            _wait(lambda: watcher.connects == 2, timeout=30)
            seen.wait_for((quiz.id, "sync"))  # notifications may have been lost meanwhile: look again
            store.engine.dispose()  # the app's pool would find its connections broken and replace them
            rooms.act(store, quiz.id, teacher.id, "start")
            seen.wait_for((quiz.id, "state"))
        finally:
            watcher.stop()
            store.close()
    finally:
        server.stop()


def test_the_safety_poll_catches_a_change_that_sent_no_event(sqlite_store: Store) -> None:
    _teacher, quiz = _quiz(sqlite_store)
    target, seen = Hub(), Seen()
    watcher = Watcher("sqlite://", lambda ids: rooms.fingerprints(sqlite_store, ids), target=target, safety_poll=600)
    target.subscribe("page", quiz.id, seen)
    watcher.poll_now()  # first look: the baseline, and one "look again" for what changed before it
    seen.wait_for((quiz.id, "sync"))
    seen.calls.clear()
    watcher.poll_now()  # nothing changed: nothing published
    with sqlite_store.unit() as session:  # a change behind the app's back (no announce)
        session.execute(text("UPDATE class_quizzes SET revision = revision + 1 WHERE id = :id"), {"id": quiz.id})
    watcher.poll_now()
    seen.wait_for((quiz.id, "state"))  # the kind that changed: a student's page cares about this one
    rooms.join(sqlite_store, quiz.code, "Alice", "ip")  # (its own event goes to the global hub, not this one)
    watcher.poll_now()
    seen.wait_for((quiz.id, "join"))
    watcher.poll_now()
    time.sleep(0.05)
    assert seen.calls == [(quiz.id, "state"), (quiz.id, "join")]


def test_a_change_made_before_the_first_look_still_reaches_the_page(sqlite_store: Store) -> None:
    """The race the journey test met: a page subscribes, another process starts the quiz, and only
    then does the safety poll take its first look; the page must still hear of it."""
    _teacher, quiz = _quiz(sqlite_store)
    target, seen = Hub(), Seen()
    watcher = Watcher("sqlite://", lambda ids: rooms.fingerprints(sqlite_store, ids), target=target, safety_poll=600)
    target.subscribe("page", quiz.id, seen)
    with sqlite_store.unit() as session:  # behind the app's back, before any poll
        session.execute(text("UPDATE class_quizzes SET revision = revision + 1 WHERE id = :id"), {"id": quiz.id})
    watcher.poll_now()
    seen.wait_for((quiz.id, "sync"))
    seen.calls.clear()
    watcher.poll_now()
    time.sleep(0.05)
    assert seen.calls == []  # and only once


def test_the_safety_poll_does_not_rerun_a_class_for_a_change_already_announced(sqlite_store: Store) -> None:
    teacher, quiz = _quiz(sqlite_store)
    target, seen = Hub(), Seen()
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    watcher = Watcher(url, lambda ids: rooms.fingerprints(sqlite_store, ids), target=target, safety_poll=600)
    target.subscribe("page", quiz.id, seen)
    watcher.poll_now()
    seen.wait_for((quiz.id, "sync"))
    seen.calls.clear()
    rooms.act(sqlite_store, quiz.id, teacher.id, "start")  # announced (to the global hub) with its revision
    watcher.poll_now()
    time.sleep(0.05)
    assert seen.calls == []  # the pages heard of it already: no second rerun of the whole class
    with sqlite_store.unit() as session:  # and a change nobody announced is still caught
        session.execute(text("UPDATE class_quizzes SET revision = revision + 1 WHERE id = :id"), {"id": quiz.id})
    watcher.poll_now()
    seen.wait_for((quiz.id, "state"))


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


