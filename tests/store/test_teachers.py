"""Teacher accounts and logins, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import select

from quiz_app.store import Store, teachers
from quiz_app.store.schema import Attempt, Teacher, TeacherSession


def test_password_is_stored_only_as_a_salted_argon2_hash(store: Store) -> None:
    teachers.add(store, "Ms Example", "correct horse battery")
    teachers.add(store, "Mr Other", "correct horse battery")
    with store.unit() as session:
        hashes = list(session.scalars(select(Teacher.password_hash)))
    assert all(h.startswith("$argon2id$") and "correct horse" not in h for h in hashes)
    assert hashes[0] != hashes[1]  # salted


@pytest.mark.parametrize(("name", "password", "message"), [
    ("Ms Example", "short", "at least 10"),
    ("   ", "long enough password", "type a name"),
])
def test_bad_accounts_are_refused(store: Store, name, password, message) -> None:
    with pytest.raises(ValueError, match=message):
        teachers.add(store, name, password)


def test_duplicate_remove_and_passwd(store: Store) -> None:
    teachers.add(store, "Aida", "first password!")
    with pytest.raises(teachers.AccountError, match="already exists"):
        teachers.add(store, "Aida", "another password")
    login = teachers.login(store, "Aida", "first password!", "client")
    assert teachers.by_session(store, login.token) is not None
    teachers.set_password(store, "Aida", "second password!")
    assert teachers.by_session(store, login.token) is None  # changing the password ends logins
    assert teachers.login(store, "Aida", "first password!", "client").token is None
    assert teachers.login(store, "Aida", "second password!", "client").token
    assert [t.name for t in teachers.list_all(store)] == ["Aida"]
    teachers.remove(store, "Aida")
    assert teachers.list_all(store) == []
    with pytest.raises(teachers.AccountError):
        teachers.remove(store, "Aida")


def test_login_expires_and_logout(store: Store) -> None:
    teachers.add(store, "Aida", "first password!")
    result = teachers.login(store, "Aida", "first password!", "client")
    assert result.teacher and result.teacher.name == "Aida"
    with store.unit() as session:
        row = session.scalars(select(TeacherSession)).one()
        assert result.token not in row.token_hash  # only a digest is stored
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert teachers.by_session(store, result.token) is None
    again = teachers.login(store, "Aida", "first password!", "client")
    teachers.logout(store, again.token)
    assert teachers.by_session(store, again.token) is None
    assert teachers.by_session(store, None) is None and teachers.by_session(store, "forged") is None


def test_repeated_wrong_passwords_are_slowed_down(store: Store) -> None:
    teachers.add(store, "Aida", "first password!")
    for _ in range(teachers.FREE_FAILURES):
        assert teachers.login(store, "Aida", "wrong", "attacker").message == "Wrong name or password."
    slowed = teachers.login(store, "Aida", "first password!", "attacker")
    assert slowed.token is None and slowed.retry_after > 0 and "Try again in" in slowed.message
    # the wait applies to the account whatever the client, and to the client whatever the account
    assert teachers.login(store, "Aida", "first password!", "elsewhere").retry_after > 0
    assert teachers.login(store, "Nobody", "x", "attacker").retry_after > 0
    with store.unit() as session:
        for row in session.scalars(select(Attempt)):
            row.at = row.at - dt.timedelta(hours=1)
    assert teachers.login(store, "Aida", "first password!", "attacker").token
