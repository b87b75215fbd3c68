"""Showing a pack's images: one helper for every screen (quiz, feedback, cards, classroom, editor, guide).

An image is an ``st.image`` of its URL on this server (``quiz_app.web.media``): a click costs one
small element, the bytes are fetched by the browser once and cached. The alt text goes to the
``<img alt>`` screen readers read; credit and licence are a caption. Sizes are chosen so that a
picture fits a phone and does not push the answer widgets far down: at most
:data:`MAX_WIDTH` wide and :data:`MAX_HEIGHT` high (Streamlit also shrinks it to the column).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.media import MediaFile
from quiz_app.bank.models import ImageRef, Question
from quiz_app.ui.clients import base_url
from quiz_app.ui.text import plain
from quiz_app.web import media as served

MAX_WIDTH = 640
MAX_HEIGHT = 420
OPTION_WIDTH = 200


def display_width(file: MediaFile, max_width: int = MAX_WIDTH, max_height: int = MAX_HEIGHT) -> int:
    """Pixels wide to show ``file`` at: its own width, at most ``max_width``, and no taller than ``max_height``."""
    return max(1, min(file.width, max_width, int(max_height * file.width / max(1, file.height))))


def url(file: MediaFile) -> str:
    """The absolute address of ``file`` on this server (published on first use)."""
    return base_url() + served.publish(file)


def credit_line(ref: ImageRef) -> str | None:
    """"Credit: ... (licence)" for an image that is not the pack authors' own."""
    if ref.own or not ref.credit:
        return None
    return f"Image: {ref.credit}" + (f" ({ref.license})" if ref.license else "")


def show(pack: Pack, ref: ImageRef | None, *, max_width: int = MAX_WIDTH, max_height: int = MAX_HEIGHT,
         caption: bool = True) -> None:
    """Draw the image of ``ref`` (nothing if there is none) with its alt text and credit."""
    file = pack.image(ref)
    if file is None or ref is None:
        return
    show_file(file, ref, max_width=max_width, max_height=max_height, caption=caption)


def show_file(file: MediaFile, ref: ImageRef, *, max_width: int = MAX_WIDTH, max_height: int = MAX_HEIGHT,
              caption: bool = True) -> None:
    """Draw one checked image file with the alt text and credit of ``ref`` (the editor's preview)."""
    line = credit_line(ref) if caption else None
    st.image(url(file), alt=ref.alt, caption=plain(line) if line else None,
             width=display_width(file, max_width, max_height))


def show_options(pack: Pack, question: Question, order: Sequence[int]) -> None:
    """The images of a choice question's options, in display order, each captioned with its option's text."""
    options = getattr(question, "options", None)
    if not options:
        return
    shown = [(options[i], pack.image(options[i].image)) for i in order if options[i].image is not None]
    shown = [(option, file) for option, file in shown if file is not None]
    if not shown:
        return
    st.image([url(file) for _, file in shown], caption=[plain(option.text) for option, _ in shown],
             alt=[option.image.alt for option, _ in shown],  # type: ignore[union-attr]
             width=min(OPTION_WIDTH, *(display_width(file, OPTION_WIDTH, 160) for _, file in shown)))


def question_images(pack: Pack, question: Question, order: Sequence[int], *, max_width: int = MAX_WIDTH) -> None:
    """A question's prompt image, then its options' images: what sits between the prompt and the answer widgets."""
    show(pack, question.image, max_width=max_width)
    show_options(pack, question, order)
