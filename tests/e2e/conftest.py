"""Fixtures for end-to-end tests: a real server on the sample pack and a real Chromium page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.support.browser import CHROMIUM_ARGS, chromium_path
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


@pytest.fixture
def new_page(browser) -> Iterator[object]:
    """A factory of pages, each in its own browser context (a separate device)."""
    contexts = []

    def make() -> object:
        context = browser.new_context(viewport={"width": 1200, "height": 1000})
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
def study_server(tmp_path, start_server) -> StreamlitServer:
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    return start_server({"QUIZ_APP_BANK": str(bank), "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of every open page when an end-to-end test fails (in the test's tmp folder)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "new_page" in item.funcargs:
        folder = item.funcargs.get("tmp_path")
        for number, context in enumerate(getattr(item.funcargs["new_page"], "contexts", [])):
            for page in context.pages:
                with contextlib.suppress(Exception):  # a crashed page must not hide the real failure
                    page.screenshot(path=str(folder / f"failure-{number}.png"), full_page=True)


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
