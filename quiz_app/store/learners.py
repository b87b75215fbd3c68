"""Learners: anonymous at first, optionally named, found again by the token in their resume link.

Two learners can be merged (a student who studied in a browser before opening their older link):
the work moves to one of them, and the other's token keeps working as a link to it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update

from quiz_app.names import clean_name
from quiz_app.store.schema import Answer, CardState, Learner, QuizSession, Review
from quiz_app.store.store import Store

MAX_MERGE_HOPS = 5  # a merged learner points at its new home; chains stay short, cycles are impossible


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    token: str
    display_name: str | None


@dataclass(frozen=True)
class Activity:
    """How much a learner has done: answers given, cards started, and when they last studied."""

    answers: int
    cards: int
    last_active: dt.datetime | None

    @property
    def empty(self) -> bool:
        return not self.answers and not self.cards


def _info(row: Learner) -> LearnerInfo:
    return LearnerInfo(row.id, row.token, row.display_name)


def create(store: Store) -> LearnerInfo:
    """A new anonymous learner with an unguessable 256-bit token."""
    with store.unit() as session:
        row = Learner(token=secrets.token_urlsafe(32))
        session.add(row)
        session.flush()
        return _info(row)


def by_token(store: Store, token: str) -> LearnerInfo | None:
    """The learner whose resume token is ``token`` (or the learner it was merged into), else None.

    None also for malformed tokens. A merged learner's link keeps working: it leads to the learner
    that now holds its work, whose own token the caller should show from then on.
    """
    if not token or len(token) > 64:
        return None
    with store.unit() as session:
        row = session.scalar(select(Learner).where(Learner.token == token))
        for _ in range(MAX_MERGE_HOPS):
            if row is None or row.merged_into_id is None:
                break
            row = session.get(Learner, row.merged_into_id)
        return _info(row) if row else None


def set_display_name(store: Store, learner_id: int, raw_name: str) -> LearnerInfo:
    """Give the learner a display name (cleaned by :func:`clean_name`, which may raise)."""
    name = clean_name(raw_name)
    with store.unit() as session:
        row = session.get_one(Learner, learner_id)
        row.display_name = name
        return _info(row)


def activity(store: Store, learner_id: int) -> Activity:
    """Answers, started cards and the latest answer or review of one learner."""
    with store.read() as session:
        answers, last_answer = session.execute(
            select(func.count(Answer.id), func.max(Answer.answered_at)).where(Answer.learner_id == learner_id)).one()
        cards = session.scalar(select(func.count()).select_from(CardState).where(CardState.learner_id == learner_id))
        last_review = session.scalar(select(func.max(Review.reviewed_at)).where(Review.learner_id == learner_id))
    times = [t for t in (last_answer, last_review) if t is not None]
    return Activity(int(answers or 0), int(cards or 0), max(times) if times else None)


def merge(store: Store, source_id: int, target_id: int) -> Activity:
    """Move all of ``source_id``'s work to ``target_id``, in one transaction; returns what moved.

    Quizzes, answers and review history move as they are. A card both learners studied keeps the
    state that was updated last. The source learner stays as a pointer, so its link still opens
    the target. Merging a learner into itself, or into one merged away, is refused.
    """
    if source_id == target_id:
        raise ValueError("cannot merge a learner into itself")
    moved = activity(store, source_id)
    with store.unit() as session:
        source, target = session.get_one(Learner, source_id), session.get_one(Learner, target_id)
        if target.merged_into_id is not None or source.merged_into_id is not None:
            raise ValueError("one of these learners was already merged")
        theirs = {row.card_key: row for row in session.scalars(
            select(CardState).where(CardState.learner_id == source_id))}
        for row in session.scalars(select(CardState).where(CardState.learner_id == target_id,
                                                           CardState.card_key.in_(list(theirs)))):
            if theirs[row.card_key].updated_at > row.updated_at:
                session.delete(row)  # the source's newer state replaces it below
            else:
                session.delete(theirs.pop(row.card_key))
        session.flush()
        for table in (QuizSession, Answer, Review, CardState):
            session.execute(update(table).where(table.learner_id == source_id).values(learner_id=target_id))
        source.merged_into_id = target.id
        if target.display_name is None and source.display_name is not None:
            target.display_name = source.display_name
    return moved
