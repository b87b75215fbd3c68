"""AppTest fixtures: the app on a small sample bank and a fresh SQLite file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz_app.store import Store, teachers
from quiz_app.store.teachers import TeacherInfo
from tests.screens.driver import PASSWORD, serve_bank
from tests.support.sample import write_sample_pack

APP = str(Path(__file__).resolve().parents[2] / "quiz_app" / "app.py")


@pytest.fixture
def app_env(tmp_path, monkeypatch) -> Iterator[None]:
    write_sample_pack(tmp_path / "bank")
    yield from serve_bank(monkeypatch, tmp_path / "bank", tmp_path / "app.sqlite3")


@pytest.fixture
def make_app(app_env) -> Callable[..., AppTest]:
    """A new AppTest (a new browser session); pass ``query`` to open a link with parameters."""

    def make(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in (query or {}).items():
            at.query_params[name] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, at.exception
        return at

    return make


@pytest.fixture
def store(app_env) -> Store:
    """The app's own database (the same file the AppTest runs use)."""
    store = Store.open(os.environ["DATABASE_URL"])
    yield store
    store.close()


@pytest.fixture
def teacher(store: Store) -> TeacherInfo:
    return teachers.add(store, "Ms Teacher", PASSWORD)
