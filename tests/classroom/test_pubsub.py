"""The in-process hub: topics, kinds, throttling with a trailing call, broken subscribers."""

from __future__ import annotations

import threading
import time

import pytest

from quiz_app.classroom.pubsub import Hub


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []
        self.event = threading.Event()

    def __call__(self, topic: int, kind: str) -> None:
        self.calls.append((topic, kind))
        self.event.set()

    def wait(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(self.calls) >= count, self.calls


def test_only_subscribers_of_that_quiz_and_kind_are_called() -> None:
    hub = Hub()
    teacher, student, other_quiz = Recorder(), Recorder(), Recorder()
    hub.subscribe("teacher", 1, teacher)
    hub.subscribe("student", 1, student, kinds={"state"})
    hub.subscribe("other", 2, other_quiz)
    hub.publish(1, "answer")
    hub.publish(1, "state")
    teacher.wait(2)
    student.wait(1)
    time.sleep(0.05)
    assert teacher.calls == [(1, "answer"), (1, "state")]
    assert student.calls == [(1, "state")]  # another student's answer does not rerun a student's page
    assert other_quiz.calls == []
    hub.publish(1, "sync")  # "look again" reaches everyone
    student.wait(2)


def test_a_burst_is_throttled_but_the_last_event_always_arrives() -> None:
    hub = Hub()
    dashboard = Recorder()
    hub.subscribe("dashboard", 7, dashboard, min_interval=0.2)
    for _ in range(50):
        hub.publish(7, "answer")
    dashboard.wait(1)
    assert len(dashboard.calls) == 1  # leading edge at once
    dashboard.wait(2, timeout=2)  # trailing edge after the interval
    time.sleep(0.3)
    assert len(dashboard.calls) == 2


def test_resubscribing_keeps_a_scheduled_trailing_call() -> None:
    hub = Hub()
    first, second = Recorder(), Recorder()
    hub.subscribe("page", 3, first, min_interval=0.2)
    hub.publish(3, "answer")
    hub.publish(3, "answer")  # schedules the trailing call
    first.wait(1)
    hub.subscribe("page", 3, second, min_interval=0.2)  # the page reran and registered again
    second.wait(1, timeout=2)
    assert len(first.calls) == 1 and len(second.calls) == 1


def test_unsubscribe_moving_to_another_quiz_and_topics() -> None:
    hub = Hub()
    page = Recorder()
    hub.subscribe("page", 1, page)
    hub.subscribe("page", 2, page)  # the same tab now shows quiz 2
    assert hub.topics() == {2} and hub.subscribers(1) == 0
    hub.publish(1, "state")
    hub.unsubscribe("page")
    hub.publish(2, "state")
    time.sleep(0.05)
    assert page.calls == [] and hub.topics() == set()


def test_a_failing_subscriber_does_not_stop_the_others(caplog) -> None:
    hub = Hub()
    good = Recorder()

    def broken(topic: int, kind: str) -> None:
        raise RuntimeError("boom")

    hub.subscribe("broken", 1, broken)
    hub.subscribe("good", 1, good)
    hub.publish(1, "state")  # the publisher never sees the error
    good.wait(1)
    hub.publish(1, "state")
    good.wait(2)


def test_unknown_kinds_are_refused() -> None:
    hub = Hub()
    with pytest.raises(ValueError):
        hub.publish(1, "gossip")
    with pytest.raises(ValueError):
        hub.subscribe("x", 1, Recorder(), kinds={"gossip"})


def test_generations_count_events_per_kind_and_sync_counts_for_all() -> None:
    hub = Hub()
    assert hub.generation(1, ["state"]) == (0, 0)
    hub.publish(1, "state")
    hub.publish(1, "answer")
    hub.publish(2, "state")  # another quiz
    assert hub.generation(1, ["state"]) == (1, 0)
    assert hub.generation(1, ["answer", "join"]) == (1, 0, 0)
    hub.publish(1, "sync")
    assert hub.generation(1, ["join"]) == (0, 1)  # "look again" makes every kind stale
    hub.touch(1, "join")  # no subscriber is called for a touch
    assert hub.generation(1, ["join"]) == (1, 1)
    assert hub.published == 4
