"""Progress: score per quiz over time, mastery per topic and learning objective, cards coming due."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from quiz_app.practice.progress import MASTERED_AT, objective_mastery, topic_mastery
from quiz_app.store import cards as card_store
from quiz_app.store import quizzes
from quiz_app.store.schema import utcnow
from quiz_app.ui import score
from quiz_app.ui.learner import current_learner
from quiz_app.ui.resources import get_bank, get_store

DAYS_AHEAD = 14


def _sessions_chart(learner_id: int) -> None:
    finished = [s for s in quizzes.history(get_store(), learner_id) if s.finished_at and s.max_score]
    st.subheader("Score per quiz")
    if not finished:
        st.caption("Finish a quiz to see your scores here.")
        return
    frame = pd.DataFrame([{"Finished": s.finished_at, "Percent": 100 * (s.score or 0) / (s.max_score or 1),
                           "Questions": len(s.question_ids)} for s in finished])
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("Finished:T", title="Finished"), y=alt.Y("Percent:Q", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("Finished:T", format="%d %b %H:%M"), alt.Tooltip("Percent:Q", format=".0f"),
                 "Questions"])
    st.altair_chart(chart, width="stretch")


def _mastery_charts(learner_id: int) -> None:
    bank = get_bank()
    answers = quizzes.all_answers(get_store(), learner_id)
    for pack in bank.packs.values():
        st.subheader(f"Mastery: {pack.meta.title}")
        topics = topic_mastery(pack, answers)
        frame = pd.DataFrame([{"Topic": pack.topics[t].title, "Recent score (%)": 100 * m.recent_score,
                               "Answers": m.attempts, "Mastered": m.mastered} for t, m in topics.items()])
        st.altair_chart(alt.Chart(frame).mark_bar().encode(
            x=alt.X("Recent score (%):Q", scale=alt.Scale(domain=[0, 100])), y="Topic:N",
            color=alt.Color("Mastered:N", scale=alt.Scale(domain=[True, False], range=["#2e7d32", "#c62828"])),
            tooltip=["Topic", "Answers", alt.Tooltip("Recent score (%):Q", format=".0f")]), width="stretch")
        objectives = objective_mastery(pack, answers)
        rows = [{"Objective": o.statement, "Topic": pack.topics[o.topic].title,
                 "Recent score (%)": 100 * objectives[o.id].recent_score, "Answers": objectives[o.id].attempts,
                 "Mastered": objectives[o.id].mastered} for o in pack.meta.objectives]
        mastered = sum(r["Mastered"] for r in rows)
        st.caption(f"Learning objectives mastered: {mastered} of {len(rows)} (at least two answers, "
                   f"recent score {MASTERED_AT:.0%} or more).")
        with st.expander("Per learning objective"):
            st.altair_chart(alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
                x=alt.X("Recent score (%):Q", scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("Objective:N", sort=None, axis=alt.Axis(labelLimit=420)),
                color=alt.Color("Mastered:N", scale=alt.Scale(domain=[True, False], range=["#2e7d32", "#c62828"])),
                tooltip=["Objective", "Topic", "Answers"]), width="stretch")


def _due_chart(learner_id: int) -> None:
    st.subheader(f"Cards due in the next {DAYS_AHEAD} days")
    dues = card_store.due_dates(get_store(), learner_id)
    if not dues:
        st.caption("Review some flashcards to see what is coming up.")
        return
    today = utcnow().date()
    counts = {today + dt.timedelta(days=n): 0 for n in range(DAYS_AHEAD)}
    for due in dues:
        day = max(due.date(), today)
        if day in counts:
            counts[day] += 1
    frame = pd.DataFrame([{"Day": day.isoformat(), "Cards": n} for day, n in counts.items()])
    st.altair_chart(alt.Chart(frame).mark_bar().encode(x=alt.X("Day:O", title=None), y="Cards:Q",
                                                       tooltip=["Day", "Cards"]), width="stretch")


def main() -> None:
    score.sidebar()
    st.title("My progress")
    learner = current_learner()
    if learner is None:
        st.info("Answer a quiz or review some flashcards, and your progress will appear here.")
        return
    _sessions_chart(learner.id)
    _mastery_charts(learner.id)
    _due_chart(learner.id)


main()
