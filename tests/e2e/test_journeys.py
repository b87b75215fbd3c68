"""Journeys across pages in real Chromium, on a laptop and on a phone: the same student must still be
there after the menu, a reload, a new tab and the personal link in a fresh browser; every step is
checked (no traceback, no Markdown escape, axe-core clean of our own markup) and photographed."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import func, select

from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import Learner, Player
from tests.support.browser import (
    ARTIFACTS,
    FIGURES,
    MAIN,
    Keyboard,
    answer_by_keyboard,
    answer_right,
    current_question,
    settle,
)
from tests.support.sample import QUESTIONS, write_sample_pack

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}


def menu(page, entry: str) -> None:
    """Open ``entry`` from the sidebar menu, as a person would (on a phone, open the menu first)."""
    nav = page.locator("[data-testid='stSidebarNav']")
    if not nav.is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    nav.get_by_text(entry, exact=True).click()
    settle(page)


def param(page, name: str) -> str | None:
    return parse_qs(urlparse(page.url).query).get(name, [None])[0]


def count(url: str, table: type) -> int:
    store = Store.open(url)
    try:
        with store.read() as session:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        store.close()


@pytest.fixture
def served(tmp_path, start_server):
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    url = f"sqlite:///{tmp_path / 'journey.sqlite3'}"
    return start_server({"QUIZ_APP_BANK": str(bank), "DATABASE_URL": url}), url


def _take_quiz(page, journey) -> None:
    page.get_by_role("button", name="Start quiz").click()
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").wait_for()
        question = current_question(page, BY_PROMPT)
        answer_right(page, question)
        page.get_by_text("Correct!").wait_for()
        if number in (1, 4):  # a choice question and the ordering, with their feedback
            journey.step(page, f"feedback {question['type']}")
        page.get_by_role("button", name=re.compile("Next question|See my results")).click()
    page.get_by_text("Quiz complete").wait_for()


def test_one_student_across_menu_reloads_and_a_fresh_browser(new_page, served, journey, viewport) -> None:
    server, url = served
    page = new_page()
    page.goto(server.url)
    journey.step(page, "quiz set-up")
    _take_quiz(page, journey)
    token = param(page, "learner")
    assert token
    journey.step(page, "results")

    menu(page, "Flashcards")
    assert param(page, "learner") == token  # written back: the address bar is the personal link
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="Good", exact=True).click()
    page.get_by_text(re.compile("Next review:")).wait_for()
    journey.step(page, "flashcard graded")

    menu(page, "Progress")
    assert param(page, "learner") == token
    main = page.locator(MAIN)
    expect(main.get_by_text("Your latest: 100% of the marks")).to_be_visible()  # the quiz just taken
    expect(main.get_by_text(re.compile(r"card is due today|cards are due today"))).to_be_visible()
    journey.step(page, "progress")
    page.reload()
    settle(page)
    assert param(page, "learner") == token
    expect(main.get_by_text("Your latest: 100% of the marks")).to_be_visible()
    journey.step(page, "progress after reload")

    menu(page, "My link")
    link = page.locator("[data-testid='stCode']").first.inner_text().strip()
    assert link.endswith(f"?learner={token}")
    journey.step(page, "my link")

    fresh = new_page()  # another browser: only the link
    fresh.goto(link)
    settle(fresh)
    menu(fresh, "Progress")
    assert param(fresh, "learner") == token
    expect(fresh.locator(MAIN).get_by_text("Your latest: 100% of the marks")).to_be_visible()
    journey.step(fresh, "progress in a fresh browser")

    tab = new_page(context=page.context)  # a new tab of the first browser, opened on the bare address
    tab.goto(f"{server.url}/progress")
    settle(tab)
    assert param(tab, "learner") == token  # the browser remembered the student
    journey.step(tab, "progress in a new tab")
    assert count(url, Learner) == 1  # nothing split over two learners


def test_a_class_seat_survives_the_menu_a_reload_and_a_new_tab(new_page, served, journey, viewport) -> None:
    server, url = served
    store = Store.open(url)
    try:
        teacher = teachers.add(store, "Ms Teacher", "a long enough password")
        quiz = rooms.create(store, teacher.id, "Seat test", "sample", ["s-tf", "s-single"], "live")
        page = new_page()
        page.goto(f"{server.url}/classroom?code={quiz.code}")
        page.get_by_role("textbox", name="Nickname").fill("Aigerim")
        page.get_by_role("button", name="Join").click()
        page.get_by_text(re.compile("Waiting for the teacher")).wait_for()
        seat = param(page, "seat")
        journey.step(page, "joined")
        rooms.act(store, quiz.id, teacher.id, "start")
        page.get_by_text("Question 1 of 2").wait_for(timeout=15_000)
        journey.step(page, "question")

        menu(page, "Quiz")
        menu(page, "Join a class quiz")
        assert param(page, "seat") == seat
        expect(page.get_by_text("Question 1 of 2")).to_be_visible()
        expect(page.get_by_role("textbox", name="Nickname")).to_have_count(0)
        journey.step(page, "back through the menu")
        page.reload()
        settle(page)
        expect(page.get_by_text("Question 1 of 2")).to_be_visible()
        tab = new_page(context=page.context)
        tab.goto(f"{server.url}/classroom")
        settle(tab)
        expect(tab.get_by_text("Question 1 of 2")).to_be_visible()
        assert param(tab, "seat") == seat
        journey.step(tab, "new tab")
        assert count(url, Player) == 1
    finally:
        store.close()


def test_a_link_that_is_not_valid_and_a_merge_that_loses_nothing(new_page, served, journey) -> None:
    server, url = served
    old = new_page()  # last week, on another device: a named learner with one quiz
    old.goto(f"{server.url}/account")
    old.get_by_role("textbox", name="Display name").fill("Aigerim")
    old.get_by_role("button", name=re.compile("Save and make my link")).click()
    link = old.locator("[data-testid='stCode']").first
    link.wait_for()
    old_link = link.inner_text().strip()

    page = new_page()  # today: studies first, without the link
    page.goto(f"{server.url}/?learner=not-a-real-link")
    expect(page.get_by_text("This personal link is not valid")).to_be_visible()
    journey.step(page, "link not valid")
    page.get_by_role("button", name="Start fresh").click()
    settle(page)
    _take_quiz(page, journey)
    page.goto(old_link)  # then opens the old link in the same browser
    expect(page.get_by_text(re.compile("This browser also holds progress"))).to_be_visible()
    journey.step(page, "merge offered")
    page.get_by_role("button", name="Add it to this link").click()
    settle(page)
    menu(page, "Progress")
    expect(page.locator(MAIN).get_by_text("Your latest: 100% of the marks")).to_be_visible()
    assert param(page, "learner") == old_link.split("?learner=")[1]
    journey.step(page, "merged progress")
    assert count(url, Learner) == 2  # the merged one stays, as a pointer to the named learner


def test_a_whole_quiz_by_keyboard_alone(new_page, served, journey) -> None:
    server, _ = served
    page = new_page()
    page.goto(server.url)
    page.get_by_role("button", name="Start quiz").wait_for()
    keys = Keyboard(page)
    keys.tab_to(lambda f: f["name"] == "Start quiz")
    keys.press("Enter")
    per_type: dict[str, dict[str, int]] = {}
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").wait_for()
        settle(page)
        question = current_question(page, BY_PROMPT)
        before = keys.keys, keys.presses["typed characters"]
        answer_by_keyboard(page, question, keys)
        page.get_by_text("Correct!").wait_for()
        keys.tab_to(lambda f: f["name"] in ("Next question", "See my results"))
        keys.press("Enter")
        per_type[question["type"]] = {"keys": keys.keys - before[0],
                                      "typed": keys.presses["typed characters"] - before[1]}
    page.get_by_text("Quiz complete").wait_for()
    expect(page.get_by_text("6 / 6")).to_be_visible()
    journey.step(page, "results by keyboard")
    lines = ["keyboard-only quiz, one question of each type (keys to answer, submit and go on):",
             f"  {'type':<16} {'keys':>5} {'typed':>6}"]
    lines += [f"  {kind:<16} {n['keys']:>5} {n['typed']:>6}" for kind, n in per_type.items()]
    others = ", ".join(f"{key} {n}" for key, n in keys.presses.items() if key != "typed characters")
    lines.append(f"  {'total':<16} {keys.keys:>5} {keys.presses['typed characters']:>6}   ({others})")
    (ARTIFACTS / "keyboard-presses.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    FIGURES.extend(lines)
    assert set(per_type) == {q["type"] for q in QUESTIONS}


def _five_item_pack(tmp_path):
    """The sample pack with a fifth item in its ordering question."""
    bank = tmp_path / "bank5"
    pack = write_sample_pack(bank)
    content = yaml.safe_load((pack / "questions.yaml").read_text())
    next(q for q in content["questions"] if q["type"] == "ordering")["items"].append("Fifth")
    (pack / "questions.yaml").write_text(yaml.safe_dump(content, sort_keys=False))
    return bank


def test_a_five_item_ordering_is_short_and_quick(new_page, tmp_path, start_server, journey, viewport) -> None:
    """A 5-item ordering on a phone: its height and the taps to order it; on a laptop: the keys."""
    server = start_server({"QUIZ_APP_BANK": str(_five_item_pack(tmp_path)),
                           "DATABASE_URL": f"sqlite:///{tmp_path / 'order.sqlite3'}"})
    page = new_page()
    page.goto(server.url)
    page.get_by_role("combobox", name="Question types (all if empty)").click()
    page.get_by_role("option", name="Put in order").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Start quiz").click()
    page.get_by_text("Question 1 of 1").wait_for()
    settle(page)
    places = page.locator("[data-testid='stSelectbox']")
    expect(places).to_have_count(5)
    top, bottom = places.first.bounding_box(), places.last.bounding_box()
    height = round(bottom["y"] + bottom["height"] - top["y"])
    journey.step(page, "five-item ordering")
    question = {**BY_PROMPT["Put in order."], "items": ["First", "Second", "Third", "Fourth", "Fifth"]}
    if viewport == "phone":
        page.evaluate("() => { window.taps = 0; document.addEventListener('pointerdown', () => window.taps++, true); }")
        answer_right(page, question, submit=False)
        measured = {"viewport": viewport, "height px": height, "taps": page.evaluate("() => window.taps")}
    else:
        keys = Keyboard(page)
        answer_by_keyboard_only_order(page, question, keys)
        measured = {"viewport": viewport, "height px": height, "keys": keys.keys, "of which Tab": keys.presses["Tab"]}
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_text("Correct!").wait_for()
    journey.step(page, "five-item ordering answered")
    (ARTIFACTS / f"ordering-{viewport}.json").write_text(json.dumps(measured, indent=2), encoding="utf-8")
    FIGURES.append("5-item ordering, " + ", ".join(f"{k}: {v}" for k, v in measured.items()))
    assert height < 700  # was about 1,300 px on a phone with ↑/↓ buttons under each item


def answer_by_keyboard_only_order(page, question: dict, keys: Keyboard) -> None:
    """The ordering's places, by keyboard alone (without submitting)."""
    items = question["items"]
    for place, item in enumerate(items):
        label = f"Place {place + 1} of {len(items)}"
        focus = keys.tab_to(lambda f, label=label: f.get("name") == label)
        if focus["value"] != item:
            keys.pick(item)
            settle(page)
