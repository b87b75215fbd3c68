"""Telling every server that a class quiz changed: PostgreSQL ``LISTEN``/``NOTIFY``, or in-process on SQLite.

- :func:`announce` is called by the store inside the transaction that makes the change. On
  PostgreSQL it runs ``pg_notify`` in that same transaction, so the notification goes out exactly
  when (and only if) the change commits, to every server listening. On SQLite (one server) the
  event is published to this process's hub after the commit.
- :class:`Watcher` is the one background thread per server process (started by the app's lifespan,
  ``quiz_app/web``): on PostgreSQL it holds one ``LISTEN`` connection (psycopg 3, autocommit) and
  reconnects after a database restart, publishing a ``sync`` to every watched quiz after each
  (re)connect since notifications sent while it was away are lost; on any backend it runs a slow
  *safety poll* (:data:`SAFETY_POLL_SECONDS`; :data:`SQLITE_POLL_SECONDS` on SQLite, where a change
  made by another process has no other way in): one query for the quizzes someone watches on this
  server, and an event only for a quiz whose revision, seat count or answer count changed since
  the last poll. That catches what a lost notification would miss; it is not how updates
  normally arrive.

Nothing here depends on a clean shutdown: the thread is a daemon, and the server may be killed
(SIGTERM ends ``streamlit run quiz_app/server.py`` at once) at any moment.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from quiz_app.classroom.pubsub import Hub, hub

CHANNEL = "quiz_app_live"
_PENDING = "quiz_app_live_pending"  # Session.info key: events to publish locally after commit
_LOG = logging.getLogger(__name__)


SAFETY_POLL_SECONDS = 20.0  # PostgreSQL: every writer notifies, the poll only covers a lost notification
SQLITE_POLL_SECONDS = 2.0  # SQLite: another process (the CLI, a script) cannot notify; one query per poll
# Tests of pushed updates set QUIZ_APP_SAFETY_POLL far above their waits, so nothing arrives by the poll.


def safety_poll_seconds(url: str | None = None) -> float:
    """Seconds between safety polls: ``QUIZ_APP_SAFETY_POLL`` if set, else by backend (see above)."""
    default = SQLITE_POLL_SECONDS if url and make_url(url).get_backend_name() == "sqlite" else SAFETY_POLL_SECONDS
    try:
        return max(0.5, float(os.environ.get("QUIZ_APP_SAFETY_POLL", default)))
    except ValueError:
        return default


def _database_key(url: Any) -> tuple[Any, ...]:
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.host, parsed.port, parsed.database


_listening: set[tuple[Any, ...]] = set()  # databases this process's Watcher holds a live LISTEN connection to


_heard: dict[tuple[Any, ...], int] = {}  # (database, quiz id) -> the highest revision announced to this process
_heard_lock = threading.Lock()


def heard(database: Any, quiz_id: int, revision: int | None) -> None:
    """Note that the change of ``quiz_id`` to ``revision`` was announced here (the safety poll then
    does not announce it a second time, which would rerun a whole class for nothing)."""
    if revision is None:
        return
    key = (*_database_key(database), quiz_id)
    with _heard_lock:
        if revision > _heard.get(key, -1):
            _heard[key] = revision


def heard_revision(database: Any, quiz_id: int) -> int | None:
    """The highest revision of ``quiz_id`` in ``database`` (a URL) announced to this process."""
    with _heard_lock:
        return _heard.get((*_database_key(database), quiz_id))


def announce(session: Session, quiz_id: int, kind: str, revision: int | None = None) -> None:
    """Tell every server that ``quiz_id`` changed (``kind``: state, join or answer), with this transaction.

    ``revision``: the quiz's revision after a ``state`` change, carried with the event.
    """
    bind = session.get_bind()
    payload = f"{quiz_id}:{kind}" if revision is None else f"{quiz_id}:{kind}:{revision}"
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})
        # our own listener hears it, like every other server's; until then, only what we cached is stale
        local = _database_key(bind.url) not in _listening
    else:
        local = True
    session.info.setdefault(_PENDING, []).append((bind.url, quiz_id, kind, revision, local))


@event.listens_for(Session, "after_commit")
def _publish_after_commit(session: Session) -> None:
    for database, quiz_id, kind, revision, local in session.info.pop(_PENDING, ()):
        heard(database, quiz_id, revision)
        if local:
            hub().publish(quiz_id, kind)
        else:
            hub().touch(quiz_id, kind)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _parse(payload: str) -> tuple[int, str, int | None] | None:
    """``quiz:kind`` or ``quiz:kind:revision`` -> (quiz, kind, revision); None if malformed."""
    quiz, _, rest = payload.partition(":")
    kind, _, revision = rest.partition(":")
    try:
        return int(quiz), kind, int(revision) if revision else None
    except ValueError:
        return None


class Watcher:
    """The server's listener thread: PostgreSQL notifications (if ``url`` is PostgreSQL) and the safety poll.

    ``fingerprints(quiz_ids)`` returns (revision, seats, answers) per quiz; the safety poll
    publishes ``state``, ``join`` or ``answer`` for each part that changed since the last poll.
    """

    def __init__(self, url: str, fingerprints: Callable[[set[int]], dict[int, tuple[int, ...]]], *,
                 target: Hub | None = None, safety_poll: float | None = None) -> None:
        self.url = url
        self.fingerprints = fingerprints
        self.hub = target or hub()
        self.safety_poll = safety_poll if safety_poll is not None else safety_poll_seconds(url)
        self.postgres = make_url(url).get_backend_name() == "postgresql"
        self.connects = 0  # LISTEN connections made (1 + reconnects)
        self.notifications = 0
        self.polls = 0
        self._seen: dict[int, tuple[int, ...]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_poll = time.monotonic() + self.safety_poll
        # Not done: dropping a quiz's baseline when its change was announced (to spare its pages a
        # second rerun at the next poll) lost a change made by another process between the
        # announcement and that poll (tests/e2e/test_every_page.py caught it). A change announced
        # and then seen by the poll reruns its pages once more; correctness first.

    def start(self) -> Watcher:
        self._thread = threading.Thread(target=self._run, name="quiz-live-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the thread to end (tests; a server never waits for it)."""
        self._stop.set()
        _listening.discard(_database_key(self.url))

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _libpq(self) -> str:
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            if not self.postgres:
                self._stop.wait(max(0.0, self._next_poll - time.monotonic()))
                self._maybe_poll()
                continue
            try:
                self._listen()
                backoff = 0.5
            except Exception as error:  # the database went away: wait, reconnect, resync
                _listening.discard(_database_key(self.url))
                _LOG.warning("live updates: LISTEN connection lost (%s); reconnecting in %.1f s", error, backoff)
                self._stop.wait(backoff)
                backoff = min(5.0, backoff * 2)
                self._maybe_poll()

    def _listen(self) -> None:
        import psycopg

        with psycopg.connect(self._libpq(), autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self.connects += 1
            _listening.add(_database_key(self.url))
            for topic in self.hub.topics():  # anything may have changed while we were not listening
                self.hub.publish(topic, "sync")
            while not self._stop.is_set():
                wait = max(0.05, min(1.0, self._next_poll - time.monotonic()))
                for note in connection.notifies(timeout=wait):
                    parsed = _parse(note.payload)
                    if parsed is not None and parsed[1] in ("state", "join", "answer"):
                        self.notifications += 1
                        heard(self.url, parsed[0], parsed[2])
                        self.hub.publish(parsed[0], parsed[1])
                self._maybe_poll()
                if connection.closed or connection.broken:
                    raise ConnectionError("the LISTEN connection closed")

    def _maybe_poll(self) -> None:
        if time.monotonic() < self._next_poll:
            return
        self._next_poll = time.monotonic() + self.safety_poll
        self.poll_now()

    def poll_now(self) -> None:
        """One safety poll: an event for every watched quiz that changed since the last poll."""
        topics = self.hub.topics()
        self._seen = {q: f for q, f in self._seen.items() if q in topics}
        if not topics:
            return
        try:
            current = self.fingerprints(topics)
        except Exception as error:  # the database is away: the next poll or the reconnect resyncs
            _LOG.warning("live updates: safety poll failed (%s)", error)
            return
        self.polls += 1
        self._publish_changes(current)

    def _publish_changes(self, current: dict[int, tuple[int, ...]]) -> None:
        for quiz_id, fingerprint in current.items():
            before = self._seen.get(quiz_id)
            self._seen[quiz_id] = fingerprint
            if before is None:
                # First look at a quiz newly watched here. On SQLite a change made by another
                # process between the page's read and this baseline would otherwise never be seen,
                # so the pages of that quiz look again once (once per quiz per server). On
                # PostgreSQL every writer notifies: a whole class rerunning for nothing would cost
                # more than it catches.
                if not self.postgres:
                    self.hub.publish(quiz_id, "sync")
                continue
            if before == fingerprint:
                continue
            # the kind that changed, so that a student's page does not rerun for another's answer
            for kind, old, new in zip(("state", "join", "answer"), before, fingerprint, strict=False):
                if old == new:
                    continue
                announced = heard_revision(self.url, quiz_id)
                if kind == "state" and announced is not None and new <= announced:
                    continue  # its announcement reached this server: its pages were rerun then
                self.hub.publish(quiz_id, kind)


_watcher: Watcher | None = None
_watcher_lock = threading.Lock()


def ensure_watcher(url: str, fingerprints: Callable[[set[int]], dict[int, tuple[int, ...]]]) -> Watcher:
    """This process's watcher for ``url``, started on first use (the lifespan starts it at boot)."""
    global _watcher
    with _watcher_lock:
        if _watcher is None or _watcher.url != url or not _watcher.alive:
            if _watcher is not None:
                _watcher.stop()
            _watcher = Watcher(url, fingerprints).start()
        return _watcher


def current_watcher() -> Watcher | None:
    return _watcher


def listening() -> bool:
    """Whether this process hears PostgreSQL notifications right now (for tests and diagnostics)."""
    return bool(_listening)
