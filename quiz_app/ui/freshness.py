"""Has a pack changed? Answered by a background thread, so that no click waits for the answer.

Every click reruns the page script; stating every pack file and querying the database for the
teacher packs' revision on each run cost a measurable share of a click. A :class:`Freshness`
keeps the latest answer, refreshed every ``interval`` seconds by a daemon thread while pages keep
asking, and looks inline only when it has no recent answer (first use, after :meth:`refresh`,
after an idle spell, or when the thread fell behind). No Streamlit here: plain Python, unit-tested.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger("quiz_app")


class Freshness(Generic[T]):
    """The latest result of ``look()``, at most about ``interval`` seconds old while in use.

    ``look`` must not return None (None means "no answer yet"). ``key`` names what is looked at
    (the owner replaces the object when it changes). The thread stops after ``idle`` seconds
    without a :meth:`get` or after :meth:`close`; a later :meth:`get` looks inline and starts it
    again.
    """

    def __init__(self, key: Hashable, look: Callable[[], T], interval: float = 1.0, idle: float = 30.0) -> None:
        self.key = key
        self.interval = interval
        self.idle = idle
        self._look = look
        self._lock = threading.Lock()
        self._value: T | None = None
        self._at = 0.0  # time.monotonic() when _value was looked at
        self._asked = time.monotonic()
        self._generation = 0  # bumped by refresh(): a look begun earlier must not overwrite a newer one
        self._closed = False
        self._thread: threading.Thread | None = None

    def get(self) -> T:
        """The latest answer; looks now (in the caller's thread) if there is no recent one."""
        now = time.monotonic()
        self._asked = now
        with self._lock:
            value, at, generation = self._value, self._at, self._generation
        if value is None or now - at > 3 * self.interval:
            value = self._look()
            self._keep(generation, value)
        self._ensure_thread()
        return value

    def refresh(self) -> None:
        """Forget the answer: the next :meth:`get` looks inline (call after saving a change)."""
        with self._lock:
            self._generation += 1
            self._value = None

    def close(self) -> None:
        """Stop the thread (at its next tick)."""
        self._closed = True

    @property
    def watching(self) -> bool:
        """Whether the background thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def _keep(self, generation: int, value: T) -> None:
        with self._lock:
            if generation == self._generation:
                self._value, self._at = value, time.monotonic()

    def _ensure_thread(self) -> None:
        if self.watching or self._closed:
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="quiz-app-freshness", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._closed and time.monotonic() - self._asked < self.idle:
            time.sleep(self.interval)
            with self._lock:
                generation = self._generation
            try:
                self._keep(generation, self._look())
            except Exception:  # a database hiccup: the next tick (or an inline look) tries again
                log.exception("checking the question packs for changes failed")
