"""Teacher: log in, build class quizzes, run them live, and read the results."""

from __future__ import annotations

import streamlit as st

from quiz_app.screens.classroom.dashboard import show_quiz
from quiz_app.screens.classroom.quiz_builder import build_quiz_form
from quiz_app.store import classroom as rooms
from quiz_app.ui import keys
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.teacher_auth import require_teacher

NEW_QUIZ = 0  # the picker's "New quiz" entry (quiz ids start at 1; None would read as no choice)


def main() -> None:
    teacher = require_teacher()  # on every run, before anything else is drawn
    bank = get_bank()
    st.title("Teacher", anchor=False)
    mine = rooms.of_teacher(get_store(), teacher.id)
    choices = [NEW_QUIZ, *[q.id for q in mine]]
    labels = {q.id: f"{q.title} · {q.code} · {q.mode}" for q in mine}  # never changes: the picker keeps its choice
    if keys.TEACHER_QUIZ not in st.session_state and (current := rooms.running(mine)) is not None:
        st.session_state[keys.TEACHER_QUIZ] = current.id  # a new tab, a reload, just logged in: the quiz under way
    if (opened := st.session_state.pop(keys.TEACHER_OPEN, None)) is not None:
        st.session_state[keys.TEACHER_QUIZ] = opened  # just created: open it
    if st.session_state.get(keys.TEACHER_QUIZ, NEW_QUIZ) not in choices:
        st.session_state[keys.TEACHER_QUIZ] = NEW_QUIZ  # not (or no longer) one of this teacher's quizzes
    picked = st.selectbox("Quiz", choices, key=keys.TEACHER_QUIZ,
                          format_func=lambda q: labels.get(q, "➕ New quiz"))  # options are plain text
    if picked == NEW_QUIZ:
        build_quiz_form(bank, teacher)
    else:
        show_quiz(bank, teacher, picked)


main()
