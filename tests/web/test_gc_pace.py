"""Paced full garbage collections (``quiz_app/web/gc_pace.py``): when they run, and what they leave."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref

import pytest

from quiz_app.web import gc_pace


@pytest.mark.parametrize(("since", "quiet_for", "promoted", "expected"), [
    (gc_pace.MIN_GAP - 1, 10.0, 50, False),  # too soon after the last one, however quiet
    (gc_pace.MIN_GAP, gc_pace.QUIET_SECONDS, 50, True),  # quiet long enough
    (gc_pace.MIN_GAP + 5, gc_pace.QUIET_SECONDS / 2, 50, False),  # pages are being pushed: wait
    (gc_pace.MIN_GAP + 5, 0.0, 50, False),
    (gc_pace.MAX_GAP, 0.0, 50, True),  # never quiet: memory comes first
    (gc_pace.MAX_GAP + 100, 0.0, gc_pace.PROMOTED, True),
    (gc_pace.MAX_GAP + 100, 10.0, gc_pace.PROMOTED - 1, False),  # idle: nothing new to look at
    (gc_pace.MIN_GAP, 10.0, 0, False),
])
def test_a_full_collection_waits_for_a_quiet_moment_but_not_for_ever(since: float, quiet_for: float,
                                                                       promoted: int, expected: bool) -> None:
    assert gc_pace.due(1000.0 + since, 1000.0, quiet_for, promoted) is expected


def test_install_stops_only_the_automatic_full_collection_and_uninstall_gives_it_back() -> None:
    before = gc.get_threshold()
    loop = asyncio.new_event_loop()
    try:
        gc_pace.install(loop, lambda: 0.0)
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full > 10**9  # the young generations collect as before
        gc_pace.install(loop, lambda: 0.0)  # again (a second lifespan start): still one pacer, same thresholds
        assert gc.get_threshold()[:2] == before[:2]
    finally:
        gc_pace.uninstall()
        loop.close()
    assert gc.get_threshold() == before
    gc_pace.uninstall()  # a second time: nothing to do
    assert gc.get_threshold() == before


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_pacer_collects_on_the_loop_once_quiet_and_not_while_pages_are_pushed(monkeypatch) -> None:
    monkeypatch.setattr(gc_pace, "CHECK_SECONDS", 0.02)
    monkeypatch.setattr(gc_pace, "MIN_GAP", 0.0)
    busy = threading.Event()
    busy.set()
    runs: list[int] = []
    monkeypatch.setattr(gc_pace.gc, "collect", lambda generation=2: runs.append(generation) or 0)
    monkeypatch.setattr(gc_pace.gc, "get_count", lambda: (0, 0, gc_pace.PROMOTED))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        loop.call_soon_threadsafe(gc_pace.install, loop, lambda: 0.0 if busy.is_set() else 10.0)
        time.sleep(0.3)
        assert runs == []  # pushing all along: no full collection
        busy.clear()
        deadline = time.monotonic() + 5
        while not runs and time.monotonic() < deadline:
            time.sleep(0.01)
        assert runs and set(runs) == {2}
    finally:
        loop.call_soon_threadsafe(gc_pace.uninstall)
        time.sleep(0.05)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


def test_a_paced_full_collection_frees_cycles_the_young_generations_kept() -> None:
    loop = asyncio.new_event_loop()
    try:
        gc_pace.install(loop, lambda: 10.0)
        gc.collect(1)
        cycle = _Cycle()
        gc.collect(1)  # survives the young generations: now it is in the oldest one
        gc.collect(1)
        ref = weakref.ref(cycle)
        del cycle
        gc.collect(1)
        assert ref() is not None  # only a full collection reaches it, and none runs by itself
        gc_pace._pacer.last = -1e9  # long ago
        while gc.get_count()[2] < gc_pace.PROMOTED:  # and the middle generation collected often enough
            gc.collect(1)
        gc_pace._pacer.check()
        assert ref() is None
    finally:
        gc_pace.uninstall()
        loop.close()
