"""What a learner sees after answering: right or wrong, the answer, the explanation, the sources."""

from __future__ import annotations

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Question
from quiz_app.practice.grading import Grade, correct_answer
from quiz_app.ui.text import plain


def citations(pack: Pack, question: Question) -> list[str]:
    """One line per source citation behind the question's learning objectives (plain text)."""
    sources = {source.id: source for source in pack.meta.sources}
    lines = []
    for objective_id in question.objectives:
        objective = pack.objectives.get(objective_id)
        if objective is None:
            continue
        for citation in objective.citations:
            source = sources.get(citation.source)
            if source is None:
                continue
            where = f"{source.title}, {source.publisher} ({source.date}), {citation.locator}"
            lines.append(f"{where} — {source.address}" if source.address else where)
    return list(dict.fromkeys(lines))


def show_feedback(pack: Pack, question: Question, score: float, result: Grade | None = None,
                  overridden: bool = False) -> None:
    """Draw the verdict, the correct answer, the explanation and the citations, as text only.

    ``result`` (the grade, for its "almost: check the spelling" verdict) and ``overridden`` (the
    learner said "I was right") refine the verdict. Few elements on purpose: each one is a message to
    the browser on every click.
    """
    if overridden:
        st.success("You marked this right.", icon="✅")
    elif result is not None and result.almost:
        st.warning(plain(result.message), icon="✏️")
    elif score >= 1.0:
        st.success("Correct!", icon="✅")
    elif score > 0:
        st.warning(f"Partly right: {score:.0%} of the marks.", icon="➗")
    else:
        st.error("Not quite.", icon="❌")
    answer = "  \n".join(plain(line) for line in correct_answer(question))
    st.markdown(f"**Correct answer**  \n{answer}\n\n**Why**  \n{plain(question.explanation)}")
    lines = citations(pack, question)
    if lines:
        with st.expander("Sources"):
            st.caption("  \n".join(plain(line) for line in lines))
