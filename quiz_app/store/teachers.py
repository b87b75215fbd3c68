"""Teacher accounts (argon2id password hashes), logins that expire, and slowed-down guessing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from quiz_app.names import clean_name
from quiz_app.store import attempts
from quiz_app.store.schema import Teacher, TeacherSession, utcnow
from quiz_app.store.store import Store

_HASHER = PasswordHasher()  # argon2id with the library's recommended (slow, salted) parameters
_DUMMY_HASH = _HASHER.hash("timing-equaliser")
MIN_PASSWORD = 10
FREE_FAILURES = 5  # wrong passwords allowed before each further try must wait
MAX_DELAY = 300


def session_hours() -> float:
    """How long a login lasts (``QUIZ_APP_TEACHER_HOURS``, default 8)."""
    try:
        return max(0.01, float(os.environ.get("QUIZ_APP_TEACHER_HOURS", "8")))
    except ValueError:
        return 8.0


class AccountError(ValueError):
    """A teacher account operation that cannot be done; the message says why."""


@dataclass(frozen=True)
class TeacherInfo:
    id: int
    name: str


@dataclass(frozen=True)
class LoginResult:
    """``token`` on success; otherwise a message, and ``retry_after`` seconds when slowed down."""

    token: str | None
    teacher: TeacherInfo | None
    message: str = ""
    retry_after: int = 0


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password must have at least {MIN_PASSWORD} characters.")
    if len(password) > 1000:
        raise AccountError("The password is too long.")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add(store: Store, name: str, password: str) -> TeacherInfo:
    """Create a teacher; the name is cleaned like a nickname and must be new."""
    name = clean_name(name, max_length=40)
    _check_password(password)
    try:
        with store.unit() as session:
            row = Teacher(name=name, password_hash=_HASHER.hash(password))
            session.add(row)
            session.flush()
            return TeacherInfo(row.id, row.name)
    except IntegrityError:
        raise AccountError(f"A teacher called '{name}' already exists.") from None


def list_all(store: Store) -> list[TeacherInfo]:
    with store.unit() as session:
        return [TeacherInfo(t.id, t.name) for t in session.scalars(select(Teacher).order_by(Teacher.name))]


def count(store: Store) -> int:
    return len(list_all(store))


def remove(store: Store, name: str) -> None:
    with store.unit() as session:
        row = session.scalar(select(Teacher).where(Teacher.name == name))
        if row is None:
            raise AccountError(f"No teacher called '{name}'.")
        session.delete(row)


def set_password(store: Store, name: str, password: str) -> None:
    """Change the password and end every login of that teacher."""
    _check_password(password)
    with store.unit() as session:
        row = session.scalar(select(Teacher).where(Teacher.name == name))
        if row is None:
            raise AccountError(f"No teacher called '{name}'.")
        row.password_hash = _HASHER.hash(password)
        session.execute(delete(TeacherSession).where(TeacherSession.teacher_id == row.id))


def _wait_seconds(store: Store, name: str, client: str) -> int:
    failures, latest = max(
        attempts.recent_failures(store, "login", target=name),
        attempts.recent_failures(store, "login", client=client),
        key=lambda pair: pair[0],
    )
    if failures < FREE_FAILURES or latest is None:
        return 0
    delay = min(MAX_DELAY, 2 ** (failures - FREE_FAILURES + 1))
    return max(0, int((latest + dt.timedelta(seconds=delay) - utcnow()).total_seconds()) + 1)


def login(store: Store, name: str, password: str, client: str) -> LoginResult:
    """Check the password (slowly, also for unknown names) and open a session that expires."""
    name = " ".join((name or "").split())[:40]
    wait = _wait_seconds(store, name, client)
    if wait:
        return LoginResult(None, None, f"Too many wrong passwords. Try again in {wait} seconds.", wait)
    with store.unit() as session:
        row = session.scalar(select(Teacher).where(Teacher.name == name))
        stored_hash, teacher = (row.password_hash, TeacherInfo(row.id, row.name)) if row else (_DUMMY_HASH, None)
    try:
        _HASHER.verify(stored_hash, password or "")
        ok = teacher is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    attempts.record(store, "login", client, name, ok)
    if not ok or teacher is None:
        return LoginResult(None, None, "Wrong name or password.")
    token = secrets.token_urlsafe(32)
    with store.unit() as session:
        session.add(TeacherSession(token_hash=_digest(token), teacher_id=teacher.id,
                                   expires_at=utcnow() + dt.timedelta(hours=session_hours())))
    return LoginResult(token, teacher)


def by_session(store: Store, token: str | None) -> TeacherInfo | None:
    """The teacher of a live (unexpired) session token, else None. Called on every teacher page run."""
    if not token:
        return None
    with store.unit() as session:
        row = session.get(TeacherSession, _digest(token))
        if row is None or row.expires_at <= utcnow():
            return None
        teacher = session.get(Teacher, row.teacher_id)
        return TeacherInfo(teacher.id, teacher.name) if teacher else None


def logout(store: Store, token: str | None) -> None:
    if token:
        with store.unit() as session:
            session.execute(delete(TeacherSession).where(TeacherSession.token_hash == _digest(token)))
