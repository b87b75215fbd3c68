"""The teacher's own view of one class quiz (laptop or phone): controls, live dashboard, results.

The projector shows the *Present* page instead (``present.py``), which never shows an answer
before Reveal; this view is the teacher's alone and keeps the live distribution of answers.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from quiz_app.bank.bank import Bank, Pack
from quiz_app.bank.models import Question
from quiz_app.classroom import report, stats
from quiz_app.classroom.live import InvalidAction, seconds_left
from quiz_app.screens.classroom.countdown import countdown
from quiz_app.store import classroom as rooms
from quiz_app.store.classroom import QuizInfo
from quiz_app.store.schema import utcnow
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys, live_push, vega
from quiz_app.ui.clients import base_url
from quiz_app.ui.images import qr_png
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain

DASHBOARD_INTERVAL = 0.25  # s: at most four dashboard redraws a second while a class answers
CONTROLS = {
    "lobby": [("start", "Start the quiz")],
    "question": [("reveal", "Reveal the answer"), ("skip", "Skip this question")],
    "reveal": [("leaderboard", "Show the leaderboard"), ("next", "Next question")],
    "leaderboard": [("next", "Next question")],
}
CONFIRM = {  # actions that cannot be undone ask first
    "end": ("End the quiz for everyone? Students can no longer answer, and this cannot be undone.",
            "Yes, end the quiz"),
    "skip": ("Skip this question? Nobody can answer it any more, and this cannot be undone.",
             "Yes, skip it"),
}


def join_link(code: str) -> str:
    return f"{base_url()}/classroom?code={code}"


def qr_caption(code: str) -> str:
    """The QR image's text for people who cannot see it (Streamlit uses the caption as its alt text)."""
    return f"QR code: opens the join page with code {code}"


def responses(quiz: QuizInfo) -> list[stats.ClassResponse]:
    """Every answer of the quiz in the shape the statistics expect."""
    names = {p.id: p.nickname for p in rooms.players(get_store(), quiz.id)}
    return [stats.ClassResponse(a.player_id, names.get(a.player_id, "?"), a.question_id, a.response, a.score)
            for a in rooms.answers(get_store(), quiz.id)]


VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def distribution_spec(rows: Sequence[tuple[str, int, bool]], marked: bool = True) -> dict[str, Any]:
    """A Vega-Lite spec of bars: how many students chose each answer; ``marked`` colours the correct ones.

    Counts are whole numbers: integer ticks only, and an axis that reaches at least 1, so an
    empty chart never shows a lone "0.000000". Written as plain Vega-Lite rather than with Altair:
    the teacher's dashboard draws a new chart for every answer that arrives, and Altair's schema
    validation of each one was most of that page's run (cProfile of the server's script runs).
    """
    top = max([count for _, count, _ in rows] + [1])
    encoding: dict[str, Any] = {
        "x": {"field": "Students", "type": "quantitative", "scale": {"domain": [0, top]},
              "axis": {"format": "d", "tickMinStep": 1, "values": list(range(0, top + 1, max(1, top // 10)))}},
        "y": {"field": "Answer", "type": "nominal", "sort": None, "title": None},
        "tooltip": [{"field": "Answer", "type": "nominal"}, {"field": "Students", "type": "quantitative"}],
    }
    if marked:
        encoding["color"] = {"field": "Correct", "type": "nominal", "title": None,
                             "scale": {"domain": ["Correct", "Wrong"], "range": ["#2e7d32", "#9e9e9e"]}}
    values = [{"Answer": label, "Students": count, "Correct": "Correct" if ok else "Wrong"}
              for label, count, ok in rows]
    return {"$schema": VEGA_LITE_SCHEMA, "data": {"values": values}, "mark": {"type": "bar"}, "encoding": encoding}


def show_distribution(rows: list[tuple[str, int, bool]], marked: bool = True) -> None:
    """Draw :func:`distribution_spec` full width (its spec made once per distinct set of counts, ``ui/vega``)."""
    vega.show(distribution_spec, tuple(rows), marked)


@functools.lru_cache(maxsize=512)
def _distribution_html(rows: tuple[tuple[str, int, bool], ...]) -> str:
    top = max([count for _, count, _ in rows] + [1])
    lines = []
    for label, count, ok in rows:
        mark = "✓ " if ok else ""
        colour = "#2e7d32" if ok else "#9e9e9e"
        lines.append(
            f"<tr><th scope='row' style='text-align:left;font-weight:{600 if ok else 400};padding:.2rem .5rem .2rem 0'>"
            f"{mark}{html.escape(label)}</th><td style='width:55%;padding:.2rem 0'><div style='background:{colour};"
            f"height:.9rem;border-radius:.2rem;width:{100 * count / top:.1f}%'></div></td>"
            f"<td style='text-align:right;padding:.2rem 0 .2rem .5rem'>{count}</td></tr>")
    return ("<table style='width:100%;border-collapse:collapse'><caption style='text-align:left'>How the class "
            "answered (✓ correct)</caption><tr><th scope='col' style='text-align:left'>Answer</th><th scope='col'>"
            "<span style='position:absolute;left:-9999px'>Share</span></th><th scope='col' style='text-align:right'>"
            "Students</th></tr>" + "".join(lines) + "</table>")


def show_distribution_table(rows: list[tuple[str, int, bool]]) -> None:
    """The class's answers as a small table with bars: what every student's page shows after Reveal.

    Text, so a screen reader reads it as a table, and a cached string, so a pushed reveal to a
    whole class costs each page one small element instead of a chart.
    """
    st.html(_distribution_html(tuple(rows)))


@st.cache_resource(max_entries=64, show_spinner=False)
def class_distribution(quiz_id: int, question_id: str, answered: int, _question: Question,
                       database: int = 0) -> list[tuple[str, int, bool]]:
    """How the class answered a question, made once per server for each count of answers.

    ``database``: the store's ``serial`` (quiz ids of two databases never share an entry).

    Every student's page shows the same chart the moment the teacher reveals; built on each page it
    cost a whole class's answers per student. Once revealed, a question takes no more answers, so
    the count of answers (in the key) only changes for one that raced the reveal.
    """
    responses = [stats.ClassResponse(a.player_id, "", a.question_id, a.response, a.score)
                 for a in rooms.answers(get_store(), quiz_id, question_id)]
    return stats.distribution(_question, responses)


def _header(quiz: QuizInfo) -> None:
    """Title, join code, link and QR. While the live quiz runs only a compact line (the controls come
    first on a phone); the big code and QR are the projector's job (Present)."""
    st.header(plain(quiz.title), anchor=False)
    link = join_link(quiz.code)
    mode = "Live, teacher-paced" if quiz.mode == "live" else "Assignment, self-paced"
    timer = f", {quiz.timer_seconds} s per question" if quiz.timer_seconds else ""
    about = f"{mode}{timer} · {len(quiz.question_ids)} questions"
    projector = f"/present?{keys.PARAM_PRESENT_QUIZ}={quiz.id}"
    if quiz.mode == "live" and quiz.state.phase != "lobby":
        st.markdown(f"Join code **{quiz.code}** · {about}")
        if quiz.state.phase != "ended":
            with st.expander("Join link, QR code and projector view"):
                st.code(link, language=None, wrap_lines=True)
                st.image(qr_png(link, 4), width=120, caption="Scan to join", alt=qr_caption(quiz.code))
                st.link_button("Open the projector view", projector)
        return
    left, right = st.columns([3, 2])
    with left:
        st.caption("Join code")
        st.markdown(f"<div style='font-size:3.5rem;font-weight:700;letter-spacing:.3rem'>{quiz.code}</div>",
                    unsafe_allow_html=True)  # the code uses only [A-Z2-9]: safe to place in HTML
        st.caption("Students open the Classroom page and type the code, or scan the QR code:")
        st.code(link, language=None, wrap_lines=True)
        st.caption(about)
        if quiz.mode == "assignment" and quiz.opens_at and quiz.closes_at:
            st.caption(f"Open from {quiz.opens_at:%d %b %Y %H:%M} to {quiz.closes_at:%d %b %Y %H:%M} UTC")
        if quiz.mode == "live":
            st.link_button("Open the projector view", projector,
                           help="The Present page for the class to see: it never shows an answer before you "
                                "reveal it. Open it on the projector; run the quiz from here (laptop or phone).")
    right.image(qr_png(link, 8), width=200, caption="Scan to join", alt=qr_caption(quiz.code))


def _act(quiz_id: int, teacher_id: int, action: str, revision: int) -> None:
    """Button callback: apply once, to the state the button was drawn for (a double click, or a
    second tab that moved on first, finds the revision changed and changes nothing)."""
    st.session_state.pop(keys.CONFIRM_END, None)
    try:
        rooms.act(get_store(), quiz_id, teacher_id, action, expected_revision=revision)
    except InvalidAction as error:
        st.session_state[keys.NOTICE] = str(error)


def _ask(action: str | None, revision: int = -1) -> None:
    if action is None:
        st.session_state.pop(keys.CONFIRM_END, None)
    else:
        st.session_state[keys.CONFIRM_END] = (action, revision)


def _controls(quiz: QuizInfo, teacher: TeacherInfo) -> None:
    state = quiz.state
    if notice := st.session_state.pop(keys.NOTICE, None):
        st.warning(notice)
    asked, asked_at = st.session_state.get(keys.CONFIRM_END) or (None, None)
    if asked_at is not None and asked_at != quiz.revision:  # the quiz moved on while the question was open
        st.session_state.pop(keys.CONFIRM_END, None)
        asked = None
    if asked in CONFIRM and state.phase != "ended":
        question, yes = CONFIRM[asked]
        st.warning(question)
        left, right = st.columns(2)
        left.button(yes, key=f"confirm:{asked}:{quiz.revision}", type="primary", on_click=_act,
                    args=(quiz.id, teacher.id, asked, quiz.revision))
        right.button("Cancel", key=f"cancel:{asked}", on_click=_ask, args=(None,))
        return
    buttons = list(CONTROLS.get(state.phase, []))
    if state.phase not in ("lobby", "ended"):
        buttons.append(("resume", "Resume") if state.paused else ("pause", "Pause"))
    if state.phase != "ended":
        buttons.append(("end", "End the quiz"))
    columns = st.columns(max(1, len(buttons)))
    for column, (action, label) in zip(columns, buttons, strict=False):
        primary = action in ("start", "reveal", "next")
        kind = "primary" if primary else "secondary"
        if action in CONFIRM:
            column.button(label, key=f"act:{action}:{quiz.revision}", type=kind, on_click=_ask,
                          args=(action, quiz.revision))
        else:
            column.button(label, key=f"act:{action}:{quiz.revision}", type=kind, on_click=_act,
                          args=(quiz.id, teacher.id, action, quiz.revision))


@st.fragment(run_every=live_push.run_every())
def live_dashboard(quiz_id: int, pack_id: str, drawn_revision: int) -> None:
    """Who joined, who answered, the answer distribution and the leaderboard: redrawn when an answer
    or a seat arrives (the page is pushed, at most every :data:`DASHBOARD_INTERVAL`; or this
    fragment polls every 2 s with ``QUIZ_APP_LIVE_UPDATES=poll``)."""
    store = get_store()
    quiz = rooms.get(store, quiz_id)
    pack = get_bank().packs.get(pack_id)
    if quiz is None or pack is None:
        return
    if quiz.revision != drawn_revision:
        st.rerun(scope="app")  # the phase changed (maybe on another server): redraw the controls
    players = rooms.players(store, quiz_id)
    state = quiz.state
    phase = "paused" if state.paused else state.phase
    st.caption(f"Status: {phase} · updated {utcnow():%H:%M:%S} UTC")
    question_id = quiz.current_question
    if quiz.mode == "live" and question_id and state.phase in ("question", "reveal", "leaderboard"):
        question = pack.questions_by_id.get(question_id)
        answers = rooms.answers(store, quiz_id, question_id)
        left, middle, right = st.columns(3)
        left.metric("Question", f"{state.index + 1} / {state.total}")
        middle.metric("Answered", f"{len(answers)} / {len(players)}")
        remaining = seconds_left(state, utcnow())
        with right:
            if remaining is not None and not state.paused:
                countdown(remaining, quiz.timer_seconds or 1)
            elif remaining is not None:
                st.metric("Time left", f"{remaining:.0f} s (paused)")
        if question is not None:
            st.markdown(f"**{plain(question.prompt)}**")
            names = {p.id: p.nickname for p in players}
            rows = stats.distribution(question, [stats.ClassResponse(a.player_id, names.get(a.player_id, "?"),
                                                                      a.question_id, a.response, a.score)
                                                 for a in answers])
            if answers and rows:
                show_distribution(rows)
            elif state.phase == "question":
                st.caption("No answers yet.")
    st.markdown(f"**Joined: {len(players)}**")
    if players:
        st.text(", ".join(p.nickname for p in players[:200]))
    board = rooms.leaderboard(store, quiz_id)
    if board and state.phase != "lobby":
        st.markdown("**Leaderboard**")
        st.dataframe(pd.DataFrame(board, columns=["Nickname", "Points"]), hide_index=True, width="stretch")


def results(quiz: QuizInfo, pack: Pack) -> None:
    """Per-student results and item analysis, with CSV and printable downloads."""
    questions = [pack.questions_by_id[q] for q in quiz.question_ids if q in pack.questions_by_id]
    answered = responses(quiz)
    players = [(p.id, p.nickname) for p in rooms.players(get_store(), quiz.id)]
    student_rows = stats.student_results(questions, answered, players)
    items = stats.item_analysis(questions, answered, [p for p, _ in players])
    objectives = stats.objective_analysis(pack, questions, answered)
    st.subheader("Results per student", anchor=False)
    st.dataframe(pd.DataFrame([{"Nickname": r.nickname, "Score": round(r.total, 2), "Out of": r.maximum,
                                "Percent": round(r.percent)} for r in student_rows]),
                 hide_index=True, width="stretch")
    st.subheader("Item analysis", anchor=False)
    if warning := stats.small_class_warning(items):
        st.warning(warning)
    st.dataframe(pd.DataFrame([{
        "Question": report.question_heading(n, pack.questions_by_id[i.question_id])
        if i.question_id in pack.questions_by_id else i.prompt[:48], "Attempts": i.attempts,
        "Facility %": None if i.facility is None else round(i.facility),
        "Discrimination %": None if i.discrimination is None else round(i.discrimination),
        "Flags": "; ".join(i.flags)} for n, i in enumerate(items, 1)]), hide_index=True, width="stretch")
    for item in items:
        if item.choices:
            with st.expander(f"Answers chosen: {plain(item.prompt[:80])}"):
                show_distribution(item.choices)
    st.subheader("By learning objective", anchor=False)
    st.dataframe(pd.DataFrame([{"Objective": o.statement, "Questions": len(o.items), "Attempts": o.attempts,
                                "Facility %": None if o.facility is None else round(o.facility),
                                "Discrimination %": None if o.discrimination is None else round(o.discrimination),
                                "Flags": "; ".join(o.flags)} for o in objectives]), hide_index=True, width="stretch")
    left, middle, right = st.columns(3)
    stem = f"quiz-{quiz.code}"
    left.download_button("Results (CSV)", report.results_csv(questions, student_rows), f"{stem}-results.csv",
                         "text/csv", key="dl-results")
    middle.download_button("Item analysis (CSV)", report.items_csv(items), f"{stem}-items.csv", "text/csv",
                           key="dl-items")
    right.download_button("Printable summary (HTML)",
                          report.printable_summary(quiz.title, pack, questions, student_rows, items, objectives),
                          f"{stem}-summary.html", "text/html", key="dl-summary")


def show_quiz(bank: Bank, teacher: TeacherInfo, quiz_id: int) -> None:
    """Everything about one of the teacher's quizzes. Another teacher's quiz is never shown."""
    quiz = rooms.get(get_store(), quiz_id)
    if quiz is None or quiz.teacher_id != teacher.id:
        st.error("This quiz does not exist or belongs to another teacher.")
        return
    pack = bank.packs.get(quiz.pack_id)
    if pack is None:
        st.error("The pack this quiz used is no longer available.")
        return
    _header(quiz)
    if quiz.mode == "live":
        _controls(quiz, teacher)
    if quiz.state.phase != "ended":
        live_push.watch(quiz.id, min_interval=DASHBOARD_INTERVAL)
        live_dashboard(quiz.id, pack.id, quiz.revision)
    else:
        live_push.forget()
    if quiz.state.phase == "ended" or quiz.mode == "assignment":
        results(quiz, pack)
