"""One CPU for the server process (``quiz_app/web/cpu_pin.py``): the setting, the claim, the pin."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

from quiz_app.web import cpu_pin

linux_only = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")


@pytest.mark.parametrize(("value", "expected"), [
    (None, "auto"), ("", "auto"), ("auto", "auto"), (" AUTO ", "auto"),
    ("off", None), ("Off", None), ("none", None), ("no", None), ("false", None),
    ("0", 0), ("3", 3), (" 2 ", 2),
])
def test_the_setting_names_auto_off_or_a_cpu(value: str | None, expected: int | str | None) -> None:
    assert cpu_pin.parse(value, {0, 1, 2, 3}) == expected


@pytest.mark.parametrize("value", ["4", "-1", "1.5", "first", "0,1", "cpu0"])
def test_a_setting_that_is_not_a_usable_cpu_says_what_would_be(value: str) -> None:
    with pytest.raises(cpu_pin.SettingError) as error:
        cpu_pin.parse(value, {3, 0, 1, 2})
    assert str(error.value) == f"QUIZ_APP_CPU={value!r}: use auto, off or one of the CPUs [0, 1, 2, 3]"


def test_the_first_cpu_whose_claim_succeeds_is_taken_in_order() -> None:
    asked: list[int] = []

    def claim(cpu: int) -> bool:
        asked.append(cpu)
        return cpu == 2

    assert cpu_pin.claim_first({3, 2, 0}, claim) == 2
    assert asked == [0, 2]  # in order, and no further once one is won


def test_no_cpu_is_claimed_when_all_are_taken_or_there_is_only_one() -> None:
    assert cpu_pin.claim_first({0, 1}, lambda _cpu: False) is None
    asked: list[int] = []
    assert cpu_pin.claim_first({5}, lambda cpu: asked.append(cpu) or True) is None
    assert asked == []  # a lone CPU is never taken: everything else needs it too


@pytest.fixture
def lock_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cpu_pin, "_lock_path", lambda cpu: tmp_path / f"cpu-{cpu}.lock")
    return tmp_path


def test_a_claimed_cpu_cannot_be_claimed_again_until_its_file_is_closed(lock_folder: Path) -> None:
    first: list = []
    second: list = []
    assert cpu_pin._try_lock(1, first)
    assert not cpu_pin._try_lock(1, second) and second == []  # a second server on this machine
    assert cpu_pin._try_lock(0, second)  # another CPU is free
    first[0].close()  # the first server ended
    assert cpu_pin._try_lock(1, second)
    for handle in second:
        handle.close()


def test_an_unopenable_lock_file_counts_as_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu_pin, "_lock_path", lambda cpu: tmp_path / "missing-folder" / f"cpu-{cpu}.lock")
    held: list = []
    assert not cpu_pin._try_lock(0, held) and held == []


def _two_cpus() -> set[int]:
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        pytest.skip("pinning needs at least two CPUs")
    return allowed


def _affinity_of_a_thread_started_before(action) -> tuple[set[int], set[int]]:
    """The affinity a thread that was already running sees after ``action``, and this thread's."""
    ready, go, seen = threading.Event(), threading.Event(), {}

    def worker() -> None:
        ready.set()
        go.wait(10)
        seen["cpus"] = os.sched_getaffinity(0)

    thread = threading.Thread(target=worker)
    thread.start()
    ready.wait(10)
    action()
    go.set()
    thread.join(10)
    return seen["cpus"], os.sched_getaffinity(0)


@linux_only
def test_auto_pins_every_thread_to_one_claimed_cpu_and_uninstall_puts_all_back(lock_folder: Path) -> None:
    allowed = _two_cpus()
    try:
        older, mine = _affinity_of_a_thread_started_before(lambda: cpu_pin.install("auto"))
        cpu = cpu_pin.pinned()
        assert cpu in allowed and older == mine == {cpu}
        assert (lock_folder / f"cpu-{cpu}.lock").exists()
        assert not cpu_pin._try_lock(cpu, [])  # claimed while the server runs
        assert cpu_pin.install("auto") == cpu  # idempotent
        started_after: dict[str, set[int]] = {}
        later = threading.Thread(target=lambda: started_after.update(cpus=os.sched_getaffinity(0)))
        later.start()
        later.join(10)
        assert started_after["cpus"] == {cpu}  # threads started later inherit it
    finally:
        older, mine = _affinity_of_a_thread_started_before(cpu_pin.uninstall)
    assert older == mine == allowed and cpu_pin.pinned() is None
    held: list = []
    assert cpu_pin._try_lock(cpu, held)  # the claim went with it
    held[0].close()


@linux_only
def test_auto_leaves_the_process_unpinned_when_other_servers_hold_every_cpu(lock_folder: Path) -> None:
    allowed = _two_cpus()
    others: list = []
    try:
        for cpu in allowed:
            assert cpu_pin._try_lock(cpu, others)
        assert cpu_pin.install("auto") is None
        assert os.sched_getaffinity(0) == allowed and cpu_pin.pinned() is None
    finally:
        for handle in others:
            handle.close()


@linux_only
def test_a_named_cpu_is_pinned_without_a_claim_and_off_pins_nothing(lock_folder: Path) -> None:
    allowed = _two_cpus()
    cpu = max(allowed)
    assert cpu_pin.install("off") is None and os.sched_getaffinity(0) == allowed
    try:
        assert cpu_pin.install(str(cpu)) == cpu and os.sched_getaffinity(0) == {cpu}
        assert list(lock_folder.iterdir()) == []
    finally:
        cpu_pin.uninstall()
    assert os.sched_getaffinity(0) == allowed


@linux_only
def test_a_bad_setting_is_logged_and_the_server_runs_unpinned(monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    allowed = os.sched_getaffinity(0)
    monkeypatch.setenv(cpu_pin.SETTING, "fastest")
    with caplog.at_level(logging.ERROR, logger="quiz_app.web.cpu_pin"):
        assert cpu_pin.install() is None
    assert "QUIZ_APP_CPU='fastest': use auto, off or one of the CPUs" in caplog.text
    assert os.sched_getaffinity(0) == allowed
