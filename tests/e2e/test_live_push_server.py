"""Pushed updates against a real ``streamlit run quiz_app/server.py`` (the pinned Streamlit), spoken
to through its websocket protocol (benchmarks/stclient.py): the teacher's click and each answer
reach the other tabs without any request from them, and only the tabs of that quiz rerun."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re

import pytest

from benchmarks.bench_classroom import LiveSession, teacher_login
from benchmarks.bench_load import fill_answer
from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import utcnow
from tests.support.sample import write_sample_pack

pytestmark = [pytest.mark.server]
NAME, PASSWORD = "Load Teacher", "a long enough password for the load test"


async def _student(url: str, code: str, nickname: str) -> LiveSession:
    tab = LiveSession(url, timeout=30)
    await tab.connect()
    await tab.open(query={"code": code}, page="classroom")
    tab.set_value(tab.get("text_input", label="Nickname"), nickname)
    await tab.click(label="Join")
    assert "Waiting for the teacher" in tab.text()
    return tab


def _classroom(tmp_path) -> tuple[dict[str, str], Store, teachers.TeacherInfo]:
    """The sample bank and a SQLite file: the server's environment, the store and a teacher."""
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    store = Store.open(url)
    return {"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url}, store, teachers.add(store, NAME, PASSWORD)


def test_teacher_actions_and_answers_are_pushed_to_the_tabs_of_that_quiz_only(tmp_path, start_server) -> None:
    env, store, teacher = _classroom(tmp_path)
    quiz = rooms.create(store, teacher.id, "Pushed", "sample", ["s-tf", "s-single"], "live", timer_seconds=60)
    other = rooms.create(store, teacher.id, "Another class", "sample", ["s-tf"], "live")
    server = start_server({**env, "QUIZ_APP_SAFETY_POLL": "600"})  # nothing here may come from the safety poll

    async def scenario() -> None:
        dashboard = await teacher_login(server.url, quiz.code, 30)
        student = await _student(server.url, quiz.code, "Aigerim")
        bystander = await _student(server.url, other.code, "Bolat")  # in another quiz
        runs_before = bystander._generation
        try:
            await dashboard.wait_until(lambda t: "Joined: 1" in t.text(), 10, "the join on the dashboard")
            await dashboard.click(label="Start the quiz")
            await student.wait_until(lambda t: "Question 1 of 2" in t.text(), 10, "the pushed question")
            fill_answer(student, random.Random(1))
            await student.click(label="Submit answer")
            assert "Answer received" in student.text()
            await dashboard.wait_until(lambda t: any(e.text.startswith("Answered 1 / 1") for e in t.find("metric")),
                                       10, "the pushed answer count")
            await dashboard.click(label="Reveal the answer")
            await student.wait_until(lambda t: "Correct answer:" in t.text() and "Why:" in t.text(), 10,
                                     "the pushed reveal")
            for tab in (student, dashboard, bystander):  # no tab polled: every change came from the server
                assert tab.fragment_runs == [] and not tab._timers
            assert bystander._generation == runs_before  # another quiz's tab never reran
        finally:
            for tab in (dashboard, student, bystander):
                await tab.close()

    try:
        asyncio.run(scenario())
    finally:
        store.close()
    log = (tmp_path / "server-1.log").read_text()
    assert "Traceback" not in log, log[-3000:]


def _timer_seconds(tab: LiveSession) -> int | None:
    """The seconds the page's timer started from (its label), if it shows one."""
    for element in tab.find("html"):
        found = re.search(r"Time left: (\d+) seconds when this was shown", element.proto.body)
        if found:
            return int(found.group(1))
    return None


def test_a_second_device_counts_from_the_first_devices_showing(tmp_path, start_server) -> None:
    env, store, teacher = _classroom(tmp_path)
    quiz = rooms.create(store, teacher.id, "Two devices", "sample", ["s-tf"], "live", timer_seconds=60)
    _, player = rooms.join(store, quiz.code, "Aigerim", "phone")
    opened = utcnow() - dt.timedelta(seconds=20)
    rooms.act(store, quiz.id, teacher.id, "start", now=opened)
    # her phone, on another server, was handed the question 1 s after it opened
    assert rooms.confirm_shown(store, quiz.id, player.id, "s-tf", now=opened + dt.timedelta(seconds=1))
    server = start_server(env)

    async def scenario() -> None:
        laptop = LiveSession(server.url, timeout=30)
        await laptop.connect()
        try:
            await laptop.open(query={"seat": player.seat_token}, page="classroom")
            assert "Question 1 of 1" in laptop.text()
            # drawn first as a first showing here: a clock the grace caps at 5 s after the class's ...
            first = _timer_seconds(laptop)
            assert first is not None and first > 5
            # ... then the write finds the phone's moment (1 s after) and the page's next run counts from
            # it (here the seat's own follow-up run may come first; tests/ui/test_sent_clock.py checks
            # that the write asks for that run itself)
            await laptop.wait_until(lambda t: (_timer_seconds(t) or 60) <= first - 3, 10,
                                    "the timer from the phone's moment")
        finally:
            await laptop.close()

    try:
        asyncio.run(scenario())
    finally:
        shown = rooms.shown_at(store, player.id, "s-tf")
        store.close()
    assert shown == opened + dt.timedelta(seconds=1)  # the phone's moment stands
    log = (tmp_path / "server-1.log").read_text()
    assert "Traceback" not in log, log[-3000:]
