"""The app's own HTTP routes and process lifespan, mounted beside Streamlit's by ``quiz_app/server.py``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

from quiz_app.web import auth, media


async def _health(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def routes() -> list[BaseRoute]:
    """Routes served next to Streamlit's (which own ``/_stcore/``, ``/media/``, ``/component/``, ``/app/static/``)."""
    return [Route("/api/health", _health), Route("/api/media/{name}", media.serve), *auth.routes()]


def _fingerprints(quiz_ids: set[int]) -> dict[int, Any]:
    from quiz_app.store import classroom as rooms
    from quiz_app.ui.resources import get_store

    return rooms.fingerprints(get_store(), quiz_ids)


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[dict[str, Any]]:
    """Start process-wide work with the server: the live-updates listener (one per process), pushed
    reruns (``ui/live_push``), the send clock (``ui/sent_clock``), paced full garbage collections
    (``web/gc_pace``), the theme built once (``web/theme_cache``) and one CPU for the process
    (``web/cpu_pin``).

    Its shutdown part may never run: SIGTERM ends ``streamlit run quiz_app/server.py`` at once, so
    the listener is a daemon thread and nothing relies on stopping it.
    """
    from quiz_app.store.db import database_url
    from quiz_app.store.live_events import ensure_watcher
    from quiz_app.ui import live_push, sent_clock
    from quiz_app.web import cpu_pin, gc_pace, theme_cache

    loop = asyncio.get_running_loop()  # the loop Streamlit's runtime runs on
    live_push.attach_loop(loop)
    sent_clock.install(loop)
    gc_pace.install(loop, live_push.quiet_for)
    theme_cache.install()
    cpu_pin.install()
    watcher = ensure_watcher(database_url(), _fingerprints)
    try:
        yield {}
    finally:
        live_push.attach_loop(None)
        sent_clock.install(None)
        gc_pace.uninstall()
        theme_cache.uninstall()
        cpu_pin.uninstall()
        watcher.stop()
