"""Self-study quiz sessions and their answers. Recording an answer twice keeps the first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz_app.store.schema import Answer, QuizSession, utcnow
from quiz_app.store.store import Store


@dataclass(frozen=True)
class SessionInfo:
    id: int
    learner_id: int
    pack_id: str
    question_ids: list[str]
    settings: dict[str, Any]
    started_at: dt.datetime
    finished_at: dt.datetime | None
    score: float | None
    max_score: float | None


@dataclass(frozen=True)
class AnswerRecord:
    """One answer. ``score`` is what counts (full marks after "I was right"); ``original_score`` is the
    grading's score when the learner overrode it, else ``None``."""

    session_id: int
    question_id: str
    response: Any
    correct: bool
    score: float
    seconds: float
    answered_at: dt.datetime
    original_score: float | None = None
    overridden_at: dt.datetime | None = None

    @property
    def overridden(self) -> bool:
        """Whether the learner marked this answer right ("I was right")."""
        return self.overridden_at is not None


def _session(row: QuizSession) -> SessionInfo:
    return SessionInfo(
        row.id,
        row.learner_id,
        row.pack_id,
        list(row.question_ids),
        dict(row.settings),
        row.started_at,
        row.finished_at,
        row.score,
        row.max_score,
    )


def _answer(row: Answer) -> AnswerRecord:
    return AnswerRecord(
        row.session_id, row.question_id, row.response, row.correct, row.score, row.seconds, row.answered_at,
        row.original_score, row.overridden_at,
    )


def start(
    store: Store, learner_id: int, pack_id: str, question_ids: list[str], settings: dict[str, Any]
) -> SessionInfo:
    """Save a new quiz session with the questions drawn for it, in order."""
    with store.unit() as session:
        row = QuizSession(learner_id=learner_id, pack_id=pack_id, question_ids=question_ids, settings=settings)
        session.add(row)
        session.flush()
        return _session(row)


def with_answers(store: Store, session_id: int) -> tuple[SessionInfo | None, list[AnswerRecord]]:
    """A session and its answers in one unit of work (what the quiz page needs on every click)."""
    with store.unit() as session:
        row = session.get(QuizSession, session_id)
        if row is None:
            return None, []
        answered = session.scalars(select(Answer).where(Answer.session_id == session_id).order_by(Answer.id))
        return _session(row), [_answer(a) for a in answered]


def get(store: Store, session_id: int) -> SessionInfo | None:
    with store.unit() as session:
        row = session.get(QuizSession, session_id)
        return _session(row) if row else None


def record_answer(
    store: Store,
    session_id: int,
    learner_id: int,
    question_id: str,
    response: Any,
    correct: bool,
    score: float,
    seconds: float,
) -> tuple[AnswerRecord, bool]:
    """Record an answer; returns (the stored answer, True) or (the earlier answer, False).

    The unique constraint makes a double click or a replayed request harmless.
    """
    try:
        with store.unit() as session:
            row = Answer(
                session_id=session_id,
                learner_id=learner_id,
                question_id=question_id,
                response=response,
                correct=correct,
                score=score,
                seconds=max(0.0, seconds),
            )
            session.add(row)
            session.flush()
            return _answer(row), True
    except IntegrityError:
        with store.unit() as session:
            row = session.scalars(
                select(Answer).where(Answer.session_id == session_id, Answer.question_id == question_id)
            ).one()
            return _answer(row), False


def override(store: Store, session_id: int, learner_id: int, question_id: str) -> AnswerRecord | None:
    """"I was right": the learner's answer now counts as correct with full marks; the grading's score is
    kept as ``original_score``. Idempotent; ``None`` if the learner has no such answer.

    A finished session's total is updated too, so the score counts the override from then on.
    """
    with store.unit() as session:
        row = session.scalars(select(Answer).where(Answer.session_id == session_id, Answer.learner_id == learner_id,
                                                   Answer.question_id == question_id)).one_or_none()
        if row is None:
            return None
        if row.overridden_at is None:
            row.original_score, row.overridden_at = row.score, utcnow()
            row.score, row.correct = 1.0, True
            quiz = session.get_one(QuizSession, session_id)
            if quiz.finished_at is not None:
                session.flush()
                quiz.score = float(session.scalar(select(func.coalesce(func.sum(Answer.score), 0.0))
                                                  .where(Answer.session_id == session_id)) or 0.0)
        return _answer(row)


def answers(store: Store, session_id: int) -> list[AnswerRecord]:
    """The answers of one session in the order they were given."""
    with store.unit() as session:
        rows = session.scalars(select(Answer).where(Answer.session_id == session_id).order_by(Answer.id))
        return [_answer(row) for row in rows]


def finish(store: Store, session_id: int) -> SessionInfo:
    """Mark the session finished with its total score (idempotent: a second call changes nothing)."""
    with store.unit() as session:
        row = session.get_one(QuizSession, session_id)
        if row.finished_at is None:
            total = session.scalar(
                select(func.coalesce(func.sum(Answer.score), 0.0)).where(Answer.session_id == session_id)
            )
            row.score, row.max_score, row.finished_at = float(total or 0.0), float(len(row.question_ids)), utcnow()
        return _session(row)


def history(store: Store, learner_id: int) -> list[SessionInfo]:
    """The learner's sessions, oldest first."""
    with store.unit() as session:
        rows = session.scalars(
            select(QuizSession)
            .where(QuizSession.learner_id == learner_id)
            .order_by(QuizSession.started_at, QuizSession.id)
        )
        return [_session(row) for row in rows]


def all_answers(store: Store, learner_id: int) -> list[AnswerRecord]:
    """Every answer the learner ever gave, oldest first (for weak spots and mastery)."""
    with store.unit() as session:
        rows = session.scalars(select(Answer).where(Answer.learner_id == learner_id).order_by(Answer.id))
        return [_answer(row) for row in rows]
