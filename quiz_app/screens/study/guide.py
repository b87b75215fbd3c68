"""Study guide: per topic, the learning objectives to read (with their sources), the topic's map, the
timeline of dated objectives, "Quiz me on this", and the learner's mastery beside each objective.

Works for any pack students can see, teachers' packs included: a pack's objectives are its lesson.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import LearningObjective
from quiz_app.guide.printable import citation_lines, mastery_text, study_guide_html
from quiz_app.guide.timeline import Event, events, questions_for, short_label
from quiz_app.practice.progress import Mastery, objective_mastery
from quiz_app.practice.selection import QuizSettings
from quiz_app.store import quizzes
from quiz_app.ui import keys
from quiz_app.ui.learner import current_learner
from quiz_app.ui.media import show
from quiz_app.ui.navigation import STUDY, pages
from quiz_app.ui.quiz_start import start_quiz
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain

SPANS = {"january": "January 2022", "all": "All dated events"}


def _quiz_me(pack: Pack, question_ids: list[str]) -> None:
    """Start a quiz of exactly these questions and open the quiz page on its first question."""
    if not start_quiz(QuizSettings(pack.id, count=len(question_ids), question_ids=tuple(question_ids)), pack):
        st.warning("There is no question on this yet.")
        return
    learner = current_learner()
    assert learner is not None
    st.switch_page(pages()[STUDY][0], query_params={keys.PARAM_LEARNER: learner.token,
                                                        keys.PARAM_QUIZ: st.query_params[keys.PARAM_QUIZ]})


def _timeline(dated: list[Event]) -> set[str]:
    """The interactive timeline; returns the objective ids picked on it (empty: none picked)."""
    span = st.radio("Timeline", list(SPANS), format_func=SPANS.__getitem__, horizontal=True, key=keys.GUIDE_SPAN)
    shown = [e for e in dated if span == "all" or (e.date.year == 2022 and e.date.month == 1)] or dated
    frame = pd.DataFrame([{"Date": e.date.isoformat(), "Event": e.label, "Topic": e.topic,
                           "Objective": e.objective_id, "What happened": e.statement} for e in shown])
    pick = alt.selection_point(name="pick", fields=["Objective"], on="click")
    legend = alt.selection_point(name="topics", fields=["Topic"], bind="legend")
    base = alt.Chart(frame).encode(
        x=alt.X("Date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0, tickCount="week" if span == "all"
                                                     else "day", labelOverlap=True)),
        y=alt.Y("Event:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("Topic:N", legend=alt.Legend(orient="bottom", title="Topic (click to highlight)")),
        opacity=alt.condition(legend, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("Date:T", format="%d %B %Y"), "Event", "Topic", "What happened"],
    )
    chart = base.mark_circle(size=180).add_params(pick, legend).properties(height=max(140, 26 * len(shown) + 40))
    event = st.altair_chart(chart, on_select="rerun", selection_mode=["pick"], key=keys.GUIDE_TIMELINE,
                            width="stretch")
    picked = {row.get("Objective") for row in (event.selection.get("pick") or [])} if event else set()
    picked.discard(None)
    st.markdown("Hover over a dot to read the event; click one to show only its objective below "
                "(click an empty spot to show everything again).")
    return {str(p) for p in picked}


def _citations(pack: Pack, objective: LearningObjective) -> str:
    lines = []
    for text, address in citation_lines(pack, objective):
        if address:  # addresses are checked http(s) URLs without spaces; <...> keeps their brackets intact
            safe = address.replace("<", "%3C").replace(">", "%3E")
            lines.append(f"- {plain(text)} — [link](<{safe}>)")
        else:
            lines.append(f"- {plain(text)}")
    return "\n".join(lines)


def _objective(pack: Pack, objective: LearningObjective, mastery: Mastery | None, known: bool) -> None:
    with st.container(border=True):
        when = f"{objective.date} · " if objective.date else ""
        st.markdown(f"**{plain(when + short_label(objective))}**  \n"
                    f"{plain(objective.statement)}")
        show(pack, objective.image, max_width=480, max_height=300)
        if known:
            badge = "✅" if mastery is not None and mastery.mastered else "📖"
            st.caption(f"{badge} Your progress: {mastery_text(mastery)}")
        with st.expander("Sources"):
            st.markdown(_citations(pack, objective))
        ids = questions_for(pack, {objective.id})
        if ids and st.button(f"Quiz me on this ({len(ids)} question{'s' if len(ids) != 1 else ''})",
                             key=f"guide-quiz:{pack.id}:{objective.id}"):
            _quiz_me(pack, ids)


def _read_next(pack: Pack, mastery: dict[str, Mastery]) -> None:
    todo = [o for o in pack.meta.objectives if not mastery[o.id].mastered]
    if not todo:
        st.success("You have mastered every learning objective of this pack.")
        return
    started = [o for o in todo if mastery[o.id].attempts]
    first = (started or todo)[0]
    st.info(f"Read next: {plain(first.label or first.statement[:80])} ({plain(pack.topics[first.topic].title)}). "
            f"{len(pack.meta.objectives) - len(todo)} of {len(pack.meta.objectives)} objectives mastered.")


def main() -> None:
    bank = get_bank()  # the sidebar's score is drawn by app.py, as on every study page
    st.title("Study guide")
    packs = bank.packs
    pack = packs[st.selectbox("Question pack", list(packs), format_func=lambda p: packs[p].meta.title,
                              key=keys.GUIDE_PACK)]
    st.caption(plain(pack.meta.description))
    learner = current_learner()
    mastery = objective_mastery(pack, quizzes.all_answers(get_store(), learner.id)) if learner else {}
    if learner:
        _read_next(pack, mastery)
    st.download_button("Download the guide to print (HTML)", lambda: study_guide_html(pack, mastery or None),
                       f"{pack.id}-study-guide.html", "text/html", key="guide-download", on_click="ignore")
    dated = events(pack)
    picked = _timeline(dated) if dated else set()
    for topic in pack.meta.topics:
        objectives = [o for o in pack.meta.objectives if o.topic == topic.id and (not picked or o.id in picked)]
        if not objectives:
            continue
        st.header(plain(topic.title), divider="gray")
        if topic.description:
            st.markdown(plain(topic.description))
        show(pack, topic.image)
        ids = questions_for(pack, topic=topic.id)
        if ids and not picked and st.button(f"Quiz me on {plain(topic.title)} ({len(ids)} questions)", type="primary",
                                           key=f"guide-quiz-topic:{pack.id}:{topic.id}"):
            _quiz_me(pack, ids)
        for objective in objectives:
            _objective(pack, objective, mastery.get(objective.id), learner is not None)


main()
