"""Reads every student's page of a live quiz makes alike, made once per server until the quiz changes.

A teacher's click reruns every student page of the quiz (``quiz_app/ui/live_push``): without
this, 200 pages read the same quiz row, seat count and leaderboard 200 times, one after another.
:func:`cached` keeps each such value with the hub's *generation* of the kinds of event that can
change it (``classroom/pubsub``): the value is served while no such event has been published in
this process since it was read. Events are published (or the generation touched) right after
this process commits a change, and on arrival from other servers, so a change is never missed.

The cache is used only where this process hears every change of the quiz: on PostgreSQL while
the listener's ``LISTEN`` connection is up (otherwise a notification lost meanwhile would leave a
value stale: every read goes to the database until it reconnects, and its reconnect publishes
``sync``, which raises every generation); on SQLite (one server) for a quiz some page here
watches, since the safety poll brings another process's change (a script, a test) only for those.
With ``QUIZ_APP_LIVE_UPDATES=poll`` nothing is watched and every read goes to the database.
Writes never read from here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from quiz_app.classroom.pubsub import hub
from quiz_app.store import live_events
from quiz_app.store.store import Store

T = TypeVar("T")
_MAX_ENTRIES = 4096
_values: dict[tuple[Hashable, ...], tuple[tuple[int, ...], Any]] = {}
_lock = threading.Lock()
hits = 0  # served from the cache (for tests and benchmarks)
misses = 0


def trusted(store: Store, quiz_id: int) -> bool:
    """Whether this process hears every change of ``quiz_id`` right now (see the module docstring)."""
    if store.engine.dialect.name == "postgresql":
        return live_events.listening()
    return hub().subscribers(quiz_id) > 0  # watched: the safety poll brings other processes' changes


def cached(store: Store, quiz_id: int, name: str, kinds: Iterable[str], load: Callable[[], T],
           *args: Hashable) -> T:
    """``load()``, or the value it gave for (``quiz_id``, ``name``, ``args``) if no event of ``kinds``
    happened to the quiz since. ``load`` must read only what those kinds of event change."""
    global hits, misses
    kinds = tuple(kinds)
    if not trusted(store, quiz_id):
        return load()
    key = (store.serial, quiz_id, name, *args)
    generation = hub().generation(quiz_id, kinds)  # before the read: an event during it makes it stale
    with _lock:
        entry = _values.get(key)
        if entry is not None and entry[0] == generation:
            hits += 1
            return entry[1]
    value = load()
    with _lock:
        misses += 1
        if len(_values) >= _MAX_ENTRIES:
            _values.clear()
        _values[key] = (generation, value)
    return value
