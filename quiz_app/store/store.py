"""The store handle: an engine plus one SQLAlchemy session per unit of work."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quiz_app.store.db import create_db_engine

_serials = itertools.count(1)


class Store:
    """Holds the engine; modules in this package take a ``Store`` and return plain records."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.serial = next(_serials)  # tells this handle's cached values from another database's
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Same pool, but each statement commits on its own: no BEGIN and COMMIT round trips.
        self._readers = sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (and migrate) the database at ``url``, default ``DATABASE_URL`` or SQLite."""
        return cls(create_db_engine(url))

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any exception."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for a read of one statement, in autocommit mode (one round trip, not three).

        For hot read paths (every poll of every student's page). The statement sees the data as it
        is when it runs; anything that writes, or needs several statements to agree, uses :meth:`unit`.
        """
        with self._readers() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
