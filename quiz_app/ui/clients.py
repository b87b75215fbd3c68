"""Identifying the client device for rate limits (behind a proxy, from X-Forwarded-For if trusted)."""

from __future__ import annotations

import os

import streamlit as st


def client_id() -> str:
    """The client's address; ``QUIZ_APP_TRUST_PROXY=1`` uses the first X-Forwarded-For entry."""
    if os.environ.get("QUIZ_APP_TRUST_PROXY") == "1":
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()[:100]
    address = st.context.ip_address
    return address[:100] if isinstance(address, str) and address else "unknown"


def base_url() -> str:
    """The app's address as the browser sees it, without path or query (for join and resume links)."""
    url = st.context.url
    if isinstance(url, str) and "://" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.split('/')[0]}"
    host = st.context.headers.get("Host")
    return f"http://{host if isinstance(host, str) and host else 'localhost:8501'}"
