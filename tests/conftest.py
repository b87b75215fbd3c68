"""Fixtures shared by all tests: SQLite and PostgreSQL stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quiz_app.store import Store
from tests.support.postgres import PostgresServer, find_bindir
from tests.support.requirements import require


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL for the whole run; each test gets its own database."""
    bindir = find_bindir()
    require(bindir is not None, "PostgreSQL server programs (initdb, pg_ctl)")
    assert bindir is not None
    server = PostgresServer.start(bindir)
    yield server
    server.stop()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'quiz.sqlite3'}")
    yield store
    store.close()


@pytest.fixture
def postgres_store(postgres_server: PostgresServer) -> Iterator[Store]:
    store = Store.open(postgres_server.create_database())
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request) -> Store:
    """The same test on a real SQLite file and on a real PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_store")
