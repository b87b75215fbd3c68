"""Pushed updates for live class pages: the server reruns a page's *watch fragment* when its quiz changed.

Why this way. Streamlit has no public API to rerun another session (streamlit/streamlit#2838).
``streamlit-server-state`` (PyPI 0.20.2) shares state and reruns sessions through the same
runtime internals used here, but only within one process and with full-app reruns; we need
events from PostgreSQL (several servers), per-quiz subscriptions and throttling. So this module
is a small, version-pinned use of Streamlit 1.67's runtime, owned by the app's lifespan
(``quiz_app/web``), with the pure parts (hub, listener) elsewhere:

1. A live page draws a small fragment (``st.fragment``) that calls :func:`watch` on every run.
   :func:`watch` records, for this browser session, the fragment's id, the page, the query string
   (a student's seat is in it) and the browser context, and subscribes to the quiz in the hub.
2. When the quiz changes the hub calls back (on its thread), and the rerun is scheduled on the
   server's event loop: ``Runtime.instance().get_app_session(id).request_rerun(ClientState(
   fragment_id=...))`` — exactly the request a browser sends for ``st.fragment(run_every=...)``.
   Being a *fragment* rerun matters: Streamlit queues it behind a run in progress instead of
   stopping that run (a full rerun would, and could drop a click being handled). The fragment
   reads the quiz and asks for ``st.rerun(scope="app")`` only if what the page shows changed.
3. Sessions that closed, moved to another page or no longer draw the fragment are dropped at the
   next event. The safety poll (``quiz_app.store.live_events``) covers a lost notification.

The internals used (pinned by ``tests/ui/test_live_push_internals.py``, which fails on an upgrade
that changes them): ``get_script_run_ctx()`` (``session_id``, ``query_string``, ``page_script_hash``,
``context_info``), ``ThreadState.get().fragment_id``, ``Runtime.instance()``/``Runtime.exists()``,
``Runtime.get_app_session``, ``AppSession.request_rerun``/``has_fragment``/``page_script_hash``, and
the ``ClientState`` proto. ``request_rerun`` must run on the server's event loop: the lifespan
hands it over with :func:`attach_loop`.

``QUIZ_APP_LIVE_UPDATES=poll`` keeps the former design (each page's fragment polls every 2 s),
so the benchmark can measure both in one run; without an attached loop (``streamlit run
quiz_app/app.py`` instead of ``server.py``) pages poll too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

from quiz_app.classroom.pubsub import KINDS, hub

POLL_SECONDS = 2.0  # the former design's poll, and the fallback without an event loop
_LOG = logging.getLogger(__name__)
_loop: asyncio.AbstractEventLoop | None = None


def attach_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Called by the lifespan with the server's event loop (None when the server stops)."""
    global _loop
    _loop = loop


def pushing() -> bool:
    """Whether pages get pushed updates (else they poll every :data:`POLL_SECONDS`)."""
    return os.environ.get("QUIZ_APP_LIVE_UPDATES", "push").strip().lower() != "poll" and _loop is not None


def run_every() -> float | None:
    """The ``run_every`` for a live page's watch fragment: None when pushed, else the poll interval."""
    return None if pushing() else POLL_SECONDS


@dataclass(frozen=True)
class _Target:
    session_id: str
    page_script_hash: str
    fragment_id: str
    request: bytes  # the serialised ClientState of the fragment rerun


def watch(quiz_id: int, kinds: Iterable[str] = KINDS, min_interval: float = 0.0) -> None:
    """Rerun the calling fragment when ``quiz_id`` has an event of ``kinds``. Call it inside the fragment,
    on every run; a no-op outside a server session (AppTest) or when polling."""
    if not pushing():
        return
    ctx = get_script_run_ctx(suppress_warning=True)
    fragment_id = ThreadState.get().fragment_id if ctx is not None else None
    if ctx is None or not fragment_id:
        return
    request = ClientState(fragment_id=fragment_id, page_script_hash=ctx.page_script_hash,
                          query_string=ctx.query_string, is_auto_rerun=True)
    if ctx.context_info is not None:
        request.context_info.CopyFrom(ctx.context_info)
    target = _Target(ctx.session_id, ctx.page_script_hash, fragment_id, request.SerializeToString())
    hub().subscribe(ctx.session_id, quiz_id, _Deliver(target), kinds, min_interval)


@dataclass(frozen=True)
class _Deliver:
    """The hub's callback for one session (equal when the target is: re-registering costs nothing)."""

    target: _Target

    def __call__(self, _topic: int, _kind: str) -> None:
        loop = _loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the server is going away
            loop.call_soon_threadsafe(_rerun, self.target)


def _rerun(target: _Target) -> None:
    """On the event loop: ask the session for a rerun of its watch fragment, or forget a session that left."""
    session = Runtime.instance().get_app_session(target.session_id) if Runtime.exists() else None
    if session is None or session.page_script_hash != target.page_script_hash \
            or not session.has_fragment(target.fragment_id):
        hub().unsubscribe(target.session_id)  # closed, on another page, or no longer watching
        return
    try:
        session.request_rerun(ClientState.FromString(target.request))
    except Exception:  # never let one session's trouble reach the loop
        _LOG.exception("could not rerun session %s", target.session_id)


def forget() -> None:
    """Stop pushing to this session (a page that shows no live quiz any more)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        hub().unsubscribe(ctx.session_id)
