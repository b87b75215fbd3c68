"""The running score of this browser session, shown in the sidebar on every page."""

from __future__ import annotations

import streamlit as st

from quiz_app.ui import keys


def record(correct: bool) -> None:
    """Count one newly recorded answer (never call it for a repeated submit)."""
    run = st.session_state.setdefault(keys.RUN_SCORE, {"answered": 0, "correct": 0, "streak": 0, "best": 0})
    run["answered"] += 1
    run["correct"] += int(correct)
    run["streak"] = run["streak"] + 1 if correct else 0
    run["best"] = max(run["best"], run["streak"])


def marked_right() -> None:
    """Count an answer the learner marked right ("I was right") as correct; the streak is left alone."""
    run = st.session_state.get(keys.RUN_SCORE)
    if run is not None:
        run["correct"] = min(run["answered"], run["correct"] + 1)


def line() -> str:
    """Answered, correct, percent and streak for this browser session, as one line of text."""
    run = st.session_state.get(keys.RUN_SCORE)
    if not run or not run["answered"]:
        return "No answers yet."
    percent = run["correct"] / run["answered"]
    return (f"{run['answered']} answered · {run['correct']} correct ({percent:.0%}) · "
            f"streak {run['streak']} (best {run['best']})")


def sidebar() -> None:
    """The running score in the sidebar: one element, since every element is a message on every click."""
    st.sidebar.markdown(f"**This session**  \n{line()}")
