"""In a real browser: the options grid of the editor ticks *Correct* with one click."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from quiz_app.store import authoring as packs
from tests.e2e.test_editor_browser import class_pack, open_editor  # noqa: F401 (class_pack is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.server]
HEADER, ROW = 35, 35  # Streamlit's data editor: header and row heights in pixels


def _checkbox(page, canvas, row: int) -> tuple[float, float]:
    """Where the checkbox of ``row`` is on the page: the rightmost dark pixels of that row (the option text is
    at the left, the Correct column at the right)."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    y = HEADER + ROW * row + ROW // 2
    image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L")
    dark = [x for x in range(image.width - 3) if image.getpixel((x, y)) < 190]
    assert dark, "no checkbox drawn in the row"
    return box["x"] + dark[-1] - 6, box["y"] + y


def _click(page, point: tuple[float, float]) -> None:
    page.mouse.move(*point)  # a person's pointer is over the box before they press it
    page.mouse.click(*point)


def test_one_click_ticks_correct(new_page, class_pack) -> None:  # noqa: F811
    store, server = class_pack
    page = new_page()
    open_editor(page, server)
    page.get_by_text("This pack is valid: students can use it.").wait_for()
    page.get_by_role("combobox", name="Item").click()
    page.get_by_role("option", name="Single choice · Which fuel price rose?").click()
    canvas = page.locator("[data-testid='stDataFrameResizable'] canvas").first
    canvas.wait_for()
    page.wait_for_timeout(500)  # the grid draws its cells after the element appears
    _click(page, _checkbox(page, canvas, 1))  # tick "Coal": one click
    expect(page.get_by_text("tick Correct for exactly one option (2 are ticked)")).to_be_visible()
    _click(page, _checkbox(page, canvas, 0))  # untick "Liquefied petroleum gas": one click
    expect(page.get_by_text("tick Correct for exactly one option")).to_have_count(0)
    page.get_by_role("button", name="Save", exact=True).click()
    for _ in range(100):  # the save is a server round trip; wait for its revision
        if packs.item(store, "class-9b", "c9-first").revision == 2:
            break
        page.wait_for_timeout(100)
    saved = packs.item(store, "class-9b", "c9-first").data
    assert [option.get("correct", False) for option in saved["options"]] == [False, True, False]
