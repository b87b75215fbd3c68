"""Fixtures for end-to-end tests: a real server on the sample pack and a real Chromium page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.support.browser import ARTIFACTS, AXE, CHROMIUM_ARGS, DEVICES, FIGURES, Journey, chromium_path
from tests.support.requirements import require
from tests.support.sample import write_sample_pack
from tests.support.server import StreamlitServer


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    require(path is not None, "Debian's chromium browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright's Python package")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(DEVICES))
def viewport(request) -> str:
    """Run the test on a laptop (1280x900) and on a phone-sized screen (390x844)."""
    return request.param


@pytest.fixture
def new_page(browser, request) -> Iterator[object]:
    """A factory of pages, each in its own browser context (a separate device), at the test's
    viewport (``viewport`` fixture) or a named one; ``context=`` opens a new tab of that device."""
    contexts = []
    default = request.getfixturevalue("viewport") if "viewport" in request.fixturenames else "laptop"

    def make(size: str | None = None, context: object | None = None) -> object:
        if context is None:
            context = browser.new_context(**DEVICES[size or default])
            context.set_default_timeout(20_000)
            contexts.append(context)
        return context.new_page()

    make.contexts = contexts  # type: ignore[attr-defined]  (read by the screenshot hook below)
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> object:
    return new_page()


@pytest.fixture
def journey(request) -> Journey:
    """Screenshots and page checks for the steps of this test, in test-artifacts/screenshots/."""
    name = request.node.name.replace("[", "-").rstrip("]")
    return Journey(ARTIFACTS / "screenshots" / request.node.module.__name__.rsplit(".", 1)[-1] / name)


@pytest.fixture
def study_server(tmp_path, start_server) -> StreamlitServer:
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    return start_server({"QUIZ_APP_BANK": str(bank), "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of every open page when an end-to-end test fails (test-artifacts/failures/)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "new_page" in item.funcargs:
        folder = ARTIFACTS / "failures" / item.name.replace("[", "-").rstrip("]")
        folder.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(getattr(item.funcargs["new_page"], "contexts", [])):
            for tab, page in enumerate(context.pages):
                with contextlib.suppress(Exception):  # a crashed page must not hide the real failure
                    page.screenshot(path=str(folder / f"device-{number}-tab-{tab}.png"), full_page=True)


@pytest.fixture
def start_server(tmp_path) -> Iterator[object]:
    """Start `streamlit run` servers; every one is killed when the test ends, pass or fail."""
    started: list[StreamlitServer] = []

    def start(env: dict[str, str], port: int | None = None) -> StreamlitServer:
        server = StreamlitServer(env) if port is None else StreamlitServer(env, port=port)
        started.append(server)
        return server.start(tmp_path / f"server-{len(started)}.log")

    yield start
    for server in started:
        server.kill()


def pytest_terminal_summary(terminalreporter) -> None:
    """What axe-core found on the pages the browser tests checked, and what they measured (the
    README quotes both)."""
    write = terminalreporter.write_line
    for line in FIGURES:
        write(line)
    if not AXE.pages:
        return
    write(f"axe-core 4.12.1 on {AXE.pages} page states: {AXE.own} serious or critical violations of the app's own "
          "markup")
    for finding, count in sorted(AXE.streamlit.items()):
        write(f"  Streamlit's own menu markup: {finding}, {count} elements")
    for finding, count in sorted(AXE.minor.items()):
        write(f"  moderate or minor (not failing): {finding}, {count} elements")
