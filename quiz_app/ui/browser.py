"""What this browser remembers between visits (the learner, the class seat), kept in cookies.

Streamlit gives the cookies the browser sent when the page connected (``st.context.cookies``) but
cannot set one from Python. A one-line script written at the end of a run (``flush``), only when a
value changes, stores it. The values are the same tokens the address bar shows, so a readable
cookie exposes nothing the page does not; a new tab of the same browser then finds the student.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from quiz_app.ui import keys

LEARNER = "quiz_app_learner"
SEAT = "quiz_app_seat"
KEEP_DAYS = 365
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what secrets.token_urlsafe makes: safe inside a script


def recalled(name: str) -> str | None:
    """The token this browser remembers under ``name`` (what this session set, else its cookie)."""
    written: dict[str, str] = st.session_state.get(keys.COOKIES, {})
    value = written[name] if name in written else st.context.cookies.get(name)
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def remember(name: str, token: str | None) -> None:
    """Have the browser keep ``token`` under ``name`` (None forgets it); written at the run's end."""
    if token is not None and not _TOKEN.fullmatch(token):
        raise ValueError("only URL-safe tokens are kept in cookies")
    if recalled(name) == token:
        return
    st.session_state.setdefault(keys.COOKIES, {})[name] = token or ""
    st.session_state.setdefault(keys.COOKIES_PENDING, set()).add(name)


def pin(param: str, name: str, token: str | None) -> None:
    """Keep ``token`` in the address (``?param=``) and in the browser's memory (``name``); None drops both.

    The learner and the class seat are held this way, so the address bar is always the link.
    """
    if token is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != token:
        st.query_params[param] = token
    remember(name, token)


def flush() -> None:
    """Write the cookies changed in this session: call once at the end of a run (draws a script)."""
    pending: set[str] = st.session_state.get(keys.COOKIES_PENDING) or set()
    if not pending:
        return
    written: dict[str, str] = st.session_state.get(keys.COOKIES, {})
    lines = []
    for name in sorted(pending):
        value = written.get(name, "")
        age = KEEP_DAYS * 86400 if value else 0
        lines.append(f"document.cookie = {json.dumps(f'{name}={value}; path=/; max-age={age}; samesite=lax')}"
                     " + (location.protocol === 'https:' ? '; secure' : '');")
    st.html(f"<script>{''.join(lines)}</script>", unsafe_allow_javascript=True)
    st.session_state[keys.COOKIES_PENDING] = set()
