"""The background "has a pack changed?" check: answers without waiting, never overwrites newer news."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from quiz_app.ui.freshness import Freshness


def eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll ``condition`` until true (the background thread runs on its own clock)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Counter:
    """A ``look`` that returns how many times it was called."""

    def __init__(self) -> None:
        self.calls = 0
        self.threads: set[str] = set()

    def __call__(self) -> int:
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        return self.calls


@pytest.fixture
def counter() -> Counter:
    return Counter()


def test_first_get_looks_inline_then_answers_from_memory(counter: Counter) -> None:
    fresh = Freshness("k", counter, interval=60)
    assert fresh.get() == 1
    assert fresh.get() == 1 and fresh.get() == 1
    assert counter.calls == 1 and counter.threads == {threading.current_thread().name}
    fresh.close()


def test_the_thread_keeps_the_answer_fresh(counter: Counter) -> None:
    fresh = Freshness("k", counter, interval=0.02)
    fresh.get()
    assert fresh.watching
    assert eventually(lambda: fresh.get() >= 3)
    assert "quiz-app-freshness" in counter.threads  # looked at by the thread, not by get()
    fresh.close()
    assert eventually(lambda: not fresh.watching)


def test_refresh_makes_the_next_get_look_at_once(counter: Counter) -> None:
    fresh = Freshness("k", counter, interval=60)
    assert fresh.get() == 1
    fresh.refresh()
    assert fresh.get() == 2
    fresh.close()


def test_a_look_begun_before_refresh_does_not_overwrite_a_newer_one() -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def look() -> str:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            return "old"
        if calls[-1] == "quiz-app-freshness" and not release.is_set():
            started.set()
            release.wait(10)
            return "stale"
        return "new"

    fresh = Freshness("k", look, interval=0.5)  # answers count as recent for 1.5 s
    assert fresh.get() == "old"
    assert started.wait(10)  # the thread is looking...
    fresh.refresh()  # ...when a save asks for a fresh look
    assert fresh.get() == "new"
    fresh.close()
    release.set()
    assert eventually(lambda: not fresh.watching)
    assert fresh.get() == "new"
    assert calls.count("quiz-app-freshness") == 1  # so this get answered from memory


def test_the_thread_stops_when_nobody_asks_and_starts_again(counter: Counter) -> None:
    fresh = Freshness("k", counter, interval=0.01, idle=0.05)
    fresh.get()
    assert eventually(lambda: not fresh.watching)
    calls = counter.calls
    time.sleep(0.05)
    assert counter.calls == calls  # no polling while idle
    fresh.get()
    assert fresh.watching
    fresh.close()


def test_a_failing_look_in_the_thread_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def look() -> int:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("database restarting")
        return len(calls)

    fresh = Freshness("k", look, interval=0.01)
    assert fresh.get() == 1
    assert eventually(lambda: fresh.get() >= 3)  # the thread survived the failure
    fresh.close()
    assert "checking the question packs for changes failed" in caplog.text


def test_a_stale_answer_is_looked_at_inline(counter: Counter) -> None:
    fresh = Freshness("k", counter, interval=0.01, idle=0.0)  # the thread stops at once: answers go stale
    fresh.get()
    assert eventually(lambda: not fresh.watching)
    time.sleep(0.05)  # older than 3 intervals
    before = counter.calls
    fresh.get()
    assert counter.calls == before + 1
    fresh.close()
