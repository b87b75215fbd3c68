"""What a learner sees after answering: right or wrong, the answer, the explanation, the sources."""

from __future__ import annotations

from typing import Any

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Question
from quiz_app.practice.grading import correct_answer
from quiz_app.practice.responses import describe
from quiz_app.ui.text import plain


def citations(pack: Pack, question: Question) -> list[tuple[str, str | None]]:
    """(text, address) per source citation behind the question's learning objectives, without repeats."""
    sources = {source.id: source for source in pack.meta.sources}
    found: dict[tuple[str, str | None], None] = {}
    for objective_id in question.objectives:
        objective = pack.objectives.get(objective_id)
        if objective is None:
            continue
        for citation in objective.citations:
            source = sources.get(citation.source)
            if source is not None:
                where = f"{source.title}, {source.publisher} ({source.date}), {citation.locator}"
                found[(where, source.address)] = None
    return list(found)


def link(text: str, address: str | None) -> str:
    """Markdown for ``text`` (escaped) linking to ``address``, or the text alone without one.

    Addresses are checked by the pack model (``http(s)://`` and no spaces); the characters that
    could end a Markdown link early are percent-encoded.
    """
    if not address:
        return plain(text)
    safe = address.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{plain(text)}]({safe})"


MARKS = {True: "✓ ", False: "✗ ", None: ""}


def answer_lines(question: Question, response: Any) -> str:
    """The learner's answer as Markdown lines, each right part marked ✓ and each wrong one ✗."""
    lines = describe(question, response)
    return "  \n".join(MARKS[line.right] + plain(line.text) for line in lines) or "(no answer)"


def show_feedback(pack: Pack, question: Question, score: float, response: Any = None) -> None:
    """Draw the verdict, the learner's answer beside the correct one, the explanation and the
    citations, as text only. Few elements on purpose: each one is a message on every click."""
    if score >= 1.0:
        st.success("Correct!", icon="✅")
    elif score > 0:
        st.warning(f"Partly right: {score:.0%} of the marks.", icon="➗")
    else:
        st.error("Not quite.", icon="❌")
    correct = "  \n".join(plain(line) for line in correct_answer(question))
    yours = f"**Your answer**  \n{answer_lines(question, response)}\n\n" if response is not None else ""
    key = f"**Correct answer**  \n{correct}\n\n" if score < 1.0 or response is None else ""
    st.markdown(f"{yours}{key}**Why**  \n{plain(question.explanation)}")
    lines = citations(pack, question)
    if lines:
        with st.expander("Sources"):
            st.markdown("  \n".join(link(text, address) for text, address in lines))
