"""The theme built once (``quiz_app/web/theme_cache.py``): the same message as Streamlit's, pinned.

If these fail after a Streamlit upgrade, re-read ``streamlit/runtime/app_session.py``
(``_create_new_session_message`` and ``_populate_theme_msg``) and adapt the module, or drop it.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session

from quiz_app.web import theme_cache

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]


def _theme_of(message: ForwardMsg) -> bytes:
    return message.new_session.custom_theme.SerializeToString()


def _built() -> ForwardMsg:
    """The theme part of a new-session message, filled as ``_create_new_session_message`` fills it."""
    message = ForwardMsg()
    theme = message.new_session.custom_theme
    app_session._populate_theme_msg(theme)
    for section, part in zip(SECTIONS[1:], [theme.light, theme.dark, theme.sidebar, theme.light.sidebar,
                                            theme.dark.sidebar], strict=True):
        app_session._populate_theme_msg(part, section)
    return message


@pytest.fixture
def app_config(monkeypatch) -> Iterator[None]:
    """Streamlit's config as the server reads it: the repository's ``.streamlit/config.toml``."""
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield
    theme_cache.uninstall()
    config.get_config_options(force_reparse=True)


def test_the_message_builder_calls_the_wrapped_function_by_name_for_each_section() -> None:
    builder = app_session.AppSession._create_new_session_message
    assert "_populate_theme_msg" in builder.__code__.co_names  # looked up in the module on every call
    source = inspect.getsource(builder)
    assert source.count("_populate_theme_msg(") == len(SECTIONS)
    assert list(inspect.signature(app_session._populate_theme_msg).parameters) == ["msg", "section"]
    assert inspect.signature(config.on_config_parsed).parameters.keys() >= {"func", "force_connect"}


def test_the_cached_theme_is_streamlits_and_is_built_once(app_config, monkeypatch) -> None:
    expected = _built()
    assert expected.new_session.custom_theme.light.text_color == "#111318"  # our config.toml is in it
    theme_cache.install()
    calls: list[str] = []
    original = theme_cache._original
    monkeypatch.setattr(theme_cache, "_original", lambda msg, section="theme": calls.append(section) or
                        original(msg, section))
    first, second = _built(), _built()
    assert _theme_of(first) == _theme_of(second) == _theme_of(expected)
    assert first.new_session.HasField("custom_theme") == expected.new_session.HasField("custom_theme")
    assert sorted(calls) == sorted(SECTIONS)  # each section once, then copies


def test_an_empty_section_stays_unset(app_config) -> None:
    theme_cache.install()
    message = _built()
    assert not message.new_session.custom_theme.HasField("sidebar")  # our config has no [theme.sidebar]


def test_a_new_config_is_built_again_and_uninstall_puts_streamlits_function_back(app_config) -> None:
    original = app_session._populate_theme_msg
    theme_cache.install()
    theme_cache.install()  # idempotent: wrapped once
    assert app_session._populate_theme_msg is theme_cache._cached and theme_cache._original is original
    _built()
    assert theme_cache._built
    config.get_config_options(force_reparse=True)  # what a changed config.toml causes
    assert not theme_cache._built
    theme_cache.uninstall()
    assert app_session._populate_theme_msg is original and not theme_cache._built
