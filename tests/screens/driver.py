"""Answering the current question of an AppTest quiz, right or wrong, through its widgets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from quiz_app.store import Store, teachers
from quiz_app.ui import keys
from quiz_app.ui.resources import refresh_now
from quiz_app.ui.widgets import slot_key
from tests.support.sample import QUESTIONS

BY_PROMPT = {q["prompt"]: q for q in QUESTIONS}
PASSWORD = "a long enough password"  # the password of the `teacher` fixture


def login(at: AppTest, name: str = "Ms Teacher", password: str = PASSWORD) -> None:
    """Log in as the login route does (``teachers.login``), and hand the token to the page through the
    AppTest seam (AppTest carries no cookies; see ``quiz_app/ui/teacher_auth.py``)."""
    store = Store.open(os.environ["DATABASE_URL"])
    try:
        result = teachers.login(store, name, password, "apptest")
    finally:
        store.close()
    assert result.token, result.message
    at.session_state[keys.TEST_TEACHER_TOKEN] = result.token
    at.run()


def current_question(at: AppTest) -> dict:
    for heading in at.header:
        text = heading.value.replace("\\", "")
        if text in BY_PROMPT:
            return BY_PROMPT[text]
    raise AssertionError("no question on the page")


def _wrong_index(options: list[dict]) -> int:
    return next(i for i, option in enumerate(options) if not option.get("correct"))


def answer(at: AppTest, right: bool, scope: str | None = None) -> str:
    """Answer the question on the page, submit, and return its id.

    ``scope`` is the widget-key scope: the self-study quiz id (default, from the URL) or
    ``c<class quiz id>`` on the classroom page.
    """
    question = current_question(at)
    key = f"w:{scope or at.query_params['quiz']}:{question['id']}:answer"
    kind = question["type"]
    if kind == "single_choice":
        correct = next(i for i, o in enumerate(question["options"]) if o.get("correct"))
        at.radio(key=key).set_value(correct if right else _wrong_index(question["options"]))
    elif kind == "multiple_select":
        for index, option in enumerate(question["options"]):
            if option.get("correct") == right or (not right and index == 0):
                at.checkbox(key=f"{key}:{index}").check()
    elif kind == "true_false":
        at.radio(key=key).set_value("True" if question["answer"] == right else "False")
    elif kind == "matching":
        size = len(question["pairs"])
        for index in range(size):
            at.selectbox(key=f"{key}:{index}").set_value(index if right else (index + 1) % size)
    elif kind == "short_answer":
        at.text_input(key=key).input(question["answers"][0] if right else "Somewhere else")
    elif kind == "ordering":
        _order(at, key, list(range(len(question["items"]))) if right else None)
    at.button(key=f"submit:{key}").click() if kind == "ordering" else _submit_form(at)
    at.run()
    return question["id"]


def _submit_form(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Submit answer").click()


def _order(at: AppTest, key: str, target: list[int] | None) -> None:
    """Choose the item for each place until the items are in ``target`` order (None: leave the
    shuffled order, never right). Each choice swaps two items, so at most n - 1 choices."""
    if target is None:
        return
    for place, item in enumerate(target):
        if at.session_state[key][place] != item:
            at.selectbox(key=slot_key(key, place)).set_value(item)
            at.run()
    assert at.session_state[key] == target


def next_question(at: AppTest) -> None:
    next(b for b in at.button if b.label in ("Next question", "See my results")).click()
    at.run()


def start_quiz(at: AppTest, count: int) -> None:
    at.number_input(key="quiz-count").set_value(count)
    at.button(key="start-quiz").click()
    at.run()


def serve_bank(monkeypatch, bank: Path, database: Path) -> Iterator[None]:
    """The app on the pack(s) in ``bank`` and a fresh SQLite file, with clean caches before and after."""
    monkeypatch.setenv("QUIZ_APP_BANK", str(bank))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    st.cache_resource.clear()
    refresh_now()
    yield
    st.cache_resource.clear()
    refresh_now()
