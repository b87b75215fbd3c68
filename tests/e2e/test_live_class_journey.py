"""A live class as people run it, at both sizes (the lead's journey fixtures: axe-core, page checks,
screenshots in test-artifacts/screenshots/): the teacher logs in through the login form and runs the
quiz from a phone or a laptop, the projector shows the Present page at 1280x900, two students on
phones, whose clocks start when the server sent each of them the question;
nothing on the projector gives an answer away before Reveal; the teacher stays logged in
across a reload and a new tab with no token in any address."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import QuestionView
from tests.support.browser import ARTIFACTS, answer_right, axe_problems, current_question
from tests.support.sample import QUESTIONS, write_sample_pack

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
NAME, PASSWORD = "Ms Teacher", "a long enough password"
PUSH_WAIT = 10_000  # ms; the safety poll is set to 600 s: whatever shows in time was pushed


@pytest.fixture
def lesson(tmp_path, start_server):
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'lesson.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, NAME, PASSWORD)
    quiz = rooms.create(store, teacher.id, "Lesson 4", "sample", ["s-short", "s-order"], "live", timer_seconds=60)
    server = start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url,
                           "QUIZ_APP_SAFETY_POLL": "600"})
    yield server, store, quiz
    store.close()


def _login_form(page, journey, viewport: str) -> None:
    """The login form is the app's own HTML page (not Streamlit): checked and kept like a journey step."""
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("heading", name="Teacher login").wait_for()
    assert page.get_by_label("Name").get_attribute("autocomplete") == "username"
    assert page.get_by_label("Password").get_attribute("autocomplete") == "current-password"
    assert page.evaluate("document.activeElement.id") == "name"  # focus starts in the form
    folder = ARTIFACTS / "screenshots" / "test_live_class_journey" / f"login-{viewport}"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "login-form.png"), full_page=True)
    assert axe_problems(page) == []
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")  # announced
    page.screenshot(path=str(folder / "login-error.png"), full_page=True)
    assert axe_problems(page) == []
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _confirmed_clocks(store: Store, quiz_id: int) -> list[bool]:
    with store.read() as session:
        return list(session.scalars(select(QuestionView.confirmed).where(QuestionView.quiz_id == quiz_id)))


def _wait_for(condition, what: str, attempts: int = 100) -> None:
    for _ in range(attempts):  # the moments are written a quarter second after: give them a moment
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not seen: {what}")


def test_a_live_class_with_a_projector_and_phones(new_page, lesson, journey, viewport) -> None:
    server, store, quiz = lesson
    assert not rooms.answers(store, quiz.id)
    teacher = new_page()  # the teacher's own screen: a phone or a laptop
    teacher.goto(f"{server.url}/teacher")
    journey.step(teacher, "teacher, not logged in")
    _login_form(teacher, journey, viewport)
    teacher.get_by_role("heading", name="Teacher", exact=True).wait_for()
    teacher.get_by_role("combobox", name="Quiz").click()
    teacher.get_by_role("option").filter(has_text="Lesson 4").first.click()
    teacher.get_by_role("button", name="Start the quiz").wait_for()
    journey.step(teacher, "teacher, lobby")

    projector = new_page("laptop", context=teacher.context)  # a new tab of the same browser
    projector.goto(f"{server.url}/present?quiz={quiz.id}")
    projector.get_by_text("0 joined").wait_for()
    assert "QR code: opens the join page" in (projector.locator("img").first.get_attribute("alt") or "")
    journey.step(projector, "present, lobby")

    students = [new_page("phone") for _ in range(2)]
    for number, page in enumerate(students):
        page.goto(f"{server.url}/classroom?code={quiz.code}")
        page.get_by_role("textbox", name="Nickname").fill(f"Student {number + 1}")
        page.get_by_role("button", name="Join").click()
        page.get_by_text(re.compile("Waiting for the teacher")).wait_for()
    expect(projector.get_by_text("2 joined")).to_be_visible(timeout=PUSH_WAIT)
    journey.step(projector, "present, two joined")

    teacher.get_by_role("button", name="Start the quiz").click()
    for page in students:
        page.get_by_text("Question 1 of 2").wait_for(timeout=PUSH_WAIT)
    journey.step(students[0], "student, question with timer")
    # each clock moved to when the server handed that phone the question (ui/sent_clock)
    _wait_for(lambda: _confirmed_clocks(store, quiz.id) == [True, True], "both clocks moved to the send")
    projector.get_by_text("Question 1 of 2").wait_for(timeout=PUSH_WAIT)
    journey.step(projector, "present, question")
    for page in students:
        answer_right(page, current_question(page, BY_PROMPT))
        page.get_by_text("Answer received").wait_for()
    expect(projector.get_by_text("2 / 2")).to_be_visible(timeout=PUSH_WAIT)
    shown = projector.locator("body").inner_text()
    for leak in ("Correct answer", "Why", "Zhanaozen", "Student 1", "points"):  # typed answers, names, scores
        assert leak not in shown, f"the projector shows {leak!r} before Reveal"
    journey.step(projector, "present, everyone answered")
    expect(teacher.get_by_text("2 / 2")).to_be_visible(timeout=PUSH_WAIT)
    journey.step(teacher, "teacher, live distribution")

    teacher.get_by_role("button", name="Reveal the answer").click()
    projector.get_by_text("Correct answer").wait_for(timeout=PUSH_WAIT)
    journey.step(projector, "present, revealed")
    students[0].get_by_text("Why:").wait_for(timeout=PUSH_WAIT)
    journey.step(students[0], "student, revealed with why")
    assert teacher.get_by_text("no timer").count() == 0
    teacher.get_by_role("button", name="Show the leaderboard").click()
    projector.get_by_role("heading", name="Leaderboard").wait_for(timeout=PUSH_WAIT)
    journey.step(projector, "present, leaderboard")

    teacher.reload()  # still logged in, back on the quiz under way
    teacher.get_by_role("button", name="Next question").wait_for()
    assert "quiz_teacher" not in teacher.url and all("quiz_teacher" not in p.url for p in (projector, *students))
    token = next(c["value"] for c in teacher.context.cookies() if c["name"] == "quiz_teacher")
    assert all(token not in p.url for p in (teacher, projector, *students))
    teacher.get_by_role("button", name="End the quiz").click()
    teacher.get_by_role("button", name="Yes, end the quiz").wait_for()
    journey.step(teacher, "teacher, confirm before ending")
    teacher.get_by_role("button", name="Yes, end the quiz").click()
    for page in (*students, projector):
        page.get_by_text(re.compile("The quiz has ended")).first.wait_for(timeout=PUSH_WAIT)
    journey.step(projector, "present, ended")
    teacher.get_by_text("Results per student").wait_for()
    journey.step(teacher, "teacher, results")
    assert len(rooms.answers(store, quiz.id)) == 2
