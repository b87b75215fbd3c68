"""Opening the database: URL from ``DATABASE_URL`` or a SQLite file, WAL mode, migrations at start."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc, text

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_SQLITE = DATA_DIR / "quiz_app.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 72_022  # any constant: PostgreSQL advisory lock id for "migrating"
PING_AFTER_IDLE = 10.0  # seconds: a pooled connection idle this long is tested before use


def database_url() -> str:
    """``DATABASE_URL`` if set (``postgres://`` is accepted), else the default SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _ping_if_idle(engine: Engine) -> None:
    """Test a pooled connection before use only when it sat idle for :data:`PING_AFTER_IDLE` s.

    ``pool_pre_ping`` tests it on every checkout: one more round trip on every unit of work, a
    quarter to a half of all of them on the classroom's hot paths (each student's page polls every
    2 s). A connection broken while in use (the database restarted) still fails that one request
    and is replaced; one that broke while idle, the common case, is replaced before use.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # the pool drops this connection and checks out another
            raise exc.DisconnectionError() from error


def create_db_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`), with migrations applied."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20)
        _ping_if_idle(engine)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe when several servers start at once)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
