"""A live student's clock starts when the server hands that student's page the question.

The run that draws a question records when it drew it (``rooms.mark_shown``), but the page leaves
the server later: the event loop sends a class's pages one after another, and with 200 students a
page left up to about 0.4 s after its run ended, which cost up to 3 points (bench_classroom.py).
So the page also asks (:func:`stamp_when_sent`) to be stamped when its messages are sent.
Streamlit's runtime calls ``AppSession.on_flushed_messages_sent`` on the event loop after handing
a session's queued messages to its websocket (Streamlit's own "settled" tracking uses it the same
way); :func:`install` wraps it, from the app's lifespan, and takes the moment once the session's
queue is empty. The moments are held and written together :data:`FLUSH_SECONDS` later
(``rooms.confirm_many``: later only, once, for that seat's open question), so a class's writes do
not compete with drawing the class's pages; a student's own answer writes theirs first
(:func:`flush`). A moment lost with the process leaves the run's record.

What this leaves out is the network's trip to the phone. Having the browser report when it drew
the question (a script and an HTTP request per page) covered that too, but a class's 200 requests
arriving while the server was still sending the question made the last pages see it about 0.4 s
later, and the same requests sent later arrived behind the class's answers.

Internals used (pinned by ``tests/ui/test_live_push_internals.py``): ``AppSession.id``,
``AppSession.on_flushed_messages_sent`` and the private ``AppSession._browser_queue.is_empty()``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from quiz_app.store.schema import utcnow

FLUSH_SECONDS = 0.25
_MAX_HELD = 10_000  # beyond this (never in a class), moments are dropped: the runs' records stand
_LOG = logging.getLogger(__name__)
_pending: dict[str, tuple[str, str]] = {}  # session id -> (seat token, question id): stamp when sent
_held: list[tuple[str, str, dt.datetime]] = []
_lock = threading.Lock()
_flush_due = False
_loop: asyncio.AbstractEventLoop | None = None
_original: Callable[[AppSession], None] | None = None


def install(loop: asyncio.AbstractEventLoop | None) -> None:
    """Stamp pages as they are sent (``loop``: the server's event loop), or stop (None). Idempotent."""
    global _loop, _original
    _loop = loop
    if loop is not None and _original is None:
        _original = AppSession.on_flushed_messages_sent

        def on_flushed_messages_sent(self: AppSession) -> None:
            assert _original is not None
            _original(self)
            sent(self)

        AppSession.on_flushed_messages_sent = on_flushed_messages_sent  # type: ignore[method-assign]


def stamp_when_sent(seat_token: str, question_id: str) -> None:
    """Stamp this page's question when this run's messages have left the server (a no-op off a server)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and _loop is not None:
        _pending[ctx.session_id] = (seat_token, question_id)


def sent(session: AppSession) -> None:
    """On the event loop, after the runtime sent a session's queued messages: take a waiting stamp."""
    entry = _pending.get(session.id)
    if entry is None or not session._browser_queue.is_empty():  # more to send: the next flush ends it
        return
    del _pending[session.id]
    if hold(*entry, utcnow()) and _loop is not None:
        loop = _loop
        loop.call_later(FLUSH_SECONDS, lambda: loop.run_in_executor(None, flush))


def hold(seat: str, question: str, now: dt.datetime) -> bool:
    """Keep a moment until the next flush; True when a flush must be scheduled (none is yet)."""
    global _flush_due
    with _lock:
        if len(_held) < _MAX_HELD:
            _held.append((seat, question, now))
        due, _flush_due = not _flush_due, True
    return due


def flush(seat: str | None = None) -> int:
    """Write the held moments (only ``seat``'s when given); how many clocks moved. Never raises."""
    global _flush_due
    with _lock:
        if seat is None:
            moments, _held[:], _flush_due = list(_held), [], False
        else:
            moments = [m for m in _held if m[0] == seat]
            _held[:] = [m for m in _held if m[0] != seat]
    if not moments:
        return 0
    from quiz_app.store import classroom as rooms
    from quiz_app.ui.resources import get_store

    try:
        return rooms.confirm_many(get_store(), moments)
    except Exception:  # the runs' own records stand; a student never sees this
        _LOG.exception("could not record %d sent-question moments", len(moments))
        return 0
