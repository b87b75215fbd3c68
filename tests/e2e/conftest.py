"""Fixtures for end-to-end tests: a real server on the sample pack and a real Chromium page."""

from __future__ import annotations

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
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def study_server(tmp_path) -> Iterator[StreamlitServer]:
    bank = tmp_path / "bank"
    write_sample_pack(bank)
    server = StreamlitServer({"QUIZ_APP_BANK": str(bank), "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}"})
    server.start(tmp_path / "server.log")
    yield server
    server.kill()
