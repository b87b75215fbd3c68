"""The running score of this browser session, shown in the sidebar on every study page."""

from __future__ import annotations

import streamlit as st

from quiz_app.ui import keys


def record(score: float) -> None:
    """Count one newly recorded answer with its score in [0, 1] (never call it for a repeated submit)."""
    run = st.session_state.setdefault(keys.RUN_SCORE, {"answered": 0, "right": 0, "partly": 0, "points": 0.0,
                                                        "streak": 0, "best": 0})
    right = score >= 1.0
    run["answered"] += 1
    run["right"] += int(right)
    run["partly"] += int(0 < score < 1)
    run["points"] += score
    run["streak"] = run["streak"] + 1 if right else 0
    run["best"] = max(run["best"], run["streak"])


def line() -> str:
    """Answers, fully and partly right, marks and streak for this browser session, as one line."""
    run = st.session_state.get(keys.RUN_SCORE)
    if not run or not run["answered"]:
        return "No answers yet."
    partly = f", {run['partly']} partly" if run["partly"] else ""
    return (f"{run['answered']} answered · {run['right']} right{partly} · {run['points'] / run['answered']:.0%} "
            f"of the marks · streak {run['streak']} (best {run['best']})")


def sidebar() -> None:
    """The running score in the sidebar: one element, since every element is a message on every click."""
    st.sidebar.markdown(f"**This session**  \n{line()}")
