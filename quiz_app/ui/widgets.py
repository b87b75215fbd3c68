"""Input widgets for each question type (keyboard and mouse; no drag-only interaction).

Each function draws the question's input and returns the learner's response in the shape
:func:`quiz_app.practice.grading.grade` expects (original indexes), or None while incomplete.
"""

from __future__ import annotations

from collections.abc import Callable
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
from quiz_app.practice.grading import Grade, InvalidResponse, grade
from quiz_app.ui import keys
from quiz_app.ui.text import plain

_PICK = "Choose…"


def _single(question: SingleChoice, order: list[int], key: str, disabled: bool) -> None:
    st.radio("Your answer", order, index=None, key=key, disabled=disabled,
             format_func=lambda i: plain(question.options[i].text), label_visibility="collapsed")


def _multiple(question: MultipleSelect, order: list[int], key: str, disabled: bool) -> None:
    st.caption("Select every correct option.")
    for i in order:
        st.checkbox(plain(question.options[i].text), key=f"{key}:{i}", disabled=disabled)


def _true_false(key: str, disabled: bool) -> None:
    st.radio("Your answer", ["True", "False"], index=None, key=key, horizontal=True,
             disabled=disabled, label_visibility="collapsed")


def _matching(question: Matching, order: list[int], key: str, disabled: bool) -> None:
    st.caption("Pick the matching entry for each line.")
    for index, pair in enumerate(question.pairs):
        st.selectbox(plain(pair.left), order, index=None, placeholder=_PICK, key=f"{key}:{index}",
                     disabled=disabled, format_func=lambda i: question.pairs[i].right)


def slot_key(key: str, place: int) -> str:
    """Widget key of the drop-down for ``place`` (0 = first) of the ordering drawn under ``key``."""
    return f"{key}:place:{place}"


def _place(key: str, place: int) -> None:
    """Drop-down callback: put the chosen item in ``place`` by swapping it with the item there.

    The order stays a full permutation after every choice, and every drop-down stays where it is
    (only values change), so keyboard focus stays on the one just used.
    """
    current: list[int] = st.session_state[key]
    chosen = st.session_state[slot_key(key, place)]
    old = current.index(chosen)
    current[old], current[place] = current[place], chosen
    for position, item in enumerate(current):
        st.session_state[slot_key(key, position)] = item


def _ordering(question: Ordering, order: list[int], key: str, disabled: bool) -> None:
    st.caption("Choose what goes in each place, first to last. Choosing an item swaps it with the one in "
               "that place.")
    current: list[int] = st.session_state.setdefault(key, list(order))
    size = len(current)
    for place, item in enumerate(current):
        st.session_state.setdefault(slot_key(key, place), item)
        st.selectbox(f"Place {place + 1} of {size}", order, key=slot_key(key, place), disabled=disabled,
                     on_change=_place, args=(key, place), format_func=lambda i: question.items[i])


def answer_input(question: Question, order: list[int], key: str, disabled: bool = False) -> Any:
    """Draw the input for ``question`` with options in display ``order``; return the response."""
    match question:
        case SingleChoice():
            _single(question, order, key, disabled)
        case MultipleSelect():
            _multiple(question, order, key, disabled)
        case TrueFalse():
            _true_false(key, disabled)
        case Ordering():
            _ordering(question, order, key, disabled)
        case Matching():
            _matching(question, order, key, disabled)
        case ShortAnswer():
            st.text_input("Your answer", key=key, disabled=disabled, max_chars=200)
    return read_response(question, order, key)


def read_response(question: Question, order: list[int], key: str) -> Any:
    """The response held by the widgets :func:`answer_input` drew under ``key`` (None while incomplete).

    It reads ``st.session_state``, so a submit button's ``on_click`` callback can grade the answer
    before the script reruns (one run per click instead of a run, ``st.rerun()`` and another run).
    """
    state = st.session_state
    match question:
        case SingleChoice():
            return state.get(key)
        case MultipleSelect():
            return sorted(i for i in order if state.get(f"{key}:{i}"))
        case TrueFalse():
            choice = state.get(key)
            return None if choice is None else choice == "True"
        case Ordering():
            return list(state.get(key, order))
        case Matching():
            response = [state.get(f"{key}:{index}") for index in range(len(question.pairs))]
            return None if any(choice is None for choice in response) else response
        case ShortAnswer():
            typed = state.get(key) or ""
            return typed if typed.strip() else None
    return None


def needs_form(question: Question) -> bool:
    """Ordering swaps items as each place is chosen (a callback, which a form cannot hold); every
    other type is drawn in a form."""
    return not isinstance(question, Ordering)


def graded_response(question: Question, order: list[int], key: str) -> tuple[Any, Grade] | None:
    """For a submit callback: the response and its grade, or None after leaving a notice to show."""
    response = read_response(question, order, key)
    if response is None:
        st.session_state[keys.NOTICE] = "Please answer first."
        return None
    try:
        return response, grade(question, response)
    except InvalidResponse:
        st.session_state[keys.NOTICE] = "Please complete your answer first."
        return None


def answer_with_submit(question: Question, order: list[int], key: str, on_submit: Callable[..., None],
                       args: tuple[Any, ...]) -> None:
    """The question's input and its "Submit answer" button (in a form unless it is an ordering),
    whose callback grades before the rerun; then any notice the callback left."""
    submit: dict[str, Any] = {"type": "primary", "on_click": on_submit, "args": args}
    if needs_form(question):
        with st.form(key=f"form:{key}"):
            answer_input(question, order, key)
            st.form_submit_button("Submit answer", **submit)
    else:
        answer_input(question, order, key)
        st.button("Submit answer", key=f"submit:{key}", **submit)
    if notice := st.session_state.pop(keys.NOTICE, None):
        st.warning(notice)
