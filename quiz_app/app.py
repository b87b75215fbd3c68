"""The app's script (served by ``quiz_app/server.py``): pages, menu, the learner, and no tracebacks."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # run as a script by Streamlit: make `quiz_app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz_app.ui import browser, learner, score
from quiz_app.ui.navigation import is_study, pages

st.set_page_config(page_title="Kazakhstan 2022 — study app", page_icon="📚", layout="centered")
page = st.navigation(pages())
try:
    study = is_study(page)
    if study:  # the menu drops ?learner= from the address: find the learner and put it back first
        learner.current_learner()
        score.sidebar()
        learner.notices()
    page.run()
    browser.flush()
except Exception:  # a bug must never show a traceback to a student; it goes to the server log
    logging.getLogger("quiz_app").exception("page %s failed", page.title)
    st.error("Something went wrong on our side. Your answers so far are saved; please reload the page.")
