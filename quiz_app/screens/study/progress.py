"""Progress: score per quiz over time, mastery per topic and learning objective, cards coming due."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz_app.bank.bank import Pack
from quiz_app.practice.progress import MASTERED_AT, Mastery, objective_mastery, topic_mastery
from quiz_app.screens.study import charts
from quiz_app.store import cards as card_store
from quiz_app.store import quizzes
from quiz_app.store.quizzes import AnswerRecord
from quiz_app.store.schema import utcnow
from quiz_app.ui.learner import current_learner
from quiz_app.ui.resources import get_bank, get_store
from quiz_app.ui.text import plain

DAYS_AHEAD = 14


def _sessions_chart(learner_id: int) -> None:
    finished = [s for s in quizzes.history(get_store(), learner_id) if s.finished_at and s.max_score]
    st.header("Score per quiz", anchor=False)
    if not finished:
        st.caption("Finish a quiz to see your scores here.")
        return
    finished.sort(key=lambda s: s.finished_at or s.started_at)
    points = [charts.QuizPoint(n, s.finished_at or s.started_at, 100 * (s.score or 0) / (s.max_score or 1),
                               len(s.question_ids)) for n, s in enumerate(finished, 1)]
    st.altair_chart(charts.scores_over_time(points), width="stretch")
    latest = points[-1]
    trend = ""
    if len(points) > 1:
        change = latest.percent - points[-2].percent
        trend = f", {abs(change):.0f} points {'up' if change >= 0 else 'down'} on the quiz before"
    st.caption(f"Each point is one finished quiz, in order. Your latest: {latest.percent:.0f}% of the marks{trend}.")


def _objective_list(pack: Pack, mastery: dict[str, Mastery]) -> None:
    """Per learning objective, as text grouped by topic (readable on a phone, unlike a long chart)."""
    for topic_id, topic in pack.topics.items():
        objectives = [o for o in pack.meta.objectives if o.topic == topic_id]
        done = sum(mastery[o.id].mastered for o in objectives)
        with st.expander(f"{plain(topic.title)}: {done} of {len(objectives)} mastered"):
            lines = []
            for objective in objectives:
                m = mastery[objective.id]
                status = "✓ mastered" if m.mastered else ("not answered yet" if not m.attempts else "not yet")
                score = f"{100 * m.recent_score:.0f}%, {m.attempts} answer{'s' * (m.attempts != 1)}" \
                    if m.attempts else ""
                lines.append(f"- **{status}**{' · ' + score if score else ''}: {plain(objective.statement)}")
            st.markdown("\n".join(lines))


def _mastery(pack: Pack, answers: list[AnswerRecord]) -> None:
    st.header(f"Mastery: {plain(pack.meta.title)}", anchor=False)
    topics = topic_mastery(pack, answers)
    rows = [(pack.topics[t].title, 100 * m.recent_score, m.attempts, m.mastered) for t, m in topics.items()]
    st.altair_chart(charts.mastery(rows), width="stretch")
    objectives = objective_mastery(pack, answers)
    mastered = sum(m.mastered for m in objectives.values())
    st.caption(f"A topic or learning objective counts as mastered after at least two answers with a recent score of "
               f"{MASTERED_AT:.0%} or more (over your latest five answers). Learning objectives mastered: "
               f"{mastered} of {len(objectives)}.")
    _objective_list(pack, objectives)


def _due_chart(learner_id: int) -> None:
    st.header(f"Flashcards due in the next {DAYS_AHEAD} days", anchor=False)
    dues = card_store.due_dates(get_store(), learner_id)
    if not dues:
        st.caption("Review some flashcards to see what is coming up.")
        return
    today = utcnow().date()
    counts = {today + dt.timedelta(days=n): 0 for n in range(DAYS_AHEAD)}
    for due in dues:
        day = max(due.date(), today)
        if day in counts:
            counts[day] += 1
    st.altair_chart(charts.cards_due(list(counts.items())), width="stretch")
    now = counts[today]
    st.caption(f"{now} card{'s are' if now != 1 else ' is'} due today (cards overdue count as today). "
               "Reviewing a card when it is due keeps it in memory with the fewest reviews.")


def main() -> None:
    st.title("My progress", anchor=False)
    learner = current_learner()
    if learner is None:
        st.info("Answer a quiz or review some flashcards, and your progress will appear here.")
        return
    _sessions_chart(learner.id)
    answers = quizzes.all_answers(get_store(), learner.id)
    for pack in get_bank().packs.values():
        _mastery(pack, answers)
    _due_chart(learner.id)


main()
