"""Input widgets for each question type (keyboard and mouse; no drag-only interaction).

Each function draws the question's input and returns the learner's response in the shape
:func:`quiz_app.practice.grading.grade` expects (original indexes), or None while incomplete.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from quiz_app.bank.models import (
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quiz_app.ui.text import plain

_PICK = "Choose…"


def _single(question: SingleChoice, order: list[int], key: str, disabled: bool) -> Any:
    return st.radio("Your answer", order, index=None, key=key, disabled=disabled,
                    format_func=lambda i: plain(question.options[i].text), label_visibility="collapsed")


def _multiple(question: MultipleSelect, order: list[int], key: str, disabled: bool) -> Any:
    st.caption("Select every correct option.")
    chosen = [i for i in order if st.checkbox(plain(question.options[i].text), key=f"{key}:{i}", disabled=disabled)]
    return sorted(chosen)


def _true_false(key: str, disabled: bool) -> Any:
    choice = st.radio("Your answer", ["True", "False"], index=None, key=key, horizontal=True,
                      disabled=disabled, label_visibility="collapsed")
    return None if choice is None else choice == "True"


def _matching(question: Matching, order: list[int], key: str, disabled: bool) -> Any:
    st.caption("Pick the matching entry for each line.")
    response: list[int | None] = []
    for index, pair in enumerate(question.pairs):
        response.append(st.selectbox(plain(pair.left), order, index=None, placeholder=_PICK, key=f"{key}:{index}",
                                     disabled=disabled, format_func=lambda i: question.pairs[i].right))
    return None if any(choice is None for choice in response) else response


def _ordering(question: Ordering, order: list[int], key: str, disabled: bool) -> Any:
    st.caption("Use ↑ and ↓ to put the items in order, first at the top.")
    current: list[int] = st.session_state.setdefault(key, list(order))
    for position, item in enumerate(current):
        text_col, up_col, down_col = st.columns([8, 1, 1], vertical_alignment="center")
        text_col.text(f"{position + 1}. {question.items[item]}")
        if up_col.button("↑", key=f"{key}:up:{item}", disabled=disabled or position == 0,
                         help="Move up"):
            current[position - 1], current[position] = current[position], current[position - 1]
            st.rerun()
        if down_col.button("↓", key=f"{key}:down:{item}", disabled=disabled or position == len(current) - 1,
                           help="Move down"):
            current[position + 1], current[position] = current[position], current[position + 1]
            st.rerun()
    return list(current)


def answer_input(question: Question, order: list[int], key: str, disabled: bool = False) -> Any:
    """Draw the input for ``question`` with options in display ``order``; return the response."""
    match question:
        case SingleChoice():
            return _single(question, order, key, disabled)
        case MultipleSelect():
            return _multiple(question, order, key, disabled)
        case TrueFalse():
            return _true_false(key, disabled)
        case Ordering():
            return _ordering(question, order, key, disabled)
        case Matching():
            return _matching(question, order, key, disabled)
        case ShortAnswer():
            typed = st.text_input("Your answer", key=key, disabled=disabled, max_chars=200)
            return typed if typed.strip() else None
    return None


def needs_form(question: Question) -> bool:
    """Ordering uses buttons, which a form cannot hold; every other type is drawn in a form."""
    return not isinstance(question, Ordering)
