"""End to end in headless Chromium against `streamlit run`: a whole quiz, then a flashcard review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.sample import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}


def _main(page):
    return page.locator("section.stMain, [data-testid='stMain']").first


def _current(page) -> dict:
    heading = page.locator("h4").first
    heading.wait_for()
    return BY_PROMPT[heading.inner_text().strip()]


def _order_rows(page) -> list[str]:
    texts = page.locator("[data-testid='stText']").all_inner_texts()
    return [m.group(1) for t in texts if (m := re.match(r"^\d+\. (.+)$", t.strip()))]


def _answer_right(page, question: dict) -> None:
    main = _main(page)
    kind = question["type"]
    if kind in ("single_choice", "multiple_select"):
        for option in question["options"]:
            if option.get("correct"):
                main.get_by_text(option["text"], exact=True).click()
    elif kind == "true_false":
        main.get_by_text("True" if question["answer"] else "False", exact=True).click()
    elif kind == "short_answer":
        main.get_by_label("Your answer").fill(question["answers"][0])
    elif kind == "matching":
        for pair in question["pairs"]:
            main.get_by_label(pair["left"], exact=True).click()  # open the select box
            page.get_by_role("option", name=pair["right"], exact=True).click()
    elif kind == "ordering":
        target = question["items"]
        for _ in range(30):
            rows = _order_rows(page)
            if rows == target:
                break
            position = next(i for i, text in enumerate(rows) if text != target[i])
            wanted = rows.index(target[position])
            before = "|".join(page.locator("[data-testid='stText']").all_inner_texts())
            main.get_by_role("button", name="↑").nth(wanted).click()
            page.wait_for_function(
                "before => Array.from(document.querySelectorAll('[data-testid=stText]'))"
                ".map(e => e.innerText).join('|') !== before",
                arg=before,
            )
        assert _order_rows(page) == target
    main.get_by_role("button", name="Submit answer").click()


def test_whole_quiz_then_flashcard_review(page, study_server) -> None:
    page.goto(study_server.url)
    page.get_by_role("button", name="Start quiz").click()
    page.get_by_label(re.compile("Number of questions")).wait_for(state="detached")
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").wait_for()
        question = _current(page)
        _answer_right(page, question)
        page.get_by_text("Correct!").wait_for()
        expect(page.get_by_text(question["explanation"])).to_be_visible()
        page.get_by_role("button", name=re.compile("Next question|See my results")).click()
    page.get_by_text("Quiz complete").wait_for()
    expect(page.get_by_text("6 / 6")).to_be_visible()
    expect(page.get_by_text("You got every question right.")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first).to_be_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Best streak")).to_be_visible()

    sidebar.get_by_text("Flashcards").click()
    page.get_by_role("button", name="Show answer").click()
    back = page.get_by_text(re.compile(r"^Back (one|two)$"))
    back.wait_for()
    page.get_by_role("button", name="Good", exact=True).click()
    page.get_by_text(re.compile("Next review:")).wait_for()
    page.get_by_text(re.compile(r"new today: 1 of 20")).wait_for()
