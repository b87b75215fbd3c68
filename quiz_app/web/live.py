"""``POST /api/live/shown``: a student's browser says when it drew a live question (fair timing).

The page sends ``{"seat": <seat token>, "question": <question id>}`` from a small script drawn with
the question (``screens/classroom/join.py``), once per question and tab. The moment taken is when
this server starts on the request, before any database work. A request from another site gets
403; one that does not name a seat and that quiz's open question gets 204 like the rest and stores
nothing. The seat token is in the body, never in a URL.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from quiz_app.store.schema import utcnow
from quiz_app.web.auth import same_origin

PATH = "/api/live/shown"
_MAX_BODY = 1_024


def _confirm(seat_token: str, question_id: str, now: object) -> bool:
    from quiz_app.store import classroom as rooms
    from quiz_app.ui.resources import get_store

    return rooms.confirm_shown(get_store(), seat_token, question_id, now)  # type: ignore[arg-type]


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
    if parsed is not None:
        await run_in_threadpool(_confirm, *parsed, now)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


def routes() -> list[BaseRoute]:
    return [Route(PATH, shown, methods=["POST"])]
