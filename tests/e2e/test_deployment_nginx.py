"""The README's deployment, tested: PostgreSQL, two ``streamlit run quiz_app/server.py`` servers and
Debian's nginx with the README's own configuration (cookie-sticky sessions, websocket upgrade, TLS).

A live quiz is played through nginx in Chromium with the teacher (and the projector) pinned to one
server and the students to the other, so every update the class sees crosses servers through
PostgreSQL's NOTIFY; the safety poll is set far beyond every wait here, so nothing can arrive by it.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from tests.support.browser import answer_right, current_question
from tests.support.nginx import Nginx, for_test, nginx_path, readme_config, self_signed
from tests.support.postgres import free_port
from tests.support.requirements import require
from tests.support.sample import QUESTIONS, write_sample_pack

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.postgres]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
NAME, PASSWORD = "Ms Teacher", "a long enough password"
PUSH_WAIT = 10_000  # ms: generous for a loaded machine, and far below the safety poll (600 s)


def _pin(proxy: Nginx, upstreams: list[str]) -> dict[str, str]:
    """A sticky key for each server: ask nginx where each candidate key lands."""
    keys: dict[str, str] = {}
    for number in range(200):
        key = f"test-key-{number}"
        keys.setdefault(proxy.upstream_of(f"quiz_server={key}"), key)
        if set(keys) >= set(upstreams):
            return keys
    raise AssertionError(f"no key reached every server: {keys}")


def test_a_live_quiz_through_nginx_with_teacher_and_students_on_different_servers(
        postgres_server, tmp_path, start_server, browser) -> None:
    require(nginx_path() is not None, "Debian's nginx")
    require(shutil.which("openssl") is not None, "openssl (for the test's certificate)")
    url = postgres_server.create_database()
    store = Store.open(url)
    write_sample_pack(tmp_path / "bank")
    teacher = teachers.add(store, NAME, PASSWORD)
    quiz = rooms.create(store, teacher.id, "Through nginx", "sample", ["s-tf", "s-single"], "live",
                        timer_seconds=60)
    env = {"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url, "QUIZ_APP_TRUST_PROXY": "1",
           "QUIZ_APP_SAFETY_POLL": "600"}
    first, second = start_server(env), start_server(env)
    upstreams = [f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"]
    cert, key = self_signed(tmp_path)
    port = free_port()
    proxy = Nginx.start(tmp_path / "nginx", for_test(readme_config(), upstreams, port, cert, key), port=port)
    contexts = []
    try:
        pinned = _pin(proxy, upstreams)
        teacher_key, student_key = pinned[upstreams[0]], pinned[upstreams[1]]

        def device(key: str, width: int = 390, height: int = 844):
            context = browser.new_context(viewport={"width": width, "height": height}, ignore_https_errors=True)
            context.set_default_timeout(20_000)
            context.add_cookies([{"name": "quiz_server", "value": key, "url": proxy.url}])
            contexts.append(context)
            page = context.new_page()
            return context, page

        teacher_context, phone = device(teacher_key)
        phone.goto(f"{proxy.url}/teacher")
        phone.get_by_role("link", name="Log in").click()
        phone.get_by_role("textbox", name="Name").fill(NAME)
        phone.get_by_role("textbox", name="Password").fill(PASSWORD)
        phone.get_by_role("button", name="Log in").click()
        phone.get_by_role("heading", name="Teacher", exact=True).wait_for()
        login = next(c for c in teacher_context.cookies() if c["name"] == "quiz_teacher")
        assert login["secure"] and login["httpOnly"] and login["sameSite"] == "Strict"  # https behind nginx
        phone.get_by_role("combobox", name="Quiz").click()
        phone.get_by_role("option").filter(has_text="Through nginx").first.click()
        phone.get_by_role("button", name="Start the quiz").wait_for()
        projector = teacher_context.new_page()
        projector.set_viewport_size({"width": 1280, "height": 900})
        projector.goto(f"{proxy.url}/present?quiz={quiz.id}")
        projector.get_by_text(quiz.code).first.wait_for()
        students = [device(student_key)[1] for _ in range(2)]
        for number, page in enumerate(students):
            page.goto(f"{proxy.url}/classroom?code={quiz.code}")
            page.get_by_role("textbox", name="Nickname").fill(f"Student {number}")
            page.get_by_role("button", name="Join").click()
            page.get_by_text(re.compile("Waiting for the teacher")).wait_for()
        # where each browser's requests land (the websocket goes with the same cookie)
        for page, wanted in ((phone, upstreams[0]), (students[0], upstreams[1])):
            answer = page.request.get(f"{proxy.url}/api/health")
            assert answer.headers["x-upstream"] == wanted
        expect(phone.get_by_text("Joined: 2")).to_be_visible(timeout=PUSH_WAIT)  # B's joins reach A
        expect(projector.get_by_text("2 joined")).to_be_visible(timeout=PUSH_WAIT)

        phone.get_by_role("button", name="Start the quiz").click()  # on server A
        for page in students:  # on server B
            page.get_by_text("Question 1 of 2").wait_for(timeout=PUSH_WAIT)
        projector.get_by_text("Question 1 of 2").wait_for(timeout=PUSH_WAIT)
        for page in students:
            answer_right(page, current_question(page, BY_PROMPT))
            page.get_by_text("Answer received").wait_for()
        expect(phone.get_by_text("2 / 2")).to_be_visible(timeout=PUSH_WAIT)  # B's answers reach A's dashboard
        expect(projector.get_by_text("2 / 2")).to_be_visible(timeout=PUSH_WAIT)
        assert projector.get_by_text("Correct answer").count() == 0
        phone.get_by_role("button", name="Reveal the answer").click()
        for page in students:
            page.get_by_text("Why:").wait_for(timeout=PUSH_WAIT)
            page.get_by_text(re.compile(r"\+\d+ points")).wait_for()
        projector.get_by_text("Correct answer").wait_for(timeout=PUSH_WAIT)
        phone.get_by_role("button", name="End the quiz").click()
        phone.get_by_role("button", name="Yes, end the quiz").click()
        for page in students:
            page.get_by_text("The quiz has ended").wait_for(timeout=PUSH_WAIT)
        projector.get_by_text("The quiz has ended").wait_for(timeout=PUSH_WAIT)
        assert len(rooms.answers(store, quiz.id)) == 2
        assert '"GET /_stcore/stream HTTP/1.1" 101' in (tmp_path / "nginx" / "access.log").read_text()
    finally:
        for context in contexts:
            context.close()
        proxy.stop()
        store.close()
