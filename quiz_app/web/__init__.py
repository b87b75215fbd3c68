"""The app's own HTTP routes and process lifespan, mounted beside Streamlit's by ``quiz_app/server.py``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

from quiz_app.web import media


async def _health(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def routes() -> list[BaseRoute]:
    """Routes served next to Streamlit's (which own ``/_stcore/``, ``/media/``, ``/component/``, ``/app/static/``)."""
    return [Route("/api/health", _health), Route("/api/media/{name}", media.serve)]


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[dict[str, Any]]:
    """Start and stop process-wide background work with the server."""
    yield {}
