"""The app's script (served by ``quiz_app/server.py``): pages, menu, the learner, and no tracebacks."""

from __future__ import annotations

import logging
import os
import sys

import streamlit as st

# Run as a script by Streamlit, on every run: make `quiz_app` importable, once. (Resolving the path
# and inserting it on every run cost a stat per folder and grew sys.path by one entry per run.)
if __package__ in (None, "") and (_root := os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) not in sys.path:
    sys.path.insert(0, _root)

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
