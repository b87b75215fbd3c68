"""A live student's clock starts when the server hands that student's page the question.

The run that draws a question records when it drew it (``rooms.mark_shown``), but the page leaves
the server later: the event loop sends a class's pages one after another, and with 200 students
that cost up to 3 points (bench_classroom.py, README run of commit 134cdc8).
So the page also asks (:func:`stamp_when_sent`) to be stamped when its messages are sent.
Streamlit's runtime loop takes a session's queued messages (``AppSession.flush_browser_queue``),
hands them to its websocket, then calls ``AppSession.on_flushed_messages_sent`` (Streamlit's own
"settled" tracking uses the pair the same way); :func:`install` wraps both, from the app's
lifespan: the first take after the page asked holds every message of the question, and the moment
is taken once those are handed over. The moments are held and written together :data:`FLUSH_SECONDS` later
(``rooms.confirm_many``: later only, once, for that quiz's open question), so a class's writes do
not compete with drawing the class's pages; a student's own answer writes theirs first
(:func:`flush`). A moment lost with the process leaves the run's record.

What this leaves out is the network's trip to the phone. Having the browser report when it drew
the question (a script and an HTTP request per page) covered that too, but a class's 200 requests
arriving while the server was still sending the question made the last pages see it 0.4-1.1 s
later (seen p95), and the same requests sent later arrived behind the class's answers.

Internals used (pinned by ``tests/ui/test_live_push_internals.py``): ``AppSession.id``,
``AppSession.flush_browser_queue`` and ``AppSession.on_flushed_messages_sent``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from quiz_app.store.schema import utcnow

FLUSH_SECONDS = 0.25
_MAX_HELD = 10_000  # beyond this (never in a class), moments are dropped: the runs' records stand
_LOG = logging.getLogger(__name__)
Page = tuple[int, int, str]  # (quiz id, player id, question id)
_pending: dict[str, Page] = {}  # session id -> the page to stamp when its messages are sent
_taken: dict[str, Page] = {}  # of those, the ones whose messages the runtime has taken to send
_held: list[tuple[int, int, str, dt.datetime]] = []
_lock = threading.Lock()
_flush_due = False
_loop: asyncio.AbstractEventLoop | None = None
_original: tuple[Callable[[AppSession], Any], Callable[[AppSession], None]] | None = None


def install(loop: asyncio.AbstractEventLoop | None) -> None:
    """Stamp pages as they are sent (``loop``: the server's event loop), or stop (None). Idempotent."""
    global _loop, _original
    _loop = loop
    if loop is not None and _original is None:
        _original = take_original, sent_original = AppSession.flush_browser_queue, AppSession.on_flushed_messages_sent

        def flush_browser_queue(self: AppSession) -> Any:
            messages = take_original(self)
            taking(self.id)
            return messages

        def on_flushed_messages_sent(self: AppSession) -> None:
            sent_original(self)
            sent(self.id)

        AppSession.flush_browser_queue = flush_browser_queue  # type: ignore[method-assign]
        AppSession.on_flushed_messages_sent = on_flushed_messages_sent  # type: ignore[method-assign]


def stamp_when_sent(quiz_id: int, player_id: int, question_id: str) -> None:
    """Stamp this page's question when this run's messages have left the server (a no-op off a server)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and _loop is not None:
        _pending[ctx.session_id] = (quiz_id, player_id, question_id)


def taking(session_id: str) -> None:
    """On the event loop: the runtime took the session's queued messages, the question's among them."""
    entry = _pending.pop(session_id, None)
    if entry is not None:
        _taken[session_id] = entry


def sent(session_id: str) -> None:
    """On the event loop, after the runtime handed the messages it took to the websocket: the moment."""
    entry = _taken.pop(session_id, None)
    if entry is None:
        return
    if hold(entry, utcnow()) and _loop is not None:
        loop = _loop
        loop.call_later(FLUSH_SECONDS, lambda: loop.run_in_executor(None, flush))


def hold(page: Page, now: dt.datetime) -> bool:
    """Keep a moment until the next flush; True when a flush must be scheduled (none is yet)."""
    global _flush_due
    with _lock:
        if len(_held) < _MAX_HELD:
            _held.append((*page, now))
        due, _flush_due = not _flush_due, True
    return due


def flush(player_id: int | None = None) -> int:
    """Write the held moments (only ``player_id``'s when given); how many clocks moved. Never raises."""
    global _flush_due
    with _lock:
        if player_id is None:
            moments, _held[:], _flush_due = list(_held), [], False
        else:
            moments = [m for m in _held if m[1] == player_id]
            _held[:] = [m for m in _held if m[1] != player_id]
    if not moments:
        return 0
    from quiz_app.store import classroom as rooms
    from quiz_app.ui.resources import get_store

    try:
        return rooms.confirm_many(get_store(), moments)
    except Exception:  # the runs' own records stand; a student never sees this
        _LOG.exception("could not record %d sent-question moments", len(moments))
        return 0
