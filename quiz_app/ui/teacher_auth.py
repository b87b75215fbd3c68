"""The teacher login gate. Every teacher page calls :func:`require_teacher` first, on every run:
the login token is checked against the database each time, so a hidden menu entry, an expired
login, a changed password or a forged cookie never opens a teacher page.

The token comes from the ``HttpOnly`` cookie that the app's own login route sets
(``quiz_app/web/auth.py``: a real HTML form, so password managers fill it), read with
``st.context.cookies``: a reload or a new tab of the same browser stays logged in, and no token
ever appears in an address, on the projector or in a screenshot.

Test seam: AppTest sessions carry no cookies (``st.context.cookies`` cannot be seeded), so the
page tests put a token from :func:`quiz_app.store.teachers.login` into
``st.session_state[keys.TEST_TEACHER_TOKEN]``. It is no way in for a browser: the app never writes
that key and a browser cannot write session state, and the token is checked like the cookie's.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from quiz_app.store import teachers
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain
from quiz_app.web.auth import COOKIE, LOGOUT_PATH, login_url, safe_next


def login_token() -> str | None:
    """This browser's teacher login token (the cookie), or the AppTest seam's."""
    token = st.context.cookies.get(COOKIE)
    if isinstance(token, str) and token:
        return token
    seam = st.session_state.get(keys.TEST_TEACHER_TOKEN)
    return seam if isinstance(seam, str) else None


_BUTTON = ("display:inline-block;padding:.4rem .9rem;border-radius:.5rem;text-decoration:none;font-weight:600;"
           "border:1px solid {border};background:{background};color:{color}")


def _same_tab_button(label: str, href: str, primary: bool = False) -> str:
    """A link styled as a button that opens in this tab (``st.link_button`` always opens a new one).

    ``href`` is one of the app's own fixed paths and ``label`` a fixed text: nothing from a user.
    """
    style = _BUTTON.format(border="#c62828" if primary else "#d5d7de", background="#c62828" if primary else "#fff",
                           color="#fff" if primary else "#31333f")
    return f'<a href="{html.escape(href)}" style="{style}">{html.escape(label)}</a>'


def _login_prompt(next_path: str) -> None:
    if teachers.count(get_store()) == 0:
        st.info("No teacher account exists yet. Whoever runs the server creates one with:")
        st.code("python -m quiz_app teacher add YOUR-NAME", language=None, wrap_lines=True)
        return
    st.write("This page is for teachers. Log in with your name and password; you stay logged in in this "
             "browser until you log out.")
    st.html(_same_tab_button("Log in", login_url(next_path), primary=True))


def _this_page() -> str:
    """This page's path (and ``?quiz=``), for the login form to send the teacher back here."""
    url = st.context.url
    if not isinstance(url, str):
        return "/teacher"
    parts = urlsplit(url)
    quiz = dict(parse_qsl(parts.query)).get("quiz")
    return safe_next(parts.path + (f"?quiz={quiz}" if quiz else ""))


def require_teacher() -> TeacherInfo:
    """The logged-in teacher, or draw the way to log in (back to this page) and stop the page."""
    token = login_token()
    teacher = teachers.by_session(get_store(), token)
    if teacher is None:
        st.title("Teacher login", anchor=False)
        if token:
            st.warning("Your login has expired or was ended. Please log in again.")
        _login_prompt(_this_page())
        st.stop()
    with st.sidebar:
        st.caption(f"Logged in as {plain(teacher.name)}")
        st.html(_same_tab_button("Log out", LOGOUT_PATH))
    return teacher
