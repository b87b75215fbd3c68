"""The store handle: an engine plus one SQLAlchemy session per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quiz_app.store.db import create_db_engine


class Store:
    """Holds the engine; modules in this package take a ``Store`` and return plain records."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (and migrate) the database at ``url``, default ``DATABASE_URL`` or SQLite."""
        return cls(create_db_engine(url))

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any exception."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
