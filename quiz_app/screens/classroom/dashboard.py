"""The teacher's view of one class quiz: join code and QR, live controls, live dashboard, results."""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import qrcode
import streamlit as st

from quiz_app.bank.bank import Bank, Pack
from quiz_app.classroom import report, stats
from quiz_app.classroom.live import InvalidAction, seconds_left
from quiz_app.store import classroom as rooms
from quiz_app.store.classroom import QuizInfo
from quiz_app.store.schema import utcnow
from quiz_app.store.teachers import TeacherInfo
from quiz_app.ui import keys
from quiz_app.ui.clients import base_url
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain

REFRESH_SECONDS = 2
CONTROLS = {
    "lobby": [("start", "Start the quiz")],
    "question": [("reveal", "Reveal the answer"), ("skip", "Skip this question")],
    "reveal": [("leaderboard", "Show the leaderboard"), ("next", "Next question")],
    "leaderboard": [("next", "Next question")],
}


@st.cache_data(max_entries=100, show_spinner=False)
def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as PNG, with large modules so a projector shows it clearly."""
    image = qrcode.make(url, box_size=14, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def join_link(code: str) -> str:
    return f"{base_url()}/classroom?code={code}"


def responses(quiz: QuizInfo) -> list[stats.ClassResponse]:
    """Every answer of the quiz in the shape the statistics expect."""
    names = {p.id: p.nickname for p in rooms.players(get_store(), quiz.id)}
    return [stats.ClassResponse(a.player_id, names.get(a.player_id, "?"), a.question_id, a.response, a.score)
            for a in rooms.answers(get_store(), quiz.id)]


def distribution_chart(rows: list[tuple[str, int, bool]]) -> alt.Chart:
    frame = pd.DataFrame([{"Answer": label, "Students": count, "Correct": "Correct" if ok else "Wrong"}
                          for label, count, ok in rows])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("Students:Q", axis=alt.Axis(tickMinStep=1)), y=alt.Y("Answer:N", sort=None, title=None),
        color=alt.Color("Correct:N", scale=alt.Scale(domain=["Correct", "Wrong"], range=["#2e7d32", "#9e9e9e"])),
        tooltip=["Answer", "Students"])


def _header(quiz: QuizInfo) -> None:
    st.header(plain(quiz.title), anchor=False)
    link = join_link(quiz.code)
    left, right = st.columns([3, 2])
    with left:
        st.caption("Join code")
        st.markdown(f"<div style='font-size:4.5rem;font-weight:700;letter-spacing:.3rem'>{quiz.code}</div>",
                    unsafe_allow_html=True)  # the code uses only [A-Z2-9]: safe to place in HTML
        st.caption("Students open the Classroom page and type the code, or scan the QR code:")
        st.code(link, language=None, wrap_lines=True)
        mode = "Live, teacher-paced" if quiz.mode == "live" else "Assignment, self-paced"
        timer = f", {quiz.timer_seconds} s per question" if quiz.timer_seconds else ""
        st.caption(f"{mode}{timer} · {len(quiz.question_ids)} questions")
        if quiz.mode == "assignment" and quiz.opens_at and quiz.closes_at:
            st.caption(f"Open from {quiz.opens_at:%d %b %Y %H:%M} to {quiz.closes_at:%d %b %Y %H:%M} UTC")
    right.image(qr_png(link), width=320, caption="Scan to join", alt=f"QR code of the join link for code {quiz.code}")


def _controls(quiz: QuizInfo, teacher: TeacherInfo) -> None:
    state = quiz.state
    buttons = list(CONTROLS.get(state.phase, []))
    if state.phase not in ("lobby", "ended"):
        buttons.append(("resume", "Resume") if state.paused else ("pause", "Pause"))
    if state.phase != "ended":
        buttons.append(("end", "End the quiz"))
    columns = st.columns(max(1, len(buttons)))
    for column, (action, label) in zip(columns, buttons, strict=False):
        primary = action in ("start", "reveal", "next")
        if column.button(label, key=f"act:{action}:{quiz.revision}", type="primary" if primary else "secondary"):
            try:
                rooms.act(get_store(), quiz.id, teacher.id, action)
            except InvalidAction as error:
                st.warning(str(error))
            st.rerun()


@st.fragment(run_every=REFRESH_SECONDS)
def live_dashboard(quiz_id: int, pack_id: str) -> None:
    """Refreshes itself: who joined, who answered, the answer distribution and the leaderboard."""
    store = get_store()
    quiz = rooms.get(store, quiz_id)
    pack = get_bank().packs.get(pack_id)
    if quiz is None or pack is None:
        return
    if st.session_state.get(keys.DASHBOARD_REVISION, quiz.revision) != quiz.revision:
        st.session_state[keys.DASHBOARD_REVISION] = quiz.revision
        st.rerun(scope="app")  # the phase changed (maybe on another server): redraw the controls
    st.session_state[keys.DASHBOARD_REVISION] = quiz.revision
    players = rooms.players(store, quiz_id)
    state = quiz.state
    phase = "paused" if state.paused else state.phase
    st.caption(f"Status: {phase} · refreshed {utcnow():%H:%M:%S} UTC")
    question_id = quiz.current_question
    if quiz.mode == "live" and question_id and state.phase in ("question", "reveal", "leaderboard"):
        question = pack.questions_by_id.get(question_id)
        answers = rooms.answers(store, quiz_id, question_id)
        left, middle, right = st.columns(3)
        left.metric("Question", f"{state.index + 1} / {state.total}")
        middle.metric("Answered", f"{len(answers)} / {len(players)}")
        remaining = seconds_left(state, utcnow())
        right.metric("Time left", f"{remaining:.0f} s" if remaining is not None else "no timer")
        if question is not None:
            st.markdown(f"**{plain(question.prompt)}**")
            names = {p.id: p.nickname for p in players}
            rows = stats.distribution(question, [stats.ClassResponse(a.player_id, names.get(a.player_id, "?"),
                                                                      a.question_id, a.response, a.score)
                                                 for a in answers])
            if rows:
                st.altair_chart(distribution_chart(rows), width="stretch")
    st.markdown(f"**Joined: {len(players)}**")
    if players:
        st.text(", ".join(p.nickname for p in players[:200]))
    board = rooms.leaderboard(store, quiz_id)
    if board:
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
        "Question": i.prompt[:80], "Attempts": i.attempts,
        "Facility %": None if i.facility is None else round(i.facility),
        "Discrimination %": None if i.discrimination is None else round(i.discrimination),
        "Flags": "; ".join(i.flags)} for i in items]), hide_index=True, width="stretch")
    for item in items:
        if item.choices:
            with st.expander(f"Answers chosen: {plain(item.prompt[:80])}"):
                st.altair_chart(distribution_chart(item.choices), width="stretch")
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
    live_dashboard(quiz.id, pack.id)
    if quiz.state.phase == "ended" or quiz.mode == "assignment":
        results(quiz, pack)
