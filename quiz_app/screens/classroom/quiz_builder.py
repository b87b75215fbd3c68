"""The teacher's form for a new class quiz: filters, hand-pick or random N, live or assignment."""

from __future__ import annotations

import datetime as dt
import random

import streamlit as st

from quiz_app.bank.bank import Bank
from quiz_app.bank.labels import LEVELS, TYPE_NAMES
from quiz_app.bank.models import QUESTION_TYPES
from quiz_app.practice.selection import QuizSettings, matching_questions
from quiz_app.store import classroom as rooms
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.resources import get_store
from quiz_app.ui.text import plain


def _window() -> tuple[dt.datetime, dt.datetime] | None:
    left, right = st.columns(2)
    today = dt.datetime.now(dt.UTC).date()
    opens_day = left.date_input("Opens on", today, key="build-open-day")
    opens_time = left.time_input("at (UTC)", dt.time(8, 0), key="build-open-time")
    closes_day = right.date_input("Closes on", today + dt.timedelta(days=7), key="build-close-day")
    closes_time = right.time_input("at (UTC) ", dt.time(20, 0), key="build-close-time")
    opens = dt.datetime.combine(opens_day, opens_time, dt.UTC)
    closes = dt.datetime.combine(closes_day, closes_time, dt.UTC)
    if closes <= opens:
        st.error("The quiz must close after it opens.")
        return None
    return opens, closes


def build_quiz_form(bank: Bank, teacher: TeacherInfo) -> None:
    """Draw the builder; on "Create" save the quiz and select it for the dashboard."""
    st.header("New class quiz", anchor=False)
    title = st.text_input("Title", "Class quiz", max_chars=120, key="build-title")
    packs = bank.packs
    pack = packs[st.selectbox("Pack", list(packs), format_func=lambda p: packs[p].meta.title, key="build-pack")]
    left, right = st.columns(2)
    topics = left.multiselect("Topics", list(pack.topics), format_func=lambda t: pack.topics[t].title,
                              key="build-topics")
    levels = right.multiselect("Difficulty", [1, 2, 3], format_func=LEVELS.__getitem__, key="build-levels")
    types = left.multiselect("Question types", list(QUESTION_TYPES), format_func=TYPE_NAMES.__getitem__,
                             key="build-types")
    objectives = right.multiselect("Learning objectives", list(pack.objectives), key="build-objectives",
                                   format_func=lambda o: pack.objectives[o].statement[:90])
    filters = QuizSettings(pack.id, topics=tuple(topics), difficulties=tuple(levels), types=tuple(types),
                           objectives=tuple(objectives))
    candidates = matching_questions(pack, filters)
    st.caption(f"{len(candidates)} questions match these filters.")
    if not candidates:
        return
    how = st.radio("Questions", ["Random selection", "Pick by hand"], horizontal=True, key="build-how")
    if how == "Random selection":
        count = int(st.number_input("How many", 1, len(candidates), min(10, len(candidates)), key="build-count"))
        chosen: list[str] | None = None
    else:
        chosen = st.multiselect("Questions, in this order", [q.id for q in candidates], key="build-pick",
                                format_func=lambda q: pack.questions_by_id[q].prompt[:100])
        count = len(chosen)
    mode = st.radio("Mode", ["live", "assignment"], horizontal=True, key="build-mode",
                    format_func={"live": "Live (teacher-paced)", "assignment": "Assignment (self-paced)"}.get)
    timer, window = None, None
    if mode == "live":
        seconds = int(st.number_input("Timer per question in seconds (0 = no timer)", 0, 600, 30, step=5,
                                      key="build-timer"))
        timer = seconds or None
    else:
        window = _window()
        if window is None:
            return
    if st.button("Create quiz", type="primary", key="build-create", disabled=count == 0):
        ids = chosen if chosen is not None else [q.id for q in random.sample(candidates, count)]
        opens, closes = window or (None, None)
        quiz = rooms.create(get_store(), teacher.id, title.strip() or "Class quiz", pack.id, ids, mode,
                            timer_seconds=timer, opens_at=opens, closes_at=closes)
        st.session_state[keys.TEACHER_OPEN] = quiz.id
        st.success(f"Created '{plain(quiz.title)}' with join code {quiz.code}.")
        st.rerun()
