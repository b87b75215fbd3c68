"""The theme part of Streamlit's new-session message, made once per config instead of on every run.

Why. Streamlit 1.67 sends a new-session message at the start of every script run, built on the
server's event loop, and its six theme sections (``[theme]``, ``[theme.light]`` ... ``[theme.dark.
sidebar]``) are each read by walking all 367 config options under the config lock. With a class's
pages pushed one after another that was 0.5 ms of the event loop per page (a throwaway timer around
``AppSession._create_new_session_message`` during ``bench_classroom.py``), two thirds of it the theme
(py-spy).

What. :func:`install` wraps ``streamlit.runtime.app_session._populate_theme_msg`` (the module
function the message builder calls by name) so that each section is built once by Streamlit's own
code and then copied. The copies are dropped whenever Streamlit parses its config again (a changed
``config.toml``). Pinned by ``tests/web/test_theme_cache.py``, which fails on an upgrade that
changes the function or how the builder calls it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from streamlit import config
from streamlit.runtime import app_session

_lock = threading.Lock()
_built: dict[str, bytes] = {}  # section -> the serialised CustomThemeConfig Streamlit built for it
_original: Callable[..., None] | None = None
_disconnect: Callable[[], None] | None = None


def _forget() -> None:
    with _lock:
        _built.clear()


def _cached(msg: Any, section: str = "theme") -> None:
    """Fill ``msg`` as ``_populate_theme_msg(msg, section)`` would, from the section's first build."""
    with _lock:
        data = _built.get(section)
    if data is None:
        scratch = type(msg)()
        (_original or app_session._populate_theme_msg)(scratch, section)  # uninstalled meanwhile: Streamlit's
        data = scratch.SerializeToString()
        with _lock:
            _built[section] = data
    if data:  # an empty section leaves the message untouched (and unset), as Streamlit's does
        msg.MergeFromString(data)


def install() -> None:
    """Build theme sections once (idempotent)."""
    global _original, _disconnect
    if _original is not None:
        return
    _original = app_session._populate_theme_msg
    app_session._populate_theme_msg = _cached
    _disconnect = config.on_config_parsed(_forget, force_connect=True)


def uninstall() -> None:
    """Put Streamlit's own function back (a no-op when not installed)."""
    global _original, _disconnect
    if _original is None:
        return
    app_session._populate_theme_msg = _original
    if _disconnect is not None:
        _disconnect()
    _original = _disconnect = None
    _forget()
