"""Pictures in a real Chromium at laptop and phone size (the journey fixtures): study guide -> Quiz me on this
-> a picture question and its feedback -> flashcards. Every picture is served by the image route and
decoded, fits the screen, sits above the answer widgets, and has its alt text in the DOM; each step is
checked (no traceback, no Markdown escape seen or heard, axe-core clean) and saved as a screenshot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.pictures import BACK_ALT, FRONT_ALT, OPTION_ALTS, PROMPT_ALT, TOPIC_ALT, write_pictured_pack

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture
def pictures_server(tmp_path, start_server):
    write_pictured_pack(tmp_path / "bank")
    return start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"),
                         "DATABASE_URL": f"sqlite:///{tmp_path / 'pictures.sqlite3'}"})


def _loaded_image(page, alt: str) -> None:
    """An <img> with this alt text is on the page, was served by the app and decoded (not a broken image)."""
    image = page.locator(f"img[alt={alt!r}]").first
    image.wait_for()
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "/api/media/" in (image.get_attribute("src") or "")
    box = image.bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"]  # fits the screen


def test_guide_quiz_and_cards_show_pictures_with_alt_text(new_page, pictures_server, journey, viewport) -> None:
    page = new_page()
    page.goto(f"{pictures_server.url}/guide")
    page.get_by_role("heading", name="Study guide").wait_for()
    _loaded_image(page, TOPIC_ALT)
    expect(page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first).to_be_visible()
    journey.step(page, "study guide")
    page.get_by_role("button", name=re.compile(r"Quiz me on Causes")).click()
    page.get_by_text("Question 1 of 3").wait_for()
    _loaded_image(page, PROMPT_ALT)
    for alt in OPTION_ALTS:
        _loaded_image(page, alt)
    picture = page.locator(f"img[alt={PROMPT_ALT!r}]").first.bounding_box()
    answers = page.get_by_test_id("stRadioGroup").bounding_box()
    assert picture["y"] + picture["height"] <= answers["y"]  # above the answer widgets, never over them
    journey.step(page, "picture question")
    page.get_by_test_id("stRadioGroup").get_by_text("Liquefied petroleum gas", exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_text("Correct!").wait_for()
    _loaded_image(page, PROMPT_ALT)  # the feedback keeps the picture
    journey.step(page, "feedback")
    page.goto(re.sub(r"/[^/?]*(\?|$)", r"/flashcards\1", page.url, count=1))  # the same learner, by the link
    _loaded_image(page, FRONT_ALT)
    journey.step(page, "flashcard front")
    page.get_by_role("button", name="Show answer").click()
    _loaded_image(page, BACK_ALT)
    journey.step(page, "flashcard back")
