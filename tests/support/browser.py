"""Headless Debian Chromium driven by Playwright's Python API (no browser download), and what a
journey test needs: both viewports, answering by mouse or by keyboard alone (counting the keys),
and a check of every page (no traceback, no Markdown escape, axe-core clean) with a screenshot."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
VIEWPORTS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# A phone is more than a narrow window: touch, a mobile user agent (Streamlit closes its menu after
# a tap only on mobile), and a dense screen (Playwright's "Pixel 5" description, at 390x844).
DEVICES: dict[str, dict[str, Any]] = {
    "laptop": {"viewport": VIEWPORTS["laptop"]},
    "phone": {"viewport": VIEWPORTS["phone"], "is_mobile": True, "has_touch": True, "device_scale_factor": 2.75,
              "user_agent": "Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/156.0.0.0 Mobile Safari/537.36"},
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # kept out of git (.gitignore)
PROMPT = "[data-testid='stMain'] h2"  # a question's prompt (or a flashcard's front) is the page's h2
MAIN = "section.stMain, [data-testid='stMain']"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _main(page):
    return page.locator(MAIN).first


def current_question(page, by_prompt: dict) -> dict:
    """The sample question whose prompt is the page's h2 heading."""
    heading = page.locator(PROMPT).first
    heading.wait_for()
    return by_prompt[heading.inner_text().strip()]


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the drop-down labelled ``label`` with the mouse (or a tap)."""
    _main(page).get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def answer_right(page, question: dict, submit: bool = True) -> None:
    """Answer a sample-pack question correctly through its widgets with the mouse, then Submit."""
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
            _choose(page, pair["left"], pair["right"])
    elif kind == "ordering":
        items = question["items"]
        for place, item in enumerate(items):
            label = f"Place {place + 1} of {len(items)}"
            if main.get_by_label(label, exact=True).input_value() != item:
                _choose(page, label, item)
                settle(page)  # the swap reran the page: two places changed
        assert [main.get_by_label(f"Place {n + 1} of {len(items)}", exact=True).input_value()
                for n in range(len(items))] == items
    if submit:
        main.get_by_role("button", name="Submit answer").click()


# ------------------------------------------------------------------------------------- keyboard

_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) {
    return {tag: 'BODY', role: '', name: '', value: '', checked: null, highlighted: null, options: []};
  }
  const label = e.getAttribute('aria-label') || e.closest('label')?.innerText || e.innerText || '';
  const active = e.getAttribute('aria-activedescendant');
  const list = document.getElementById(e.getAttribute('aria-controls') || '');
  return {tag: e.tagName, role: e.getAttribute('role') || e.type || '', name: label.trim(),
          value: e.value ?? '', checked: e.checked ?? null,
          highlighted: active ? (document.getElementById(active)?.innerText || '').trim() : null,
          options: list ? [...list.querySelectorAll('[role=option]')].map(o => o.innerText.trim()) : []};
}"""


@dataclass
class Keyboard:
    """Keys pressed on ``page`` only through the keyboard, counted (typed characters apart)."""

    page: Any
    presses: Counter[str] = field(default_factory=Counter)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses[key] += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.presses["typed characters"] += len(text)

    @property
    def keys(self) -> int:
        """Presses of keys other than typed characters (Tab, arrows, Enter, Space...)."""
        return sum(n for key, n in self.presses.items() if key != "typed characters")

    def focused(self) -> dict:
        return self.page.evaluate(_FOCUS)

    def tab_to(self, wanted: Callable[[dict], bool], limit: int = 60) -> dict:
        """Press Tab until the focused element is ``wanted``. From nowhere (the element that had the
        focus was redrawn away), the first Tab goes on from where it was, or to the skip link."""
        focus = self.focused()
        if wanted(focus):
            return focus
        if focus["tag"] == "BODY":
            self.press("Tab")
            focus = self.focused()
            if wanted(focus):
                return focus
            if "Skip to main content" in focus["name"]:
                self.press("Enter")
        for _ in range(limit):
            self.press("Tab")
            focus = self.focused()
            if wanted(focus):
                return focus
        raise AssertionError(f"Tab never reached the wanted element; last focus {focus}")

    def pick(self, option: str) -> None:
        """In the focused drop-down: open it, move to ``option`` with the arrow keys, choose it."""
        self.press("ArrowDown")  # opens the list on the chosen option (or the first)
        focus = self.focused()
        if option not in focus["options"] or focus["highlighted"] not in focus["options"]:
            raise AssertionError(f"option {option!r} not in the open list {focus}")
        steps = focus["options"].index(option) - focus["options"].index(focus["highlighted"])
        for _ in range(abs(steps)):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        assert self.focused()["highlighted"] == option, self.focused()
        self.press("Enter")

    def radio(self, option: str) -> None:
        """In the focused radio group: move to ``option`` and select it."""
        for _ in range(10):
            focus = self.focused()
            if focus["name"] == option:
                if not focus["checked"]:
                    self.press("Space")
                return
            self.press("ArrowDown")
        raise AssertionError(f"radio option {option!r} not reached")


def named(name: str) -> Callable[[dict], bool]:
    return lambda focus: focus.get("name") == name


def answer_by_keyboard(page, question: dict, keys: Keyboard) -> None:
    """Answer a sample-pack question correctly and submit it with the keyboard alone."""
    kind = question["type"]
    if kind == "single_choice":
        keys.tab_to(lambda f: f["role"] == "radio")
        keys.radio(next(o["text"] for o in question["options"] if o.get("correct")))
    elif kind == "true_false":
        keys.tab_to(lambda f: f["role"] == "radio")
        keys.radio("True" if question["answer"] else "False")
    elif kind == "multiple_select":
        right = {o["text"] for o in question["options"] if o.get("correct")}
        focus = keys.tab_to(lambda f: f["role"] == "checkbox")
        while focus["role"] == "checkbox":
            if focus["name"] in right:
                keys.press("Space")
            keys.press("Tab")
            focus = keys.focused()
    elif kind == "short_answer":
        keys.tab_to(named("Your answer"))
        keys.type(question["answers"][0])
    elif kind == "matching":
        for pair in question["pairs"]:
            keys.tab_to(named(pair["left"]))
            keys.pick(pair["right"])
    elif kind == "ordering":
        items = question["items"]
        for place, item in enumerate(items):
            label = f"Place {place + 1} of {len(items)}"
            focus = keys.tab_to(named(label))
            if focus["value"] != item:
                keys.pick(item)
                settle(page)  # the swap reran the page; focus stays on this place
    keys.tab_to(named("Submit answer"))
    keys.press("Enter")


# ---------------------------------------------------------------------------------- page checks

_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|~$:'\"<>&@=^]")
# The only serious findings axe-core reports that our markup does not cause: Streamlit's own
# sidebar menu puts <div>s (section headers) directly inside its <ul> (rules list/listitem).
STREAMLIT_OWN = {"list", "listitem"}
_STREAMLIT_MENU = "stSidebarNav"


def _axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


@dataclass
class AxeLog:
    """What axe-core found over a test run (printed at its end by tests/e2e/conftest.py)."""

    pages: int = 0
    own: int = 0
    streamlit: Counter[str] = field(default_factory=Counter)
    minor: Counter[str] = field(default_factory=Counter)  # moderate and minor findings, ours or not


AXE = AxeLog()
FIGURES: list[str] = []  # lines the browser tests measured (key presses, taps), printed at the end of the run


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on ``page`` that the app's own markup causes."""
    page.evaluate(_axe_script())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    AXE.pages += 1
    problems = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            AXE.minor[f"{violation['id']} ({violation['impact']})"] += len(violation["nodes"])
            continue
        ours = [n for n in violation["nodes"]
                if not (violation["id"] in STREAMLIT_OWN and _in_streamlit_menu(page, n["target"]))]
        AXE.streamlit[f"{violation['id']} ({violation['impact']})"] += len(violation["nodes"]) - len(ours)
        AXE.own += len(ours)
        for node in ours:
            problems.append(f"axe {violation['id']} ({violation['impact']}): {node['target']}: "
                            f"{node.get('failureSummary', '')[:300]}")
    return problems


def _in_streamlit_menu(page, target: list[str]) -> bool:
    return bool(page.evaluate("([sel, id]) => !!document.querySelector(sel)?.closest(`[data-testid=${id}]`)",
                              [target[0], _STREAMLIT_MENU]))


def page_problems(page) -> list[str]:
    """A traceback, a raw Markdown escape (seen or heard) or an axe violation of our own, as text."""
    problems = []
    if page.locator("[data-testid='stException']").count():
        problems.append("a traceback is on the page")
    text = page.locator("body").inner_text()
    if "Traceback (most recent call last)" in text:
        problems.append("a traceback is on the page")
    problems += [f"visible Markdown escape: {m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 40]!r}…"
                 for m in _ESCAPE.finditer(text)]
    heard = page.evaluate("() => [...document.querySelectorAll('[aria-label], [title], img[alt]')].flatMap(e => "
                          "['aria-label', 'title', 'alt'].map(a => e.getAttribute(a))).filter(Boolean)")
    problems += [f"Markdown escape read aloud: {m.group(0)!r} in {name!r}"
                 for name in heard for m in _ESCAPE.finditer(name)]
    return problems + axe_problems(page)


@dataclass
class Journey:
    """Steps of one journey: each step waits for the page to settle, saves a screenshot under
    ``test-artifacts/screenshots/<test>/<viewport>/`` and fails on any :func:`page_problems`."""

    folder: Path
    steps: int = 0
    seen: list[str] = field(default_factory=list)

    def step(self, page, name: str, check: bool = True) -> None:
        settle(page)
        if not self.steps and self.folder.exists():
            shutil.rmtree(self.folder)  # screenshots of an earlier run of this test
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=True)
        self.seen.append(name)
        if check:
            problems = page_problems(page)
            assert not problems, f"{name}:\n" + "\n".join(problems)


_IDLE = ("() => document.querySelector('[data-testid=stMain] [data-testid=stElementContainer]') && "
         "!document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]')")


def settle(page, timeout: float = 20_000) -> None:
    """Wait until Streamlit has connected, run the script and drawn it (no running indicator, no
    stale elements), twice in a row a moment apart: a rerun may follow the first run at once."""
    for _ in range(2):
        page.wait_for_function(_IDLE, timeout=timeout)
        page.wait_for_timeout(250)
