"""``streamlit run benchmarks/bare_live_server.py``: the floor app of bench_classroom.py behind ``st.App``.

``POST /bump`` publishes one event to topic 1 of the hub (what a teacher's click does), and the
lifespan hands the event loop to ``quiz_app/ui/live_push`` as the quiz app's does; every open
``bare_live_app.py`` page is then rerun by the server.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from quiz_app.classroom.pubsub import hub  # noqa: E402
from quiz_app.ui import live_push  # noqa: E402


async def _bump(_request: Request) -> PlainTextResponse:
    hub().publish(1, "state")
    return PlainTextResponse(str(hub().generation(1, ["state"])[0]))


@asynccontextmanager
async def _lifespan(_app: Any) -> AsyncIterator[dict[str, Any]]:
    live_push.attach_loop(asyncio.get_running_loop())
    try:
        yield {}
    finally:
        live_push.attach_loop(None)


app = st.App(Path(__file__).resolve().parent / "bare_live_app.py", routes=[Route("/bump", _bump, methods=["POST"])],
             lifespan=_lifespan)
