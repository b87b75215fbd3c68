"""``POST /api/live/shown``: a student's browser says when it drew a live question (fair timing).

The page sends ``{"seat": <seat token>, "question": <question id>}`` from a small script drawn with
the question (``screens/classroom/join.py``), once per question and tab. The moment taken is when
this server starts on the request. A request from another site gets 403; anything else gets 204.

The requests of a class come all together, while the server is still drawing the question on the
other students' pages, so the moments are held in memory and written together a moment later
(:data:`FLUSH_SECONDS`, ``rooms.confirm_many``): a database write per request in that burst made
the last pages of a class of 200 see the question about a second later (bench_classroom.py). A
student's own answer first writes what is held for them (:func:`flush`); a moment lost with the
process leaves the server's own record of when it drew the page. Moments that do not name a seat
and that quiz's open question are dropped there. The seat token is in the body, never in a URL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import threading

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from quiz_app.store.schema import utcnow
from quiz_app.web.auth import same_origin

PATH = "/api/live/shown"
FLUSH_SECONDS = 0.25
_MAX_BODY = 1_024
_MAX_HELD = 10_000  # beyond this (a flood), moments are dropped: the server's own records stand
_LOG = logging.getLogger(__name__)
_held: list[tuple[str, str, dt.datetime]] = []
_lock = threading.Lock()
_flush_due = False


def parse(body: bytes) -> tuple[str, str] | None:
    """(seat token, question id) from the request body, or None when it is not what the page sends."""
    if len(body) > _MAX_BODY:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    seat, question = data.get("seat"), data.get("question")
    if not (isinstance(seat, str) and isinstance(question, str) and 0 < len(seat) <= 64 and 0 < len(question) <= 80):
        return None
    return seat, question


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
    except Exception:  # the server's own records stand; a student never sees this
        _LOG.exception("could not record %d drawn-question moments", len(moments))
        return 0


def _schedule_flush() -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(FLUSH_SECONDS, lambda: loop.run_in_executor(None, flush))


async def _body(request: Request) -> bytes:
    """The body, or b"" as soon as it is longer than the page ever sends (never read whole)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _MAX_BODY:
            return b""
    return body


async def shown(request: Request) -> Response:
    now = utcnow()  # first: the browser's moment, as near as this server can tell
    if not same_origin(request):
        return Response(status_code=403)
    parsed = parse(await _body(request))
    if parsed is not None and hold(*parsed, now):
        _schedule_flush()
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


def routes() -> list[BaseRoute]:
    return [Route(PATH, shown, methods=["POST"])]
