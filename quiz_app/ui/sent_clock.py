"""A live student's clock starts when the server hands that student's page the question.

A page that draws a question for the first time asks (:func:`stamp_when_sent`) to be stamped when
its messages are sent: the event loop sends a class's pages one after another, so the moment the
run drew it would cost the last of 200 students up to 3 points (bench_classroom.py, README run of
commit 134cdc8). Streamlit's runtime loop takes a session's queued messages
(``AppSession.flush_browser_queue``), hands them to its websocket, then calls
``AppSession.on_flushed_messages_sent`` (Streamlit's own "settled" tracking uses the pair the same
way); :func:`install` wraps both, from the app's lifespan: the first take after the page asked
holds every message of the question, and the moment is taken once those are handed over.

The moments are held and written together :data:`FLUSH_SECONDS` later (``rooms.confirm_many``:
once, for that quiz's open question), so no page of the class waits for a write: the pages are
drawn one after another, and a write in each run (the former design) made every later page of the
class wait for one more database round trip. A student's own answer writes theirs first
(:func:`flush`). This process remembers each student's first showing (:func:`first_shown`), so
a reload or a second tab here counts from it; a showing on another server (a second device) is
found by the write, which keeps the earlier moment, and that page is drawn again with its timer
(``ui/live_push.redraw``). A moment lost with the process (killed within :data:`FLUSH_SECONDS`
of sending) leaves the class's clock for that student, capped as every delay is.

What this leaves out is the network's trip to the phone. Having the browser report when it drew
the question (a script and an HTTP request per page) covered that too, but a class's 200 requests
arriving while the server was still sending the question made the last pages see it 0.4-1.1 s
later (seen p95), and the same requests sent later arrived behind the class's answers.

Internals used (pinned by ``tests/ui/test_live_push_internals.py``): ``AppSession.id``,
``AppSession.flush_browser_queue`` and ``AppSession.on_flushed_messages_sent``; and, to forget the
pages of sessions that closed before they were sent, the runtime's session lookup
(``ui/live_push.app_session``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from quiz_app.store.schema import utcnow

FLUSH_SECONDS = 0.25
REDRAW_AFTER = dt.timedelta(seconds=1)  # a page whose clock started this much earlier elsewhere is drawn again
_MAX_HELD = 10_000  # beyond this (never in a class), moments are dropped: those students keep the class's clock
_MAX_KNOWN = 20_000  # first showings remembered; beyond, forgotten (a page is stamped again: the first stands)
_MAX_PENDING = 1_000  # pages waiting to be sent; beyond, those of closed sessions are dropped (:func:`_prune`)
_LOG = logging.getLogger(__name__)


class Page(NamedTuple):
    """A student's page showing a question."""

    quiz_id: int
    player_id: int
    question_id: str


class Held(NamedTuple):
    """A moment a page was sent, waiting to be written."""

    session_id: str
    page: Page
    moment: dt.datetime


_pending: dict[str, Page] = {}  # session id -> the page to stamp when its messages are sent
_taken: dict[str, Page] = {}  # of those, the ones whose messages the runtime has taken to send
_held: list[Held] = []
_known: dict[tuple[int, int, str], dt.datetime] = {}  # (store serial, player id, question id) -> first shown
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


def _key(player_id: int, question_id: str) -> tuple[int, int, str]:
    from quiz_app.ui.resources import get_store

    return get_store().serial, player_id, question_id  # player ids of two databases (tests) never mix


def first_shown(player_id: int, question_id: str) -> dt.datetime | None:
    """The student's first showing of the question as this process knows it (None: not shown here)."""
    return _known.get(_key(player_id, question_id))


def remember(player_id: int, question_id: str, moment: dt.datetime) -> None:
    """Know ``moment`` as the student's first showing of the question (what the database holds)."""
    key = _key(player_id, question_id)
    with _lock:
        if len(_known) >= _MAX_KNOWN:
            _known.clear()
        _known[key] = moment


def stamp_when_sent(quiz_id: int, player_id: int, question_id: str) -> bool:
    """Stamp this page's question when this run's messages have left the server.

    False off a server (no script run or no server loop): the caller records the moment itself.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or _loop is None:
        return False
    if len(_pending) >= _MAX_PENDING:
        _prune()
    _pending[ctx.session_id] = Page(quiz_id, player_id, question_id)
    return True


def _prune() -> None:
    """Drop the pages of sessions that closed before their messages were sent (they never will be)."""
    from quiz_app.ui import live_push

    for session_id in list(_pending):
        if live_push.app_session(session_id) is None:
            _pending.pop(session_id, None)  # the event loop may have taken it meanwhile


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
    now = utcnow()
    if first_shown(entry.player_id, entry.question_id) is None:  # an earlier tab here keeps its moment
        remember(entry.player_id, entry.question_id, now)
    if hold(session_id, entry, now) and _loop is not None:
        loop = _loop
        loop.call_later(FLUSH_SECONDS, lambda: loop.run_in_executor(None, flush))


def hold(session_id: str, page: Page, now: dt.datetime) -> bool:
    """Keep a moment until the next flush; True when a flush must be scheduled (none is yet)."""
    global _flush_due
    with _lock:
        if len(_held) < _MAX_HELD:
            _held.append(Held(session_id, Page(*page), now))
        due, _flush_due = not _flush_due, True
    return due


def flush(player_id: int | None = None) -> int:
    """Write the held moments (only ``player_id``'s when given); how many clocks they set. Never raises."""
    global _flush_due
    with _lock:
        if player_id is None:
            moments, _held[:], _flush_due = list(_held), [], False
        else:
            moments = [m for m in _held if m.page.player_id == player_id]
            _held[:] = [m for m in _held if m.page.player_id != player_id]
    if not moments:
        return 0
    from quiz_app.store import classroom as rooms
    from quiz_app.ui.resources import get_store

    try:
        store = get_store()
        moved = rooms.confirm_many(store, [(*m.page, m.moment) for m in moments])
        kept = [m for m in moments if (m.page.player_id, m.page.question_id) not in moved]
        if kept:
            _redraw_earlier(kept, rooms.shown_many(store, [(m.page.player_id, m.page.question_id) for m in kept]))
    except Exception:  # those students keep the class's clock; a student never sees this
        _LOG.exception("could not record %d sent-question moments", len(moments))
        return 0
    return len(moved)


def _redraw_earlier(kept: list[Held], stored: dict[tuple[int, str], dt.datetime]) -> None:
    """Pages whose student saw the question before (another device): their clock is that one."""
    from quiz_app.ui import live_push

    for held in kept:
        first = stored.get((held.page.player_id, held.page.question_id))
        if first is None:
            continue  # the teacher moved on before the write: nothing started
        remember(held.page.player_id, held.page.question_id, first)
        if first < held.moment - REDRAW_AFTER:
            live_push.redraw(held.session_id)
