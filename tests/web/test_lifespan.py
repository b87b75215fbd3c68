"""The server's lifespan (``quiz_app/web``) installs its process-wide parts and takes them away again."""

from __future__ import annotations

import asyncio
import gc
import os

from streamlit.runtime import app_session
from streamlit.runtime.app_session import AppSession

from quiz_app.ui import live_push, sent_clock
from quiz_app.web import cpu_pin, gc_pace, lifespan, theme_cache


def test_the_lifespan_paces_collections_builds_the_theme_once_pins_a_cpu_and_undoes_all(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    allowed = os.sched_getaffinity(0)
    cpu = max(allowed)  # named, not auto: servers of other tests may hold the claims meanwhile
    monkeypatch.setenv(cpu_pin.SETTING, str(cpu))
    # sent_clock's wrappers stay on the runtime (by design): put its own methods back afterwards,
    # tests/ui/test_live_push_internals.py reads them
    monkeypatch.setattr(AppSession, "flush_browser_queue", AppSession.flush_browser_queue)
    monkeypatch.setattr(AppSession, "on_flushed_messages_sent", AppSession.on_flushed_messages_sent)
    monkeypatch.setattr(sent_clock, "_original", None)
    thresholds, populate = gc.get_threshold(), app_session._populate_theme_msg
    inside: dict[str, object] = {}

    async def serve() -> None:
        async with lifespan(None):
            inside.update(full=gc.get_threshold()[2], populate=app_session._populate_theme_msg,
                          pushing=live_push.pushing(), pacer=gc_pace._pacer,
                          pinned=cpu_pin.pinned(), cpus=os.sched_getaffinity(0))

    asyncio.run(serve())
    assert inside["full"] > 10**9 and inside["pacer"] is not None
    assert inside["populate"] is theme_cache._cached and inside["pushing"]
    assert gc.get_threshold() == thresholds and app_session._populate_theme_msg is populate
    assert gc_pace._pacer is None and not live_push.pushing()
    assert inside["pinned"] == cpu and inside["cpus"] == {cpu}
    assert cpu_pin.pinned() is None and os.sched_getaffinity(0) == allowed
