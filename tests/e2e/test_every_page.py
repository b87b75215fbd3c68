"""Every page, in each of its states, on a laptop and on a phone: no traceback, no Markdown escape
seen or read aloud, and no serious or critical axe-core violation that the app's own markup causes
(Streamlit's own menu markup is reported by name in tests/support/browser.py)."""

from __future__ import annotations

import re

import pytest

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from tests.support.browser import answer_right, current_question, settle
from tests.support.sample import QUESTIONS, write_sample_pack

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
PASSWORD = "a long enough password"


@pytest.fixture
def site(tmp_path, start_server):
    """A server on the sample pack, with a teacher and a live class quiz."""
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'pages.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, "Ms Teacher", PASSWORD)
    quiz = rooms.create(store, teacher.id, "Lesson 3", "sample", [q["id"] for q in QUESTIONS], "live")
    server = start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url})
    yield server, store, teacher, quiz
    store.close()


def test_study_pages_in_every_state(new_page, site, journey, viewport) -> None:
    server, *_ = site
    page = new_page()
    for path, name in (("/progress", "progress, nothing yet"), ("/account", "my link, nothing yet"),
                       ("/flashcards", "flashcards")):
        page.goto(server.url + path)
        journey.step(page, name)
    page.get_by_role("button", name="Show answer").click()
    journey.step(page, "flashcard back")
    page.goto(server.url)
    journey.step(page, "quiz set-up")
    page.get_by_role("button", name="Start quiz").click()
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").wait_for()
        question = current_question(page, BY_PROMPT)
        journey.step(page, f"question {question['type']}")
        if number % 2:
            answer_right(page, question)
            page.get_by_text("Correct!").wait_for()
        else:  # a wrong answer: the feedback shows both answers
            _answer_wrong(page, question)
            page.get_by_text(re.compile("Not quite|Partly right")).first.wait_for()
        journey.step(page, f"feedback {question['type']}")
        page.get_by_role("button", name=re.compile("Next question|See my results")).click()
    page.get_by_text("Quiz complete").wait_for()
    journey.step(page, "results")
    page.get_by_role("button", name=re.compile("^Not fully right|^Retry")).first.wait_for()
    for path, name in (("/progress", "progress"), ("/account", "my link")):
        page.goto(f"{server.url}{path}?learner={_learner(page)}")
        journey.step(page, name)


def _learner(page) -> str:
    match = re.search(r"learner=([A-Za-z0-9_-]+)", page.url)
    assert match, page.url
    return match.group(1)


def _answer_wrong(page, question: dict) -> None:
    main = page.locator("[data-testid='stMain']")
    kind = question["type"]
    if kind in ("single_choice", "multiple_select"):
        main.get_by_text(next(o["text"] for o in question["options"] if not o.get("correct")), exact=True).click()
    elif kind == "true_false":
        main.get_by_text("False" if question["answer"] else "True", exact=True).click()
    elif kind == "short_answer":
        main.get_by_label("Your answer").fill("Somewhere else")
    elif kind == "matching":
        rights = [p["right"] for p in question["pairs"]]
        for index, pair in enumerate(question["pairs"]):
            main.get_by_label(pair["left"], exact=True).click()
            page.get_by_role("option", name=rights[(index + 1) % len(rights)], exact=True).click()
    elif kind == "ordering":  # the last item first: never the right order
        items = question["items"]
        answer_right(page, {**question, "items": [items[-1], *items[:-1]]}, submit=False)
    main.get_by_role("button", name="Submit answer").click()


def _login(page, server, path: str) -> None:
    page.goto(server.url + path)
    page.get_by_role("link", name="Log in").click()  # the app's login form (quiz_app/web/auth.py)
    page.get_by_role("textbox", name="Name").fill("Ms Teacher")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    settle(page)


def test_class_pages_in_every_state(new_page, site, journey, viewport) -> None:
    server, store, teacher, quiz = site
    student = new_page()
    student.goto(f"{server.url}/classroom")
    journey.step(student, "join form")
    student.goto(f"{server.url}/classroom?code={quiz.code}")
    student.get_by_role("textbox", name="Nickname").fill("Aigerim")
    student.get_by_role("button", name="Join").click()
    student.get_by_text(re.compile("Waiting for the teacher")).wait_for()
    journey.step(student, "waiting room")

    teacher_page = new_page()
    teacher_page.goto(f"{server.url}/teacher")
    journey.step(teacher_page, "teacher login")
    _login(teacher_page, server, "/teacher")
    journey.step(teacher_page, "quiz builder")

    rooms.act(store, quiz.id, teacher.id, "start")
    student.get_by_text("Question 1 of 6").wait_for(timeout=15_000)
    journey.step(student, "live question")
    answer_right(student, current_question(student, BY_PROMPT))
    student.get_by_text("Answer received").wait_for()
    journey.step(student, "answer received")
    rooms.act(store, quiz.id, teacher.id, "reveal")
    student.get_by_text(re.compile(r"\+\d+ points")).wait_for(timeout=15_000)
    journey.step(student, "revealed")
    rooms.act(store, quiz.id, teacher.id, "leaderboard")
    student.get_by_text("Leaderboard").wait_for(timeout=15_000)
    journey.step(student, "leaderboard")
    rooms.act(store, quiz.id, teacher.id, "end")
    student.get_by_text("The quiz has ended").wait_for(timeout=15_000)
    journey.step(student, "ended")

    teacher_page.get_by_role("combobox", name="Quiz").click()
    teacher_page.get_by_role("option").filter(has_text="Lesson 3").first.click()
    teacher_page.get_by_text("Results per student").wait_for()
    journey.step(teacher_page, "results")


def test_editor_pages(new_page, site, journey, viewport) -> None:
    server, *_ = site
    page = new_page()
    _login(page, server, "/editor")
    journey.step(page, "editor, built-in pack")
    page.get_by_role("combobox", name="Pack").click()
    page.get_by_role("option", name=re.compile("New pack")).click()
    journey.step(page, "editor, new pack")
