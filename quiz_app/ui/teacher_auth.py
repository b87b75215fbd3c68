"""The teacher login gate. Every teacher page calls :func:`require_teacher` first, on every run:
the session token is checked against the database each time, so a hidden menu entry, an expired
login or a forged session value never opens a teacher page."""

from __future__ import annotations

import streamlit as st

from quiz_app.store import teachers
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.clients import client_id
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain


def _login_form() -> None:
    store = get_store()
    if teachers.count(store) == 0:
        st.info("No teacher account exists yet. Whoever runs the server creates one with:")
        st.code("python -m quiz_app teacher add YOUR-NAME", language=None)
        return
    with st.form("teacher-login"):
        name = st.text_input("Name", max_chars=40)
        password = st.text_input("Password", type="password", max_chars=1000)
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        result = teachers.login(store, name, password, client_id())
        if result.token:
            st.session_state[keys.TEACHER_TOKEN] = result.token
            st.rerun()
        st.error(result.message)


def require_teacher() -> TeacherInfo:
    """The logged-in teacher, or draw the login form and stop the page."""
    token = st.session_state.get(keys.TEACHER_TOKEN)
    teacher = teachers.by_session(get_store(), token)
    if teacher is None:
        if token:
            st.session_state.pop(keys.TEACHER_TOKEN, None)
            st.warning("Your login has expired. Please log in again.")
        st.title("Teacher login", anchor=False)
        _login_form()
        st.stop()
    with st.sidebar:
        st.caption(f"Logged in as {plain(teacher.name)}")
        if st.button("Log out", key="teacher-logout"):
            teachers.logout(get_store(), token)
            st.session_state.pop(keys.TEACHER_TOKEN, None)
            st.rerun()
    return teacher
