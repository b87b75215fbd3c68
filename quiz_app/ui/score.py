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


def sidebar() -> None:
    """Answered, correct, percent and streak for this browser session."""
    run = st.session_state.get(keys.RUN_SCORE)
    with st.sidebar:
        st.markdown("**This session**")
        if not run or not run["answered"]:
            st.caption("No answers yet.")
            return
        left, right = st.columns(2)
        left.metric("Answered", run["answered"])
        right.metric("Correct", f"{run['correct']} ({run['correct'] / run['answered']:.0%})")
        left.metric("Streak", run["streak"])
        right.metric("Best streak", run["best"])
