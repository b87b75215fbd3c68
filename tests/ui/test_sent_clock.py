"""``ui/sent_clock``: a page's question is stamped once its messages have left the server, then written."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

import pytest
from streamlit.runtime.app_session import AppSession

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import utcnow
from quiz_app.ui import live_push, sent_clock


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
    sent_clock._known.clear()


@pytest.fixture
def redrawn(monkeypatch) -> list[str]:
    """The sessions :mod:`sent_clock` asks to draw again."""
    asked: list[str] = []
    monkeypatch.setattr(live_push, "redraw", asked.append)
    return asked


def test_a_page_is_stamped_once_the_messages_taken_after_it_asked_are_sent(open_question, monkeypatch) -> None:
    store, quiz, alice, _ = open_question
    loop = asyncio.new_event_loop()
    monkeypatch.setattr(sent_clock, "_loop", loop)
    sent_clock.sent("session-a")  # a send that was under way before the page asked: nothing
    sent_clock._pending["session-a"] = sent_clock.Page(quiz.id, alice.id, "q1")  # what stamp_when_sent leaves
    sent_clock.sent("session-a")  # its messages were not taken yet: not yet
    assert sent_clock.flush() == 0 and sent_clock.first_shown(alice.id, "q1") is None
    sent_clock.taking("session-a")
    before = utcnow()
    sent_clock.sent("session-a")
    sent_clock.sent("session-a")  # a later send of the same page changes nothing
    known = sent_clock.first_shown(alice.id, "q1")
    assert known is not None and known >= before  # a reload here counts from it at once
    assert rooms.shown_at(store, alice.id, "q1") is None  # no write yet: the class's pages wait for none
    assert sent_clock.flush() == 1
    assert rooms.shown_at(store, alice.id, "q1") == known
    loop.close()


def test_an_answer_writes_its_own_students_moment_first(open_question) -> None:
    store, quiz, alice, bob = open_question
    now = utcnow()
    sent_clock.hold("session-a", (quiz.id, alice.id, "q1"), now)
    sent_clock.hold("session-b", (quiz.id, bob.id, "q1"), now)
    assert sent_clock.flush(alice.id) == 1
    assert rooms.shown_at(store, alice.id, "q1") is not None and rooms.shown_at(store, bob.id, "q1") is None
    assert sent_clock.flush() == 1 and rooms.shown_at(store, bob.id, "q1") is not None
    assert sent_clock.flush() == 0


def test_a_second_device_is_drawn_again_with_the_first_devices_clock(open_question, redrawn) -> None:
    store, quiz, alice, bob = open_question
    phone = utcnow() - dt.timedelta(seconds=4)
    assert rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=phone)  # her phone, on another server
    laptop = utcnow()
    sent_clock.hold("laptop", (quiz.id, alice.id, "q1"), laptop)
    sent_clock.hold("bob", (quiz.id, bob.id, "q1"), laptop)
    assert sent_clock.flush() == 1  # Bob's clock; hers stands
    assert rooms.shown_at(store, alice.id, "q1") == phone
    assert sent_clock.first_shown(alice.id, "q1") == phone
    assert redrawn == ["laptop"]  # its timer counted from the laptop: drawn again from the phone's moment


def test_a_moment_within_a_second_of_the_stored_one_is_not_redrawn(open_question, redrawn) -> None:
    store, quiz, alice, _ = open_question
    first = utcnow()
    assert rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=first)
    sent_clock.hold("second-tab", (quiz.id, alice.id, "q1"), first + dt.timedelta(seconds=0.5))
    assert sent_clock.flush() == 0
    assert redrawn == [] and sent_clock.first_shown(alice.id, "q1") == first


def test_a_moment_after_the_teacher_moved_on_starts_nothing(open_question, redrawn) -> None:
    store, quiz, alice, _ = open_question
    rooms.act(store, quiz.id, quiz.teacher_id, "reveal")
    sent_clock.hold("late", (quiz.id, alice.id, "q1"), utcnow())
    assert sent_clock.flush() == 0
    assert rooms.shown_at(store, alice.id, "q1") is None and redrawn == []


def test_a_failing_write_loses_the_moments_but_never_raises(open_question, monkeypatch) -> None:
    _, quiz, alice, _ = open_question

    def broken(*_args):
        raise RuntimeError("database away")

    monkeypatch.setattr(rooms, "confirm_many", broken)
    sent_clock.hold("session-a", (quiz.id, alice.id, "q1"), utcnow())
    assert sent_clock.flush() == 0


def test_off_a_server_the_page_records_the_moment_itself() -> None:
    assert not sent_clock.stamp_when_sent(1, 1, "q1")  # no script run here, no server loop
    assert sent_clock._pending == {}


def test_pages_of_sessions_that_closed_before_sending_are_dropped_past_a_bound(monkeypatch) -> None:
    monkeypatch.setattr(sent_clock, "_MAX_PENDING", 3)
    monkeypatch.setattr(sent_clock, "_loop", asyncio.new_event_loop())
    monkeypatch.setattr(sent_clock, "get_script_run_ctx", lambda **_: SimpleNamespace(session_id="new"))
    looked_up: list[str] = []

    def app_session(session_id: str) -> object | None:  # the runtime's lookup: these sessions are open
        looked_up.append(session_id)
        return object() if session_id in {"open", "new"} else None

    monkeypatch.setattr(live_push, "app_session", app_session)
    try:
        for session_id in ("closed-1", "open", "closed-2"):  # closed ones: their messages never leave
            sent_clock._pending[session_id] = sent_clock.Page(1, 1, "q1")
        assert sent_clock.stamp_when_sent(1, 2, "q1")
        assert sorted(sent_clock._pending) == ["new", "open"]  # a page still waiting to be sent keeps its stamp
        looked_up.clear()
        assert sent_clock.stamp_when_sent(1, 2, "q2")  # under the bound: nothing is looked up
        assert looked_up == []
        assert sent_clock._pending["new"].question_id == "q2"
    finally:
        sent_clock._loop.close()
        sent_clock._pending.clear()


def test_first_showings_are_remembered_within_a_bound(store: Store, monkeypatch) -> None:
    monkeypatch.setattr("quiz_app.ui.resources.get_store", lambda: store)
    monkeypatch.setattr(sent_clock, "_MAX_KNOWN", 3)
    moment = utcnow()
    try:
        for player in range(3):
            sent_clock.remember(player, "q1", moment)
        assert sent_clock.first_shown(2, "q1") == moment
        sent_clock.remember(3, "q1", moment)  # full: the old ones go (such a page is stamped again)
        assert sent_clock.first_shown(0, "q1") is None and sent_clock.first_shown(3, "q1") == moment
    finally:
        sent_clock._known.clear()


def test_install_wraps_the_runtime_once_and_keeps_its_own_work(monkeypatch) -> None:
    # the runtime's own methods come back afterwards: tests/ui/test_live_push_internals.py reads them
    monkeypatch.setattr(AppSession, "flush_browser_queue", AppSession.flush_browser_queue)
    monkeypatch.setattr(AppSession, "on_flushed_messages_sent", AppSession.on_flushed_messages_sent)
    monkeypatch.setattr(sent_clock, "_original", None)
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
