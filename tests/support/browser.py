"""Headless Debian Chromium driven by Playwright's Python API (no browser download)."""

from __future__ import annotations

import re
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _main(page):
    return page.locator("section.stMain, [data-testid='stMain']").first


def current_question(page, by_prompt: dict) -> dict:
    """The sample question whose prompt is the page's h4 heading."""
    heading = page.locator("h4").first
    heading.wait_for()
    return by_prompt[heading.inner_text().strip()]


def _order_rows(page) -> list[str]:
    texts = page.locator("[data-testid='stText']").all_inner_texts()
    return [m.group(1) for t in texts if (m := re.match(r"^\d+\. (.+)$", t.strip()))]


def answer_right(page, question: dict) -> None:
    """Answer a sample-pack question correctly through its widgets, then press Submit."""
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
