"""The server: ``streamlit run quiz_app/server.py`` serves the app (``app.py``) through ``st.App``.

``st.App`` (Streamlit 1.67) adds the app's own HTTP routes (``quiz_app.web``) and a lifespan hook
for process-wide background work, next to Streamlit's own routes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # imported by uvicorn as ``server:app``: make `quiz_app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz_app.web import lifespan, routes

app = st.App(Path(__file__).resolve().parent / "app.py", routes=routes(), lifespan=lifespan)
