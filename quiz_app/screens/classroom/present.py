"""Present (teacher only): the projector's view of a live quiz, which never gives an answer away.

While students join: the join code, the link and a large QR code. During a question: the prompt,
the options in a shuffled order with no marking (ordering items and matching entries shuffled too,
since their listed order *is* the answer), the class's timer and "Answered N / M"; nothing typed,
no score, no distribution. Only after Reveal: the distribution, the correct answer and the
explanation; the leaderboard only when the teacher asks for it. A compact QR code stays in a
corner while the quiz runs, for latecomers. The teacher runs the quiz from the Teacher page on a
laptop or phone; this page only follows it (pushed updates, see ``ui/live_push``).
"""

from __future__ import annotations

import html

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Matching, MultipleSelect, Ordering, Question, ShortAnswer, SingleChoice, TrueFalse
from quiz_app.classroom.live import seconds_left
from quiz_app.practice.grading import correct_answer
from quiz_app.practice.shuffle import display_order
from quiz_app.screens.classroom.countdown import countdown
from quiz_app.screens.classroom.dashboard import class_distribution, join_link, qr_caption, show_distribution
from quiz_app.store import classroom as rooms
from quiz_app.store.classroom import QuizInfo
from quiz_app.store.schema import utcnow
from quiz_app.ui import keys, live_push
from quiz_app.ui.images import qr_png
from quiz_app.ui.media import question_images
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.teacher_auth import require_teacher
from quiz_app.ui.text import plain

PRESENT_INTERVAL = 0.25  # s: at most four redraws a second while a class answers
LETTERS = "ABCDEFGHIJ"


def shown_choices(question: Question, seed: str) -> list[str]:
    """What the projector lists under a question: options or items in a shuffled order, unmarked.

    Never the answer: no option is marked, ordering items are never in their right order,
    matching entries on the right are shuffled apart from their left-hand partners, and a short
    answer shows nothing.
    """
    order = display_order(question, seed)
    match question:
        case SingleChoice() | MultipleSelect():
            return [f"{LETTERS[n]}. {question.options[i].text}" for n, i in enumerate(order)]
        case TrueFalse():
            return ["True", "False"]
        case Ordering():
            return [f"{n + 1}. {question.items[i]}" for n, i in enumerate(order)]
        case Matching():
            lefts = [f"{n + 1}. {pair.left}" for n, pair in enumerate(question.pairs)]
            rights = [f"{LETTERS[n]}. {question.pairs[i].right}" for n, i in enumerate(order)]
            return [*lefts, *rights]
        case ShortAnswer():
            return []
    return []


def _instruction(question: Question) -> str:
    match question:
        case MultipleSelect():
            return "Choose every answer that applies."
        case Ordering():
            return "Put these in the right order."
        case Matching():
            return "Match each numbered entry with a lettered one."
        case ShortAnswer():
            return "Type your answer on your phone."
    return "Choose one answer."


def _join_panel(quiz: QuizInfo, joined: int) -> None:
    link = join_link(quiz.code)
    left, right = st.columns([3, 2])
    with left:
        st.markdown("Join at")
        st.markdown(f"<div style='font-size:2rem;font-weight:600;word-break:break-all'>{html.escape(link)}</div>",
                    unsafe_allow_html=True)  # HTML-escaped: the link holds the host name the browser sent
        st.markdown("with the code")
        st.markdown(f"<div style='font-size:6rem;font-weight:800;letter-spacing:.5rem;line-height:1.1'>{quiz.code}"
                    "</div>", unsafe_allow_html=True)  # the code uses only [A-Z2-9]: safe to place in HTML
        st.markdown(f"### {joined} joined")
    right.image(qr_png(link), width=360, caption="Scan to join", alt=qr_caption(quiz.code))


def _corner(quiz: QuizInfo) -> None:
    """The compact join reminder while the quiz runs."""
    left, right = st.columns([5, 1])
    left.markdown(f"Join with the code **{quiz.code}** at `{join_link(quiz.code)}`")  # code span: not a link
    right.image(qr_png(join_link(quiz.code), 3), width=84, alt=qr_caption(quiz.code))


def _question(quiz: QuizInfo, pack: Pack, question: Question, answered: int, joined: int) -> None:
    state = quiz.state
    st.caption(f"Question {state.index + 1} of {state.total}")
    st.markdown(f"## {plain(question.prompt)}")
    question_images(pack, question, display_order(question, f"present:{quiz.id}"), max_width=900)
    revealed = state.phase in ("reveal", "leaderboard")
    if not revealed:
        st.markdown(_instruction(question))
        choices = shown_choices(question, f"present:{quiz.id}")
        if choices:
            st.markdown("\n".join(f"- {plain(choice)}" for choice in choices))
        left, right = st.columns(2)
        left.metric("Answered", f"{answered} / {joined}")
        remaining = seconds_left(state, utcnow())
        with right:
            if state.paused:
                st.metric("Paused", "⏸")
            elif remaining is not None:
                countdown(remaining, quiz.timer_seconds or 1, size="2rem")
        return
    st.metric("Answered", f"{answered} / {joined}")
    rows = class_distribution(quiz.id, question.id, answered, question, get_store().serial)
    if rows and answered:
        show_distribution(rows)
    st.markdown("**Correct answer:** " + plain("; ".join(correct_answer(question))))
    st.markdown(f"**Why:** {plain(question.explanation)}")


def _leaderboard(quiz_id: int, title: str = "Leaderboard") -> None:
    st.markdown(f"## {title}")
    board = rooms.leaderboard(get_store(), quiz_id, limit=10)
    if not board:
        st.caption("Nobody has points yet.")
    for rank, (name, points) in enumerate(board, 1):
        st.text(f"{rank}. {name} — {points}")


@st.fragment(run_every=live_push.run_every())
def _live(quiz_id: int, pack_id: str, drawn_revision: int) -> None:
    """Everything that changes with the class: the page is pushed when a seat or an answer arrives or
    the teacher moves on (or this fragment polls every 2 s with ``QUIZ_APP_LIVE_UPDATES=poll``)."""
    quiz = rooms.get(get_store(), quiz_id)
    pack = get_bank().packs.get(pack_id)
    if quiz is None or pack is None:
        return
    if quiz.revision != drawn_revision:
        st.rerun(scope="app")
    joined = rooms.player_count(get_store(), quiz.id)
    state = quiz.state
    if state.phase == "lobby":
        _join_panel(quiz, joined)
        st.caption("Waiting for the teacher to start the quiz.")
        return
    _corner(quiz)
    if state.phase == "ended":
        st.markdown("## The quiz has ended. Thank you for playing!")
        _leaderboard(quiz.id, "Final leaderboard")
        return
    question = pack.questions_by_id.get(quiz.current_question or "")
    if question is None:
        return
    if state.phase == "leaderboard":
        _leaderboard(quiz.id)
        return
    answered = rooms.answer_count(get_store(), quiz.id, question.id)
    _question(quiz, pack, question, answered, joined)


def main() -> None:
    teacher = require_teacher()  # on every run, before anything else is drawn
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")  # the projector shows the class
    store = get_store()
    mine = rooms.of_teacher(store, teacher.id)
    wanted = st.query_params.get(keys.PARAM_PRESENT_QUIZ, "")
    quiz = next((q for q in mine if str(q.id) == wanted), None) if wanted else rooms.running(mine)
    if quiz is None or quiz.mode != "live":
        live_push.forget()
        st.title("Present")
        st.info("No live quiz to present. Create or pick one on the Teacher page, then open its projector view.")
        return
    if wanted != str(quiz.id):
        st.query_params[keys.PARAM_PRESENT_QUIZ] = str(quiz.id)  # a reload stays on this quiz, also once it ends
    pack = get_bank().packs.get(quiz.pack_id)
    if pack is None:
        st.error("The pack this quiz used is no longer available.")
        return
    st.title(plain(quiz.title))
    live_push.watch(quiz.id, min_interval=PRESENT_INTERVAL)
    _live(quiz.id, pack.id, quiz.revision)


main()
