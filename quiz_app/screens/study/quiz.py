"""Quiz: choose questions, answer with instant feedback, see the summary, retry the missed ones."""

from __future__ import annotations

import time

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.bank.labels import LEVELS, TYPE_NAMES
from quiz_app.bank.models import QUESTION_TYPES, Question, ShortAnswer
from quiz_app.practice.grading import InvalidResponse, grade
from quiz_app.practice.progress import topic_breakdown
from quiz_app.practice.selection import QuizSettings, matching_questions
from quiz_app.practice.shuffle import display_order
from quiz_app.screens.study import charts
from quiz_app.store import quizzes
from quiz_app.store.quizzes import AnswerRecord, SessionInfo
from quiz_app.ui import keys, score, vega
from quiz_app.ui.feedback import show_feedback
from quiz_app.ui.learner import current_learner
from quiz_app.ui.media import question_images, show
from quiz_app.ui.quiz_start import set_quiz, start_quiz
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain
from quiz_app.ui.widgets import answer_with_submit, graded_response

_set_quiz = set_quiz


def _start(settings: QuizSettings, pack: Pack) -> None:
    if not start_quiz(settings, pack):
        st.warning("No question matches these choices. Widen the filters and try again.")
        return
    st.rerun()


def _setup(packs: dict[str, Pack]) -> None:
    st.title("Practice quiz", anchor=False)
    pack_id = st.selectbox("Question pack", list(packs), format_func=lambda p: packs[p].meta.title)
    pack = packs[pack_id]
    st.caption(plain(pack.meta.description))
    topics = st.multiselect("Topics (all if empty)", list(pack.topics), format_func=lambda t: pack.topics[t].title)
    left, right = st.columns(2)
    levels = left.multiselect("Difficulty (all if empty)", [1, 2, 3], format_func=LEVELS.__getitem__)
    types = right.multiselect("Question types (all if empty)", list(QUESTION_TYPES),
                              format_func=TYPE_NAMES.__getitem__)
    draft = QuizSettings(pack_id, topics=tuple(topics), difficulties=tuple(levels), types=tuple(types))
    available = len(matching_questions(pack, draft))
    if not available:
        st.info("No question matches these filters.")
        return
    count = int(st.number_input(f"Number of questions (up to {min(50, available)})", 1, min(50, available),
                                min(10, available), key="quiz-count"))
    weak = st.toggle("Focus on my weak spots", help="Questions you got wrong, have not seen yet, or whose "
                     "learning objectives you have not mastered come first.")
    if st.button("Start quiz", type="primary", key="start-quiz"):
        settings = QuizSettings(pack_id, count=count, topics=tuple(topics), difficulties=tuple(levels),
                                types=tuple(types), weak_spots=weak)
        _start(settings, pack)


def _answer(session: SessionInfo, pack: Pack, question_id: str, order: list[int], key: str) -> None:
    """Submit callback: grade and record the answer before the script reruns (one run per click).

    Feedback follows only an answer recorded now: if another tab answered first, the page moves on.
    """
    graded = graded_response(pack.questions_by_id[question_id], order, key, pack.answers)
    if graded is None:
        return
    response, result = graded
    shown = st.session_state.get(keys.shown_at(session.id, question_id), time.time())
    record, created = quizzes.record_answer(get_store(), session.id, session.learner_id, question_id, response,
                                       result.correct, result.score, time.time() - shown)
    if not created:  # another tab or device answered first: read the quiz again
        st.session_state.pop(keys.QUIZ_VIEW, None)
        return
    view = st.session_state.get(keys.QUIZ_VIEW)
    if view is not None and view["session"].id == session.id:
        view["answers"].append(record)
    score.record(result.score)
    st.session_state[keys.FEEDBACK_FOR] = question_id


def _override(session: SessionInfo, question_id: str) -> None:
    """"I was right" callback (self-study only): the answer counts as correct from now on."""
    record = quizzes.override(get_store(), session.id, session.learner_id, question_id)
    view = st.session_state.get(keys.QUIZ_VIEW)
    if record is None or view is None or view["session"].id != session.id:
        st.session_state.pop(keys.QUIZ_VIEW, None)  # read the quiz again on the next run
        return
    view["answers"] = [record if a.question_id == question_id else a for a in view["answers"]]
    score.marked_right(record.original_score or 0.0)


def _feedback(pack: Pack, question: Question, answer: AnswerRecord, session: SessionInfo | None = None) -> None:
    """The feedback on a recorded answer; with ``session``, "I was right" under a wrong or "almost" short answer."""
    try:
        result = grade(question, answer.response, pack.answers)
    except InvalidResponse:
        result = None
    show_feedback(pack, question, answer.score, answer.response,
                  result if result and result.score == answer.score else None, answer.overridden)
    if session is not None and isinstance(question, ShortAnswer) and answer.score < 1 and not answer.overridden:
        st.button("I was right", key=f"override:{question.id}", on_click=_override, args=(session, question.id),
                  help="Count this answer as correct, for a spelling or wording the app did not know. "
                       "Your history will show that you marked it right.")


def _next() -> None:
    """Next-question callback: leave the feedback (before the rerun, so one run per click)."""
    st.session_state.pop(keys.FEEDBACK_FOR, None)


def _question(session: SessionInfo, pack: Pack, question_id: str, answer: AnswerRecord | None) -> None:
    question = pack.questions_by_id[question_id]
    position = session.question_ids.index(question_id)
    total = len(session.question_ids)
    about = f"{pack.topics[question.topic].title} · {LEVELS[question.difficulty]} · {TYPE_NAMES[question.type]}"
    st.progress(position / total, text=f"Question {position + 1} of {total} — {about}")
    st.header(plain(question.prompt), anchor=False)
    st.session_state.setdefault(keys.shown_at(session.id, question_id), time.time())
    order = display_order(question, f"{session.id}")
    question_images(pack, question, order)
    key = keys.widget(session.id, question_id, "answer")
    if answer is not None:
        _feedback(pack, question, answer, session)
        last = position == total - 1
        st.button("See my results" if last else "Next question", type="primary", key=f"next:{question_id}",
                  on_click=_next)
        return
    answer_with_submit(question, order, key, _answer, (session, pack, question_id, order, key))


def marks(points: float) -> str:
    """Marks for display: whole numbers as they are, others to one decimal (6.45238 → 6.5)."""
    rounded = round(points, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def _summary(session: SessionInfo, pack: Pack, answers: list[AnswerRecord]) -> None:
    st.title("Quiz complete", anchor=False)
    points = sum(a.score for a in answers)
    total = len(session.question_ids)
    seconds = ((session.finished_at or session.started_at) - session.started_at).total_seconds()
    left, middle, right = st.columns(3)
    left.metric("Marks", f"{marks(points)} / {total}")
    middle.metric("Percent", f"{points / total:.0%}")
    right.metric("Time taken", f"{int(seconds // 60)} min {int(seconds % 60)} s")
    right_count = sum(a.correct for a in answers)
    partly = sum(0 < a.score < 1 for a in answers)
    st.caption(f"{right_count} of {total} fully right" + (f", {partly} partly right" if partly else "") +
               ". Each question is worth one mark; a partly right answer earns its share (two of three pairs "
               "matched earns 0.7), and only full marks count as right.")
    breakdown = topic_breakdown(pack, answers)
    rows = [(pack.topics[t].title, 100 * p / n, n) for t, (p, n) in breakdown.items()]
    if rows:
        vega.show(charts.topic_scores, tuple(rows))
    missed = [a for a in answers if not a.correct]
    if missed:
        st.header(f"Not fully right ({len(missed)})", anchor=False)
        for answer in missed:
            question = pack.questions_by_id.get(answer.question_id)
            if question is not None:
                with st.expander(plain(question.prompt)):
                    show(pack, question.image, max_width=400, max_height=260)
                    _feedback(pack, question, answer)
    else:
        st.success("You got every question right.")
    marked = [a for a in answers if a.overridden and a.question_id in pack.questions_by_id]
    if marked:
        st.header(f"Marked right by you ({len(marked)})", anchor=False)
        for answer in marked:
            question = pack.questions_by_id[answer.question_id]
            with st.expander(plain(f"{question.prompt} · you marked this right")):
                st.caption(plain(f"You answered \"{answer.response}\"; the app gave it "
                                 f"{answer.original_score or 0:.0%} of the marks."))
                _feedback(pack, question, answer)
    left, right = st.columns(2)
    if missed and left.button("Retry the missed ones", type="primary", key="retry"):
        settings = QuizSettings(pack.id, count=len(missed), question_ids=tuple(a.question_id for a in missed))
        _start(settings, pack)
    if right.button("New quiz", key="new-quiz"):
        _set_quiz(None)
        st.rerun()


def _current_session() -> tuple[SessionInfo | None, list[AnswerRecord]]:
    """The learner's quiz in progress and its answers: read from the database when the page is
    (re)loaded or another tab answered first, else this tab's own up-to-date view (no read per click)."""
    quiz_id = st.session_state.get(keys.QUIZ_ID)
    if quiz_id is None and (param := st.query_params.get(keys.PARAM_QUIZ, "")).isdigit():
        quiz_id = int(param)  # restored after a reload
    if quiz_id is None:
        return None, []
    learner = current_learner()
    view = st.session_state.get(keys.QUIZ_VIEW)
    if view is not None and view["session"].id == quiz_id and learner is not None \
            and view["session"].learner_id == learner.id:
        return view["session"], view["answers"]
    session, answers = quizzes.with_answers(get_store(), quiz_id)
    if session is None or learner is None or session.learner_id != learner.id:
        _set_quiz(None)  # someone else's quiz, or a stale link
        return None, []
    st.session_state[keys.QUIZ_ID] = quiz_id
    st.session_state[keys.QUIZ_VIEW] = {"session": session, "answers": answers}
    return session, answers


def main() -> None:
    bank = get_bank()
    session, answers = _current_session()
    if session is None:
        _setup(bank.packs)
        return
    pack = bank.packs.get(session.pack_id)
    if pack is None:
        st.error("This quiz's question pack is no longer available.")
        _set_quiz(None)
        return
    by_question = {a.question_id: a for a in answers}
    feedback_for = st.session_state.get(keys.FEEDBACK_FOR)
    pending = [q for q in session.question_ids if q not in by_question and pack.questions_by_id.get(q)]
    if feedback_for in by_question:
        _question(session, pack, feedback_for, by_question[feedback_for])
    elif pending:
        _question(session, pack, pending[0], None)
    else:
        if session.finished_at is None:
            session = quizzes.finish(get_store(), session.id)
            st.session_state[keys.QUIZ_VIEW] = {"session": session, "answers": answers}
        _summary(session, pack, answers)


main()
