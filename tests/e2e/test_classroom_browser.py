"""Classroom end to end in real Chromium: two servers on one PostgreSQL, a crash mid-quiz, injection."""

from __future__ import annotations

import re
import signal

import pytest
from playwright.sync_api import expect

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from tests.support.browser import PROMPT, answer_right, current_question
from tests.support.sample import QUESTIONS, write_sample_pack
from tests.support.server import StreamlitServer

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
PASSWORD = "a long enough password"


def teacher_login(page, server: StreamlitServer, quiz_title: str) -> None:
    page.goto(f"{server.url}/teacher")
    if page.get_by_role("link", name="Log in").or_(page.get_by_role("heading", name="Teacher", exact=True)) \
            .first.inner_text() != "Log in":
        return _pick(page, quiz_title)  # still logged in (the cookie)
    page.get_by_role("link", name="Log in").click()  # the app's own login form (a real HTML form)
    page.get_by_role("textbox", name="Name").fill("Ms Teacher")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _pick(page, quiz_title)


def _pick(page, quiz_title: str) -> None:
    page.get_by_role("heading", name="Teacher", exact=True).wait_for()
    page.get_by_role("combobox", name="Quiz").click()
    page.get_by_role("option").filter(has_text=quiz_title).first.click()
    page.get_by_text("Join code").wait_for()


def student_join(page, server: StreamlitServer, code: str, nickname: str) -> None:
    page.goto(f"{server.url}/classroom?code={code}")
    page.get_by_role("textbox", name="Nickname").fill(nickname)
    page.get_by_role("button", name="Join").click()
    page.get_by_text(re.compile("Waiting for the teacher")).wait_for()


@pytest.fixture
def bank(tmp_path):
    write_sample_pack(tmp_path / "bank")
    return tmp_path / "bank"


@pytest.mark.postgres
def test_student_and_teacher_on_two_servers_share_one_live_quiz(new_page, postgres_server, bank,
                                                                start_server) -> None:
    url = postgres_server.create_database()
    store = Store.open(url)
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "Two servers", "sample", ["s-tf", "s-single"], "live")
    env = {"QUIZ_APP_BANK": str(bank), "DATABASE_URL": url}
    first, second = start_server(env), start_server(env)
    try:
        teacher_page, student_page = new_page(), new_page()
        teacher_login(teacher_page, first, "Two servers")
        student_join(student_page, second, quiz.code, "Aigerim")
        expect(teacher_page.get_by_text("Joined: 1")).to_be_visible(timeout=15_000)  # seen through the database
        teacher_page.get_by_role("button", name="Start the quiz").click()
        student_page.get_by_text("Question 1 of 2").wait_for(timeout=15_000)  # pushed through PostgreSQL to B
        answer_right(student_page, current_question(student_page, BY_PROMPT))
        student_page.get_by_text("Answer received").wait_for()
        expect(teacher_page.get_by_text("1 / 1")).to_be_visible(timeout=15_000)
        teacher_page.get_by_role("button", name="Reveal the answer").click()
        student_page.get_by_text(re.compile(r"\+\d+ points")).wait_for(timeout=15_000)
        assert len(rooms.answers(store, quiz.id)) == 1
    finally:
        store.close()


def test_server_killed_mid_quiz_loses_no_acknowledged_answer(new_page, bank, tmp_path, start_server) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "Crash test", "sample", ["s-tf", "s-single"], "live")
    server = start_server({"QUIZ_APP_BANK": str(bank), "DATABASE_URL": url})
    teacher_page = new_page()
    teacher_login(teacher_page, server, "Crash test")
    students = [new_page() for _ in range(2)]
    for number, page in enumerate(students):
        student_join(page, server, quiz.code, f"Student {number}")
    teacher_page.get_by_role("button", name="Start the quiz").click()
    for page in students:
        page.get_by_text("Question 1 of 2").wait_for(timeout=15_000)
        answer_right(page, current_question(page, BY_PROMPT))
        page.get_by_text("Answer received").wait_for()  # acknowledged
    seats = [page.url for page in students]

    server.kill(signal.SIGKILL)
    restarted = start_server(server.env, port=server.port)
    try:
        assert len(rooms.answers(store, quiz.id)) == 2
        for page, seat in zip(students, seats, strict=True):
            page.goto(seat)  # the reopened tab: same seat, answer still there
            page.get_by_text("Answer received").wait_for(timeout=20_000)
        assert len(rooms.players(store, quiz.id)) == 2
        teacher_login(teacher_page, restarted, "Crash test")
        teacher_page.get_by_role("button", name="Reveal the answer").click()
        teacher_page.get_by_role("button", name="Next question").click()
        for page in students:
            page.get_by_text("Question 2 of 2").wait_for(timeout=15_000)
    finally:
        store.close()


HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[x](javascript:alert(1))'


def test_nicknames_and_question_text_cannot_inject_html(new_page, tmp_path, start_server) -> None:
    hostile_bank = tmp_path / "hostile"
    pack = write_sample_pack(hostile_bank)
    text = (pack / "questions.yaml").read_text()
    (pack / "questions.yaml").write_text(text.replace("prompt: Prices doubled.",
                                                      "prompt: '**Prices** doubled <b>twice</b> "
                                                      "<script>window.__xss=3</script> :red[alarm] $x^2$'"))
    url = f"sqlite:///{tmp_path / 'xss.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "<b>Title</b>", "sample", ["s-tf"], "live")
    server = start_server({"QUIZ_APP_BANK": str(hostile_bank), "DATABASE_URL": url})
    try:
        teacher_page, student_page = new_page(), new_page()
        teacher_login(teacher_page, server, "<b>Title</b>")
        nickname = HOSTILE[:24]
        student_join(student_page, server, quiz.code, nickname)
        expect(teacher_page.get_by_text(nickname)).to_be_visible(timeout=15_000)  # shown literally
        teacher_page.get_by_role("button", name="Start the quiz").click()
        prompt = student_page.locator(PROMPT).first
        expect(prompt).to_contain_text("<script>window.__xss=3</script>", timeout=15_000)
        expect(prompt).to_contain_text("**Prices** doubled <b>twice</b>")
        expect(prompt).to_contain_text(":red[alarm] $x^2$")
        for page in (teacher_page, student_page):
            assert page.evaluate("window.__xss") is None
            assert page.locator("h2 b, h2 strong, img[src=x], script:text('__xss')").count() == 0
        assert student_page.get_by_text("Playing as " + nickname).is_visible()
    finally:
        store.close()
