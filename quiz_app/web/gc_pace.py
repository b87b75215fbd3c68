"""Full garbage collections at quiet moments, not in the middle of a class's pushed pages.

Why. CPython's automatic full (generation 2) collection holds the interpreter for the whole pass.
With 200 students on one server it ran every 5-10 s and took 150-260 ms each time (a throwaway
``gc.callbacks`` timer in the server during ``bench_classroom.py``, not committed). A question is
pushed to a class about as often, so most pushes to a class had every later page wait for one.

What. :func:`install` (called by the server's lifespan) switches off the automatic full collection
only. The young generations still collect as usual, so most garbage goes as before. A check on
the server's event loop every :data:`CHECK_SECONDS` then runs the full collection when
:func:`due` says so: once the server has pushed no page for :data:`QUIET_SECONDS` and the last
full collection was at least :data:`MIN_GAP` ago, or after :data:`MAX_GAP` whatever the server is
doing, so memory is always reclaimed; and, as CPython's own rule, only once the middle generation
has been collected :data:`PROMOTED` times since (an idle server is left alone). :func:`uninstall`
puts CPython's thresholds back.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable

CHECK_SECONDS = 0.5
QUIET_SECONDS = 0.2  # no pushed page for this long: the last push to the class is over
MIN_GAP = 15.0  # CPython's own full collections came every 5-10 s under load
MAX_GAP = 60.0  # a server that is never quiet still collects this often
PROMOTED = 10  # CPython's default threshold for the oldest generation
_NEVER = 2**31 - 1  # a generation-2 threshold no count reaches
_LOG = logging.getLogger(__name__)


def due(now: float, last: float, quiet_for: float, promoted: int) -> bool:
    """Whether to run a full collection now (times in seconds on one clock).

    ``last``: when the last one ran. ``quiet_for``: how long the server has pushed no page.
    ``promoted``: the middle generation's collections since (``gc.get_count()[2]``); CPython's
    own rule waits for :data:`PROMOTED` of them, and an idle server, which makes none, is left alone.
    """
    if promoted < PROMOTED:
        return False
    since = now - last
    return since >= MAX_GAP or (since >= MIN_GAP and quiet_for >= QUIET_SECONDS)


class _Pacer:
    """The check on the event loop: one per server process."""

    def __init__(self, loop: asyncio.AbstractEventLoop, quiet_for: Callable[[], float]) -> None:
        self.loop = loop
        self.quiet_for = quiet_for
        self.last = time.monotonic()
        self.thresholds = gc.get_threshold()
        self.handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        young, middle, _ = self.thresholds
        gc.set_threshold(young, middle, _NEVER)
        self.handle = self.loop.call_later(CHECK_SECONDS, self.check)

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        gc.set_threshold(*self.thresholds)

    def check(self) -> None:
        now = time.monotonic()
        try:
            if due(now, self.last, self.quiet_for(), gc.get_count()[2]):
                began = time.perf_counter()
                found = gc.collect(2)
                self.last = time.monotonic()
                _LOG.debug("full collection: %d objects in %.0f ms", found, 1000 * (time.perf_counter() - began))
        except Exception:  # the check must go on whatever happens: memory depends on it
            _LOG.exception("garbage collection check failed")
        if not self.loop.is_closed():
            self.handle = self.loop.call_later(CHECK_SECONDS, self.check)


_pacer: _Pacer | None = None


def install(loop: asyncio.AbstractEventLoop, quiet_for: Callable[[], float]) -> None:
    """Pace full collections on ``loop``; ``quiet_for()`` says how long no page has been pushed (s)."""
    global _pacer
    uninstall()
    _pacer = _Pacer(loop, quiet_for)
    _pacer.start()


def uninstall() -> None:
    """Stop pacing and give CPython back its own thresholds (a no-op when not installed)."""
    global _pacer
    if _pacer is not None:
        _pacer.stop()
        _pacer = None
