"""Teacher: log in, build class quizzes, run them live, and read the results."""

from __future__ import annotations

import streamlit as st

from quiz_app.screens.classroom.dashboard import show_quiz
from quiz_app.screens.classroom.quiz_builder import build_quiz_form
from quiz_app.store import classroom as rooms
from quiz_app.ui import keys
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.teacher_auth import require_teacher

PICKER = "teacher-quiz-choice"


def main() -> None:
    teacher = require_teacher()  # on every run, before anything else is drawn
    bank = get_bank()
    st.title("Teacher", anchor=False)
    mine = rooms.of_teacher(get_store(), teacher.id)
    choices = [None, *[q.id for q in mine]]
    labels = {q.id: f"{q.title} · {q.code} · {q.mode} · {q.state.phase}" for q in mine}
    if keys.TEACHER_QUIZ not in st.session_state:  # a new tab, a reload, just logged in: the quiz under way
        current = rooms.running(mine)
        st.session_state[keys.TEACHER_QUIZ] = current.id if current else None
    selected = st.session_state.get(keys.TEACHER_QUIZ)
    if st.session_state.pop(keys.PICK_QUIZ, False) and selected in choices:
        st.session_state[PICKER] = selected  # a quiz just created: show it (the picker keeps its own choice)
    index = choices.index(selected) if selected in choices else 0
    picked = st.selectbox("Quiz", choices, index=index, key=PICKER,
                          format_func=lambda q: "➕ New quiz" if q is None else labels[q])  # options are plain text
    st.session_state[keys.TEACHER_QUIZ] = picked
    if picked is None:
        build_quiz_form(bank, teacher)
    else:
        show_quiz(bank, teacher, picked)


main()
