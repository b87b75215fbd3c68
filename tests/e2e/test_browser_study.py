"""End to end in headless Chromium against `streamlit run`: a whole quiz, then a flashcard review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import answer_right, current_question
from tests.support.sample import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.server]
BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}


def test_whole_quiz_then_flashcard_review(page, study_server) -> None:
    page.goto(study_server.url)
    page.get_by_role("button", name="Start quiz").click()
    page.get_by_label(re.compile("Number of questions")).wait_for(state="detached")
    for number in range(1, 7):
        page.get_by_text(f"Question {number} of 6").wait_for()
        question = current_question(page, BY_PROMPT)
        answer_right(page, question)
        page.get_by_text("Correct!").wait_for()
        expect(page.get_by_text(question["explanation"])).to_be_visible()
        page.get_by_role("button", name=re.compile("Next question|See my results")).click()
    page.get_by_text("Quiz complete").wait_for()
    expect(page.get_by_text("6 / 6")).to_be_visible()
    expect(page.get_by_text("You got every question right.")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first).to_be_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("6 answered · 6 right · 100% of the marks · streak 6 (best 6)")).to_be_visible()

    sidebar.get_by_text("Flashcards").click()
    page.get_by_role("button", name="Show answer").click()
    back = page.get_by_text(re.compile(r"^Back (one|two)$"))
    back.wait_for()
    page.get_by_role("button", name="Good", exact=True).click()
    page.get_by_text(re.compile("Next review:")).wait_for()
    page.get_by_text(re.compile(r"new today: 1 of 20")).wait_for()
