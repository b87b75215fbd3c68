"""Pushed updates for live class pages: the server reruns the pages showing a quiz when it changes.

Why this way. Streamlit has no public API to rerun another session (streamlit/streamlit#2838).
``streamlit-server-state`` (PyPI 0.20.2) shares state and reruns sessions through the same
runtime internals used here, but only within one process; we need events from PostgreSQL
(several servers), per-quiz subscriptions and throttling. So this module is a small,
version-pinned use of Streamlit 1.67's runtime, owned by the app's lifespan (``quiz_app/web``),
with the pure parts elsewhere (hub: ``classroom/pubsub``; listener: ``store/live_events``):

1. A live page calls :func:`watch` on every run: it records, for this browser session, the page,
   the query string (a student's seat is in it) and the browser context, and subscribes the
   session to the quiz's events (a student's page only to teacher actions; the teacher's and the
   projector's also to seats and answers, throttled to a few reruns a second).
2. When the quiz changes the hub calls back on its thread, and the rerun is scheduled on the
   server's event loop: ``Runtime.instance().get_app_session(id).request_rerun(ClientState(...))``
   with no widget states, the request Streamlit itself makes when a source file changes ("run on
   save"): a full rerun of that page, widget values kept, no callback fired.
3. Never over a run in progress: ``request_rerun`` would stop that run (fast reruns), and a click
   being handled would be lost. A session whose script runner is busy goes back in the queue until
   it is idle; the check and the clicks are both handled on the event loop, so nothing slips in
   between. At most :data:`MAX_PARALLEL` pushed reruns run at once, in arrival order (a whole class
   at once would make every page, and the teacher's own clicks, wait for all of them). A run's end
   is signalled by its script runner's ``SHUTDOWN`` or ``SCRIPT_STOPPED_*`` event, which frees its
   slot at once. Sessions that closed or moved to another page are dropped at their next event.
   The safety poll (``store/live_events``) covers a lost notification.

An earlier version reran a small *watch fragment* instead (fragment reruns queue behind a run
rather than stop it), but a fragment's id moves with its position on the page, and under load a
server-started fragment run that asked for a full rerun did not always get one; a full rerun of
an idle session is what "run on save" does every day.

The internals used (pinned by ``tests/ui/test_live_push_internals.py``, which fails on an upgrade
that changes them; ``tests/e2e/test_live_push_server.py`` runs the chain against a real server):
``get_script_run_ctx()`` (``session_id``, ``query_string``, ``page_script_hash``, ``context_info``),
``Runtime.instance()``/``Runtime.exists()``, ``Runtime.get_app_session``,
``AppSession.request_rerun``/``page_script_hash``, the private ``AppSession._scriptrunner`` (None
while no script runs), and the ``ClientState`` proto. ``request_rerun`` must run on the server's
event loop: the lifespan hands it over with :func:`attach_loop`.

``QUIZ_APP_LIVE_UPDATES=poll`` keeps the former design (each page's watch fragment polls every
2 s), so the benchmark can measure both in one run; without an attached loop (``streamlit run
quiz_app/app.py`` instead of ``server.py``) pages poll too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from quiz_app.classroom.pubsub import KINDS, hub

POLL_SECONDS = 2.0  # the former design's poll, and the fallback without an event loop
# How often reruns are looked at besides their end being signalled: a page that was busy when its
# event came, and a run whose end signal was missed. A slot is freed by the signal, not by this
# (with a 10 ms look as the only way, 200 pages took at least 2 s one after another).
RETRY_SECONDS = 0.01
_ENDED = frozenset({ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS, ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
                    ScriptRunnerEvent.SHUTDOWN})
# Pushed reruns running at once in one server. One: the script threads share the interpreter. With
# four a teacher's own click waited for the whole class (7.5 s at 200 students in
# bench_classroom.py). Two made the class see a question no sooner beyond the run-to-run spread
# (seen p95 at 200 students 2.0-2.7 s with two, 2.2-2.8 s with one), made Next take up to 1.9 s
# and starved the event loop that sends the pages: a question then reached a student's browser
# up to 1.3 s after their clock had started, which cost them up to 11 points (0-3 with one).
MAX_PARALLEL = 1
_LOG = logging.getLogger(__name__)
_loop: asyncio.AbstractEventLoop | None = None


def attach_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Called by the lifespan with the server's event loop (None when the server stops)."""
    global _loop, _reap_due
    _loop = loop
    _reap_due = False


def pushing() -> bool:
    """Whether pages get pushed updates (else they poll every :data:`POLL_SECONDS`)."""
    return os.environ.get("QUIZ_APP_LIVE_UPDATES", "push").strip().lower() != "poll" and _loop is not None


def run_every() -> float | None:
    """The ``run_every`` of a live page's watch fragment when polling (None: pushed, nothing polls)."""
    return None if pushing() else POLL_SECONDS


def app_session(session_id: str) -> AppSession | None:
    """This server's browser session ``session_id`` (None once it closed, or off a server)."""
    return Runtime.instance().get_app_session(session_id) if Runtime.exists() else None


@dataclass(frozen=True)
class _Target:
    session_id: str
    page_script_hash: str
    request: bytes  # the serialised ClientState of the rerun (page, query string, browser context)


def watch(quiz_id: int, kinds: Iterable[str] = KINDS, min_interval: float = 0.0) -> None:
    """Rerun this page when ``quiz_id`` has an event of ``kinds`` (at most every ``min_interval``).

    Call it on every run of a live page; a no-op outside a server session (AppTest) or when polling.
    """
    if not pushing():
        return
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return
    request = ClientState(page_script_hash=ctx.page_script_hash, query_string=ctx.query_string)
    if ctx.context_info is not None:
        request.context_info.CopyFrom(ctx.context_info)
    target = _Target(ctx.session_id, ctx.page_script_hash, request.SerializeToString())
    hub().subscribe(ctx.session_id, quiz_id, _Deliver(target), kinds, min_interval)


@dataclass(frozen=True)
class _Deliver:
    """The hub's callback for one session (equal when the target is: re-registering costs nothing)."""

    target: _Target

    def __call__(self, _topic: int, _kind: str) -> None:
        redraw(self.target.session_id)


def redraw(session_id: str) -> None:
    """Rerun this watching session's page soon, as an event does (from any thread; else a no-op)."""
    loop = _loop
    if loop is None or loop.is_closed():
        return
    with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the server is going away
        loop.call_soon_threadsafe(_rerun, session_id)


_queue: deque[str] = deque()  # sessions waiting for their rerun, first come first served
_queued: set[str] = set()
_running: set[str] = set()  # sessions whose pushed rerun is running
_reap_due = False  # a _reap is scheduled (one at a time, however many events came)
_busy_at = 0.0  # time.monotonic() of the last pump: pushed work was queued, started or ended then


def quiet_for() -> float:
    """Seconds since this server last had a pushed rerun queued or running (0 while it has one)."""
    if _queue or _running:
        return 0.0
    return time.monotonic() - _busy_at


def _rerun(session_id: str, attempt: int = 0) -> None:
    """On the event loop: queue a rerun of the session's page (once, however many events came)."""
    if session_id not in _queued:
        _queued.add(session_id)
        _queue.append(session_id)
    _pump()


def _pump() -> None:
    """Start queued reruns, at most :data:`MAX_PARALLEL` at once.

    A whole class rerunning at once makes every page wait for all of them (the script threads
    share the interpreter): one after another, in arrival order, the first students see the
    question at once and the last no later than before.
    """
    for _ in range(len(_queue)):  # each queued session looked at once per pump (a busy one goes back)
        if len(_running) >= MAX_PARALLEL:
            break
        session_id = _queue.popleft()
        _queued.discard(session_id)
        current = hub().callback_of(session_id)
        if not isinstance(current, _Deliver):
            continue  # unsubscribed meanwhile
        target = current.target  # the newest registration (the page may have run again since the event)
        session = app_session(session_id)
        if session is None or session.page_script_hash != target.page_script_hash:
            hub().unsubscribe(session_id, current)  # closed, or on another page
            continue
        if getattr(session, "_scriptrunner", None) is not None:  # a run, maybe a click, is in progress
            _queued.add(session_id)  # its rerun comes when that run ends; the others go on meanwhile
            _queue.append(session_id)
            continue
        try:
            session.request_rerun(ClientState.FromString(target.request))
            _running.add(session_id)
            _signal_end(session, session_id)
        except Exception:  # never let one session's trouble reach the loop
            _LOG.exception("could not rerun session %s", session_id)
    _schedule_reap()


def _signal_end(session: object, session_id: str) -> None:
    """Free the session's slot as soon as its script run ends (its runner signals on its thread)."""
    runner = getattr(session, "_scriptrunner", None)
    signal = getattr(runner, "on_event", None)
    if signal is not None:  # the runner lives for this run only, so the receiver goes with it
        signal.connect(_Ended(session_id), weak=False)


@dataclass
class _Ended:
    """A script runner's event receiver: tells the event loop, once, that this session's run ended.

    Once: each hand-over to the loop is a system call, and a run's end comes as two events.
    """

    session_id: str
    told: bool = False  # a runner sends its events from its one thread, one after another

    def __call__(self, _sender: object, event: ScriptRunnerEvent | None = None, **_data: object) -> None:
        loop = _loop
        if event in _ENDED and not self.told and loop is not None and not loop.is_closed():
            self.told = True
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_ended, self.session_id)


def _ended(session_id: str) -> None:
    """On the event loop: a pushed run ended, so the next queued page may start."""
    if session_id in _running:
        _running.discard(session_id)
        _pump()


def _schedule_reap() -> None:
    global _reap_due, _busy_at
    _busy_at = time.monotonic()  # every pump follows pushed work: an event, a run's end, a reap
    if not _reap_due and (_running or _queue) and _loop is not None:
        _reap_due = True
        _loop.call_later(RETRY_SECONDS, _reap)


def _reap() -> None:
    """Free the slots of reruns that ended (their session's script runner is gone), then start more."""
    global _reap_due
    _reap_due = False
    for session_id in list(_running):
        session = app_session(session_id)
        if session is None or getattr(session, "_scriptrunner", None) is None:
            _running.discard(session_id)
    _pump()


def forget() -> None:
    """Stop pushing to this session (a page that shows no live quiz any more)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        hub().unsubscribe(ctx.session_id)
