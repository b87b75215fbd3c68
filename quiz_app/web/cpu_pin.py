"""One CPU for the whole server process, claimed so that servers on one machine take different ones.

Why. A Streamlit server runs Python on one core at a time (the interpreter lock), but its threads
hand the lock to each other many times per page: the event loop and a page's script thread wake
each other for every message. When the thread being woken sleeps on another core, the hand-over
waits for that core to wake up. On the 2-core benchmark machine a pushed question reached 200
students with the server process busy only 63-79 % of the time (its CPU time read from ``/proc``
during each push of ``bench_classroom.py``, a throwaway sampler); with the process on one core the
question's seen p95 fell from 1.29-1.56 s to 0.77-1.05 s in alternated runs, since nothing but
this process's own threads then waits for that core.

What. :func:`install` (the server's lifespan) claims a CPU of the ones this process may use, by
an exclusive lock on a file per CPU in the temporary folder (held until the process ends, so a
crashed server frees its CPU), and pins every thread of the process to it; threads started later
inherit it. ``QUIZ_APP_CPU`` chooses: ``auto`` (the default: the first unclaimed CPU; none left,
or a single CPU, leaves the process unpinned), ``off``, or a CPU number (pinned without a claim).
Off Linux (no ``os.sched_setaffinity``) it does nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SETTING = "QUIZ_APP_CPU"
_LOG = logging.getLogger(__name__)


class SettingError(ValueError):
    """``QUIZ_APP_CPU`` is not ``auto``, ``off`` or a CPU this process may use."""


def parse(value: str | None, allowed: Iterable[int]) -> int | str | None:
    """What ``QUIZ_APP_CPU`` asks for: a CPU number, ``"auto"``, or None (off)."""
    text = (value or "auto").strip().lower()
    if text in ("", "auto"):
        return "auto"
    if text in ("off", "none", "no", "false"):
        return None
    usable = sorted(allowed)
    if not text.isdigit() or int(text) not in usable:
        raise SettingError(f"{SETTING}={value!r}: use auto, off or one of the CPUs {usable}")
    return int(text)


def claim_first(cpus: Iterable[int], try_claim: Callable[[int], bool]) -> int | None:
    """The first CPU of ``cpus`` that ``try_claim`` wins, or None (one CPU only, or all taken)."""
    ordered = sorted(cpus)
    if len(ordered) < 2:
        return None  # nothing to gain, and the one CPU must stay usable by everything
    return next((cpu for cpu in ordered if try_claim(cpu)), None)


@dataclass
class Pin:
    """A pinned process: the CPU, the claim's open lock file, and the affinity to put back."""

    cpu: int
    before: set[int]
    lock: IO[bytes] | None


_pin: Pin | None = None


def _lock_path(cpu: int) -> Path:
    return Path(tempfile.gettempdir()) / f"quiz_app-cpu-{cpu}.lock"


def _try_lock(cpu: int, held: list[IO[bytes]]) -> bool:
    """Lock CPU ``cpu``'s file without waiting; the open file goes in ``held``."""
    try:
        handle = open(_lock_path(cpu), "ab")  # noqa: SIM115 - kept open for the process's life
    except OSError:
        return False  # another user's file, say: count the CPU as taken
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    held.append(handle)
    return True


def _set_all_threads(cpus: set[int]) -> None:
    """Give every thread of this process the affinity ``cpus`` (Linux sets it per thread)."""
    for task in os.listdir("/proc/self/task"):
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            os.sched_setaffinity(int(task), cpus)


def install(setting: str | None = None) -> int | None:
    """Pin this process to one CPU as ``QUIZ_APP_CPU`` says; the CPU, or None when not pinned.

    Idempotent. A bad setting is logged and leaves the process unpinned (the server still starts).
    """
    global _pin
    if _pin is not None:
        return _pin.cpu
    if not hasattr(os, "sched_setaffinity") or not os.path.isdir("/proc/self/task"):
        return None
    before = os.sched_getaffinity(0)
    try:
        wanted = parse(os.environ.get(SETTING) if setting is None else setting, before)
    except SettingError as error:
        _LOG.error("%s; the server runs unpinned", error)
        return None
    held: list[IO[bytes]] = []
    cpu = claim_first(before, lambda c: _try_lock(c, held)) if wanted == "auto" else wanted
    if cpu is None:
        return None
    _set_all_threads({cpu})
    _pin = Pin(cpu, set(before), held[0] if held else None)
    _LOG.info("server pinned to CPU %d (%s)", cpu, SETTING)
    return cpu


def uninstall() -> None:
    """Put the process's former affinity back and free its CPU's claim."""
    global _pin
    pin, _pin = _pin, None
    if pin is None:
        return
    _set_all_threads(pin.before)
    if pin.lock is not None:
        pin.lock.close()  # closing the file releases its lock


def pinned() -> int | None:
    """The CPU this process is pinned to by :func:`install`, or None."""
    return None if _pin is None else _pin.cpu
