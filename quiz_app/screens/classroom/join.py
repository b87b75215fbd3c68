"""Classroom (students): join with a code and a nickname, wait, answer, see how the class did.

The seat token lives in the URL (``?seat=``), so a reload or a reopened tab returns the student
to the same seat with the same points. The server reruns the page the moment the teacher moves on
(``ui/live_push``); with ``QUIZ_APP_LIVE_UPDATES=poll`` a small fragment polls every 2 s instead.
The student's clock for a question starts when the server first handed this student's page the
question (``ui/sent_clock``; without a server loop, when the run drew it), and the timer counts
from there.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.classroom.codes import normalise_code
from quiz_app.classroom.live import personal, seconds_left
from quiz_app.names import NameError_
from quiz_app.practice.grading import correct_answer
from quiz_app.practice.shuffle import display_order
from quiz_app.screens.classroom.countdown import countdown
from quiz_app.screens.classroom.dashboard import class_distribution, show_distribution_table
from quiz_app.screens.classroom.seat import current_seat, take
from quiz_app.store import classroom as rooms
from quiz_app.store import snapshots
from quiz_app.store.classroom import ClassAnswerInfo, PlayerInfo, QuizInfo
from quiz_app.store.schema import utcnow
from quiz_app.ui import keys, live_push, sent_clock
from quiz_app.ui.feedback import answer_lines, show_feedback
from quiz_app.ui.media import question_images, show
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain
from quiz_app.ui.widgets import answer_with_submit, graded_response

OUTCOME_MESSAGES = {
    "closed": "Time is up for this question: your answer was not counted.",
    "not_current": "The teacher has moved on: this question is closed.",
}


def _join_form(heading: str | None = None) -> None:
    """The join form, under the page title or (below an ended quiz) under ``heading``."""
    if heading:
        st.header(heading, anchor=False)
    else:
        st.title("Join a class quiz", anchor=False)
    with st.form("join"):
        code = st.text_input("Join code", value=st.query_params.get(keys.PARAM_CODE, ""), max_chars=12)
        nickname = st.text_input("Nickname", max_chars=24, help="Shown to your class. At most 24 characters.")
        submitted = st.form_submit_button("Join", type="primary")
    if not submitted:
        return
    from quiz_app.ui.clients import client_id

    try:
        _, player = rooms.join(get_store(), code, nickname, client_id())
    except (rooms.JoinRefused, NameError_) as error:
        st.error(str(error))
        return
    take(player)
    st.query_params.pop(keys.PARAM_CODE, None)
    st.rerun()


def _back_to_seat() -> None:
    st.query_params.pop(keys.PARAM_CODE, None)


@st.fragment(run_every=live_push.POLL_SECONDS)
def _poll(quiz_id: int, drawn_revision: int) -> None:
    """The former design (``QUIZ_APP_LIVE_UPDATES=poll``): look every 2 s, redraw the page on a change."""
    if st.session_state.pop(keys.DRAWN, False):
        return  # part of the full run that just read the quiz: nothing to compare
    quiz = rooms.get(get_store(), quiz_id)
    if quiz is not None and quiz.revision != drawn_revision:
        st.rerun(scope="app")


def _record_shown(quiz: QuizInfo, player: PlayerInfo, question_id: str, drawn_at: dt.datetime) -> None:
    """Start this student's clock for the question this run drew for the first time (called last in the run).

    On a server the moment is taken when the page's messages leave it (``ui/sent_clock``), with no
    write in this run. Otherwise it is recorded now; if the question had been shown before (a
    reload elsewhere), the stored moment stands and the page is drawn again with its timer.
    """
    if sent_clock.stamp_when_sent(quiz.id, player.id, question_id):
        return
    first = rooms.mark_shown(get_store(), quiz.id, player.id, question_id)
    sent_clock.remember(player.id, question_id, first)
    if first < drawn_at - sent_clock.REDRAW_AFTER:
        st.rerun()


def _submit(quiz_id: int, pack: Pack, player: PlayerInfo, question_id: str, order: list[int], key: str) -> None:
    """Submit callback: grade and record before the rerun it causes (one script run per click)."""
    graded = graded_response(pack.questions_by_id[question_id], order, key, pack.answers)
    if graded is None:
        return
    response, result = graded
    sent_clock.flush(player.id)  # this student's clock first, if its moment is still held
    outcome, mine = rooms.submit(get_store(), quiz_id, player.id, question_id, response, result.score)
    if mine is not None:
        st.session_state[keys.MINE] = mine
    if outcome in OUTCOME_MESSAGES:
        st.session_state[keys.NOTICE] = OUTCOME_MESSAGES[outcome]
        return
    st.session_state[keys.FEEDBACK_FOR] = question_id  # assignments show feedback next; live waits


def _answer_form(quiz: QuizInfo, pack: Pack, player: PlayerInfo, question_id: str) -> None:
    question = pack.questions_by_id[question_id]
    st.header(plain(question.prompt), anchor=False)
    order = display_order(question, f"class:{quiz.id}:{player.id}")
    question_images(pack, question, order)
    key = keys.widget(f"c{quiz.id}", question_id, "answer")
    answer_with_submit(question, order, key, _submit, (quiz.id, pack, player, question_id, order, key))


def _caption(quiz: QuizInfo, pack: Pack, player: PlayerInfo) -> str:
    """Who is playing and, during a live question, which one: one caption, not two, since every
    pushed page of a class costs the server per element."""
    playing = f"Playing as {plain(player.nickname)}"
    state = quiz.state
    live_question = quiz.mode == "live" and state.phase in ("question", "reveal", "leaderboard")
    if live_question and (quiz.current_question or "") in pack.questions_by_id:
        return f"{playing} · Question {state.index + 1} of {state.total}"
    return playing


def _live(quiz: QuizInfo, pack: Pack, player: PlayerInfo) -> tuple[str, dt.datetime] | None:
    """Draw the live quiz; return (question id, when) of a question drawn for the first time (to record)."""
    state = quiz.state
    if state.paused:
        st.info("The teacher has paused the quiz.")
        return None
    if state.phase == "lobby":
        store = get_store()
        count = snapshots.cached(store, quiz.id, "joined", ("join",), lambda: rooms.player_count(store, quiz.id))
        st.success(f"You're in, {plain(player.nickname)}! Waiting for the teacher to start "
                   f"({count} joined).")
        return None
    question_id = quiz.current_question
    question = pack.questions_by_id.get(question_id or "")
    if question is None:
        return None
    mine = _mine(quiz, player, question.id)
    if state.phase == "question":
        if mine is None:
            now = utcnow()
            shown = sent_clock.first_shown(player.id, question.id)
            left = seconds_left(personal(state, shown or now), now)  # first draw: this student's clock starts now
            if left is not None:
                countdown(left, quiz.timer_seconds or 1)
            _answer_form(quiz, pack, player, question.id)
            return None if shown else (question.id, now)
        else:
            st.header(plain(question.prompt), anchor=False)
            show(pack, question.image)
            st.info("Answer received. Wait for the teacher to reveal the answer.")
        return None
    st.header(plain(question.prompt), anchor=False)
    show(pack, question.image)
    if mine is None:
        st.warning("You did not answer this one.")
    else:
        verdict = "Correct" if mine.score >= 1 else ("Partly right" if mine.score > 0 else "Not quite")
        yours = answer_lines(question, mine.response)
        st.markdown(f"**{verdict}**, +{mine.points} points  \n**Your answer**  \n{yours}")
    st.markdown("**Correct answer:** " + plain("; ".join(correct_answer(question))) +
                f"\n\n**Why:** {plain(question.explanation)}")
    if state.phase == "reveal":
        answered = len(_answered_by(quiz, question.id))
        rows = class_distribution(quiz.id, question.id, answered, question, get_store().serial)
        if rows:
            show_distribution_table(rows)
    else:
        _board(quiz, player)


def _answered_by(quiz: QuizInfo, question_id: str) -> frozenset[int]:
    """The players who answered the question: read once per server until the next answer."""
    store = get_store()
    return snapshots.cached(store, quiz.id, "answered-by", ("answer",),
                            lambda: rooms.answered_players(store, quiz.id, question_id), question_id)


def _mine(quiz: QuizInfo, player: PlayerInfo, question_id: str) -> ClassAnswerInfo | None:
    """This student's answer to the question, or None: read from the database only when it exists.

    Every pushed rerun of a class asks: an answer never changes once given, so this tab keeps it,
    and whether the student answered at all comes from :func:`_answered_by`, not a read per page.
    """
    known = st.session_state.get(keys.MINE)
    if isinstance(known, ClassAnswerInfo) and (known.player_id, known.question_id) == (player.id, question_id):
        return known
    if player.id not in _answered_by(quiz, question_id):
        return None
    mine = rooms.answer_of(get_store(), player.id, question_id)
    if mine is not None:
        st.session_state[keys.MINE] = mine
    return mine


def _board(quiz: QuizInfo, player: PlayerInfo) -> None:
    store = get_store()
    board = snapshots.cached(store, quiz.id, "board", ("answer", "join"),
                             lambda: rooms.leaderboard(store, quiz.id, limit=10))
    st.markdown("**Leaderboard**")
    for rank, (name, points) in enumerate(board, 1):
        marker = " ← you" if name == player.nickname else ""
        st.text(f"{rank}. {name} — {points}{marker}")


def _assignment(quiz: QuizInfo, pack: Pack, player: PlayerInfo) -> None:
    answered = {a.question_id: a for a in rooms.answers(get_store(), quiz.id) if a.player_id == player.id}
    just = st.session_state.get(keys.FEEDBACK_FOR)
    if just in answered and (question := pack.questions_by_id.get(just)):
        st.header(plain(question.prompt), anchor=False)
        show(pack, question.image)
        show_feedback(pack, question, answered[just].score, answered[just].response)
        if st.button("Continue", type="primary", key=f"continue:{just}"):
            st.session_state.pop(keys.FEEDBACK_FOR, None)
            st.rerun()
        return
    pending = [q for q in quiz.question_ids if q not in answered and q in pack.questions_by_id]
    now = utcnow()
    if not quiz.is_open(now) and pending:
        st.warning("This assignment is closed." if quiz.closes_at and now >= quiz.closes_at
                   else "This assignment has not opened yet.")
        return
    if not pending:
        total = sum(a.score for a in answered.values())
        st.success(f"All done! Your score: {total:g} of {len(quiz.question_ids)}.")
        return
    st.caption(f"Question {len(answered) + 1} of {len(quiz.question_ids)}")
    _answer_form(quiz, pack, player, pending[0])


def _quiz(quiz_id: int) -> QuizInfo | None:
    """The quiz as every student's page draws it: read once per server per teacher action."""
    store = get_store()
    return snapshots.cached(store, quiz_id, "quiz", ("state",), lambda: rooms.get(store, quiz_id))


def main() -> None:
    player = current_seat()
    quiz = _quiz(player.quiz_id) if player else None
    if player is None or quiz is None:
        _join_form()
        return
    code = st.query_params.get(keys.PARAM_CODE)
    if code and normalise_code(code) != quiz.code and quiz.state.phase != "ended":  # a link to another quiz
        st.info(f"You also have a seat in “{plain(quiz.title)}” as {plain(player.nickname)}.")
        st.button("Back to my seat", on_click=_back_to_seat, key="back-to-seat")
        _join_form()
        return
    pack = get_bank().packs.get(quiz.pack_id)
    if pack is None:
        st.error("This quiz is no longer available.")
        return
    st.title(plain(quiz.title), anchor=False)
    st.caption(_caption(quiz, pack, player))
    if quiz.state.phase == "ended":
        st.success("The quiz has ended. Thank you for playing!")
        _board(quiz, player)
        _join_form("Join another class quiz")
        return
    if quiz.mode == "live":
        first_shown = _live(quiz, pack, player)
        if live_push.pushing():  # rerun by the server when the teacher acts (not for others' answers)
            live_push.watch(quiz.id, kinds={"state"})
        else:
            st.session_state[keys.DRAWN] = True
            _poll(quiz.id, quiz.revision)
        if first_shown:
            _record_shown(quiz, player, *first_shown)
    else:
        _assignment(quiz, pack, player)


main()
