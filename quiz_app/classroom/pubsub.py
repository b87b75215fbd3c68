"""A small in-process publish/subscribe hub: "quiz 12 changed" reaches the pages showing quiz 12.

Pure Python, no Streamlit: the store publishes here (directly on SQLite, through PostgreSQL's
``LISTEN``/``NOTIFY`` on PostgreSQL, see ``quiz_app.store.live_events``), and the page glue
(``quiz_app.ui.live_push``) subscribes one callback per browser session.

Contract:

- a *topic* is a quiz id; an *event kind* is one of :data:`KINDS` (``state``: a teacher action;
  ``join``: a student took a seat; ``answer``: an answer was recorded; ``sync``: "look again",
  after a reconnect or a missed notification);
- a subscriber names the kinds it cares about (a student's page ignores other students' answers)
  and a ``min_interval``: the callback runs at once for the first event, then at most once per
  interval, and always once after the last event of a burst (leading and trailing edge), so 200
  answers in a second cost the teacher's page a handful of reruns, not 200;
- callbacks run on the hub's own daemon thread and must be quick (schedule work, never do it);
  an exception in one is logged and never reaches the publisher or other subscribers;
- re-subscribing with the same ``key`` replaces the earlier subscription (a page registers
  itself on every run);
- every topic has a *generation* per kind, raised by each event of that kind (``sync`` raises
  them all) and by :meth:`Hub.touch`, before any callback runs: a value read from the database
  at generation g is still current while the generation is g (``quiz_app.store.snapshots``).
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

KINDS = frozenset({"state", "join", "answer", "sync"})
_LOG = logging.getLogger(__name__)


@dataclass
class _Subscription:
    key: Hashable
    topic: int
    kinds: frozenset[str]
    callback: Callable[[int, str], None]
    min_interval: float
    last_call: float = float("-inf")  # monotonic time of the latest callback
    due: float | None = None  # a trailing call is scheduled for this time
    pending_kind: str = ""


@dataclass(order=True)
class _Wakeup:
    at: float
    serial: int
    key: Hashable = field(compare=False)


class Hub:
    """Subscriptions by topic, and a daemon thread that runs the callbacks (throttled per subscriber)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Condition()
        self._by_key: dict[Hashable, _Subscription] = {}
        self._by_topic: dict[int, set[Hashable]] = {}
        self._ready: list[tuple[_Subscription, str]] = []  # calls to make now, in order
        self._timers: list[_Wakeup] = []
        self._serial = 0
        self._thread: threading.Thread | None = None
        self.published = 0  # events published (for tests and benchmarks)
        self.delivered = 0  # callbacks made
        self._generations: dict[tuple[int, str], int] = {}

    # --- subscribing

    def subscribe(self, key: Hashable, topic: int, callback: Callable[[int, str], None],
                  kinds: Iterable[str] = KINDS, min_interval: float = 0.0) -> None:
        """Call ``callback(topic, kind)`` for events of ``kinds`` on ``topic``; replaces ``key``'s earlier one."""
        wanted = frozenset(kinds) | {"sync"}
        if not wanted <= KINDS:
            raise ValueError(f"unknown event kinds: {sorted(wanted - KINDS)}")
        with self._lock:
            old = self._by_key.get(key)
            if old is not None and old.topic == topic:
                # a page re-registering on each run: keep its throttle state (a scheduled trailing call stays)
                old.kinds, old.callback, old.min_interval = wanted, callback, min_interval
                return
            self._remove(key)
            self._by_key[key] = _Subscription(key, topic, wanted, callback, min_interval)
            self._by_topic.setdefault(topic, set()).add(key)

    def unsubscribe(self, key: Hashable, callback: Callable[[int, str], None] | None = None) -> None:
        """Forget ``key``'s subscription (only if its callback is still ``callback``, when given: a
        late delivery for an earlier registration must not remove a newer one)."""
        with self._lock:
            sub = self._by_key.get(key)
            if sub is not None and (callback is None or sub.callback == callback):
                self._remove(key)

    def callback_of(self, key: Hashable) -> Callable[[int, str], None] | None:
        """The current callback of ``key``'s subscription, if any."""
        with self._lock:
            sub = self._by_key.get(key)
            return sub.callback if sub is not None else None

    def _remove(self, key: Hashable) -> None:
        sub = self._by_key.pop(key, None)
        if sub is not None:
            keys = self._by_topic.get(sub.topic)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_topic[sub.topic]

    def topics(self) -> set[int]:
        """Topics with at least one subscriber (the safety poll looks only at these)."""
        with self._lock:
            return set(self._by_topic)

    def subscribers(self, topic: int) -> int:
        with self._lock:
            return len(self._by_topic.get(topic, ()))

    # --- generations

    def generation(self, topic: int, kinds: Iterable[str]) -> tuple[int, ...]:
        """How many events of each of ``kinds`` (and ``sync``) ``topic`` has had in this process."""
        with self._lock:
            return tuple(self._generations.get((topic, kind), 0) for kind in (*kinds, "sync"))

    def touch(self, topic: int, kind: str) -> None:
        """Raise ``topic``'s generation for ``kind`` without calling anyone (a change this process made
        and will hear of again through PostgreSQL: what it cached is stale from now on)."""
        with self._lock:
            self._bump(topic, kind)

    def _bump(self, topic: int, kind: str) -> None:
        self._generations[(topic, kind)] = self._generations.get((topic, kind), 0) + 1

    # --- publishing

    def publish(self, topic: int, kind: str) -> None:
        """Tell the subscribers of ``topic`` that something of ``kind`` happened. Never blocks on callbacks."""
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        with self._lock:
            self._bump(topic, kind)
        with self._lock:
            self.published += 1
            now = self._clock()
            for key in self._by_topic.get(topic, ()):
                sub = self._by_key[key]
                if kind not in sub.kinds:
                    continue
                if sub.due is not None:
                    continue  # a trailing call is already scheduled: it will see this change too
                wait = sub.last_call + sub.min_interval - now
                if wait <= 0:
                    sub.last_call = now
                    self._ready.append((sub, kind))
                else:
                    sub.due, sub.pending_kind = now + wait, kind
                    self._serial += 1
                    heapq.heappush(self._timers, _Wakeup(sub.due, self._serial, key))
            if self._ready or self._timers:
                self._ensure_thread()
                self._lock.notify()

    # --- the delivery thread

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            # a daemon: the server may be killed at any moment (SIGTERM ends it at once), nothing waits for it
            self._thread = threading.Thread(target=self._run, name="quiz-live-hub", daemon=True)
            self._thread.start()

    def _take(self) -> list[tuple[_Subscription, str]]:
        with self._lock:
            while True:
                now = self._clock()
                while self._timers and self._timers[0].at <= now:
                    wake = heapq.heappop(self._timers)
                    sub = self._by_key.get(wake.key)
                    if sub is None or sub.due != wake.at:
                        continue  # unsubscribed or replaced meanwhile
                    sub.due, sub.last_call = None, now
                    self._ready.append((sub, sub.pending_kind))
                if self._ready:
                    ready, self._ready = self._ready, []
                    return ready
                timeout = self._timers[0].at - now if self._timers else None
                self._lock.wait(timeout)

    def _run(self) -> None:
        while True:
            for sub, kind in self._take():
                try:
                    sub.callback(sub.topic, kind)
                    self.delivered += 1
                except Exception:  # one broken subscriber must not stop the others
                    _LOG.exception("live update callback failed for %r", sub.key)


_HUB = Hub()


def hub() -> Hub:
    """The process-wide hub (every server process has one; servers are linked through PostgreSQL)."""
    return _HUB
