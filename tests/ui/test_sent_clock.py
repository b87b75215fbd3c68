"""``ui/sent_clock``: a page's question is stamped once its messages have left the server, then written."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from streamlit.runtime.app_session import AppSession

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import utcnow
from quiz_app.ui import sent_clock


@pytest.fixture
def open_question(store: Store, monkeypatch):
    monkeypatch.setattr("quiz_app.ui.resources.get_store", lambda: store)
    teacher = teachers.add(store, "Teacher", "a long password")
    quiz = rooms.create(store, teacher.id, "Clock", "sample", ["q1"], "live", timer_seconds=20)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip-1")
    _, bob = rooms.join(store, quiz.code, "Bob", "ip-2")
    rooms.act(store, quiz.id, teacher.id, "start")
    yield store, quiz, alice, bob
    sent_clock.flush()
    sent_clock._pending.clear()


def test_a_page_is_stamped_once_the_messages_taken_after_it_asked_are_sent(open_question, monkeypatch) -> None:
    store, quiz, alice, _ = open_question
    loop = asyncio.new_event_loop()
    monkeypatch.setattr(sent_clock, "_loop", loop)
    ran = utcnow() - dt.timedelta(seconds=1)
    rooms.mark_shown(store, quiz.id, alice.id, "q1", now=ran)  # the run's own record
    sent_clock.sent("session-a")  # a send that was under way before the page asked: nothing
    sent_clock._pending["session-a"] = (quiz.id, alice.id, "q1")  # what stamp_when_sent leaves
    sent_clock.sent("session-a")  # its messages were not taken yet: not yet
    assert sent_clock.flush() == 0
    sent_clock.taking("session-a")
    before = utcnow()
    sent_clock.sent("session-a")
    sent_clock.sent("session-a")  # a later send of the same page changes nothing
    assert sent_clock.flush() == 1
    assert rooms.shown_at(store, alice.id, "q1") >= before > ran
    loop.close()


def test_an_answer_writes_its_own_students_moment_first(open_question) -> None:
    store, quiz, alice, bob = open_question
    now = utcnow()
    sent_clock.hold((quiz.id, alice.id, "q1"), now)
    sent_clock.hold((quiz.id, bob.id, "q1"), now)
    assert sent_clock.flush(alice.id) == 1
    assert rooms.shown_at(store, alice.id, "q1") is not None and rooms.shown_at(store, bob.id, "q1") is None
    assert sent_clock.flush() == 1 and rooms.shown_at(store, bob.id, "q1") is not None
    assert sent_clock.flush() == 0


def test_a_failing_write_loses_the_moments_but_never_raises(open_question, monkeypatch) -> None:
    _, quiz, alice, _ = open_question

    def broken(*_args):
        raise RuntimeError("database away")

    monkeypatch.setattr(rooms, "confirm_many", broken)
    sent_clock.hold((quiz.id, alice.id, "q1"), utcnow())
    assert sent_clock.flush() == 0


def test_off_a_server_nothing_waits_for_a_stamp() -> None:
    sent_clock.stamp_when_sent(1, 1, "q1")  # no script run here, no server loop
    assert sent_clock._pending == {}


def test_install_wraps_the_runtime_once_and_keeps_its_own_work() -> None:
    loop = asyncio.new_event_loop()
    try:
        sent_clock.install(loop)
        wrapped = AppSession.flush_browser_queue, AppSession.on_flushed_messages_sent
        sent_clock.install(loop)
        assert (AppSession.flush_browser_queue, AppSession.on_flushed_messages_sent) == wrapped  # idempotent
        assert sent_clock._original is not None and sent_clock._original != wrapped
    finally:
        sent_clock.install(None)
        loop.close()
