"""Starting a self-study quiz: shared by the quiz page's set-up form and the study guide's "Quiz me on this"."""

from __future__ import annotations

import random

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.practice.selection import QuizSettings, select_questions
from quiz_app.store import quizzes
from quiz_app.ui import keys
from quiz_app.ui.learner import current_learner
from quiz_app.ui.resources import get_store


def set_quiz(quiz_id: int | None) -> None:
    """Make ``quiz_id`` this tab's quiz in progress (None: none), in the session and the address bar."""
    st.session_state[keys.QUIZ_ID] = quiz_id
    st.session_state.pop(keys.FEEDBACK_FOR, None)
    st.session_state.pop(keys.QUIZ_VIEW, None)
    if quiz_id is None:
        st.query_params.pop(keys.PARAM_QUIZ, None)
    else:
        st.query_params[keys.PARAM_QUIZ] = str(quiz_id)


def start_quiz(settings: QuizSettings, pack: Pack) -> bool:
    """Draw the questions, record the new quiz and make it current; False if no question matched."""
    learner = current_learner(create=True)
    assert learner is not None
    history = quizzes.all_answers(get_store(), learner.id) if settings.weak_spots else []
    ids = select_questions(pack, settings, history, random.Random())
    if not ids:
        return False
    session = quizzes.start(get_store(), learner.id, pack.id, ids, settings.to_dict())
    set_quiz(session.id)
    st.session_state[keys.QUIZ_VIEW] = {"session": session, "answers": []}
    return True
