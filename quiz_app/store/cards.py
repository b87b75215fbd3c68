"""Flashcard scheduling state per learner (the ``fsrs`` Card as a dict) and review history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from quiz_app.store.schema import CardState, Review
from quiz_app.store.store import Store


@dataclass(frozen=True)
class CardRecord:
    card_key: str
    pack_id: str
    fsrs: dict[str, Any]
    due: dt.datetime
    reps: int


def states(store: Store, learner_id: int, pack_id: str) -> dict[str, CardRecord]:
    """The learner's saved card states in one pack, by card key (unseen cards are absent)."""
    with store.unit() as session:
        rows = session.scalars(
            select(CardState).where(CardState.learner_id == learner_id, CardState.pack_id == pack_id)
        )
        return {row.card_key: CardRecord(row.card_key, row.pack_id, dict(row.fsrs), row.due, row.reps) for row in rows}


def save_review(
    store: Store,
    learner_id: int,
    pack_id: str,
    card_key: str,
    fsrs: dict[str, Any],
    due: dt.datetime,
    rating: int,
    reviewed_at: dt.datetime,
) -> CardRecord:
    """Store the card's new state and log the grade, in one transaction."""
    with store.unit() as session:
        row = session.get(CardState, (learner_id, card_key))
        first = row is None
        if row is None:
            row = CardState(learner_id=learner_id, card_key=card_key, pack_id=pack_id, fsrs=fsrs, due=due, reps=0)
            session.add(row)
        row.fsrs, row.due, row.reps, row.updated_at = fsrs, due, row.reps + 1, reviewed_at
        session.add(
            Review(learner_id=learner_id, card_key=card_key, rating=rating, reviewed_at=reviewed_at, first_review=first)
        )
        session.flush()
        return CardRecord(row.card_key, row.pack_id, dict(row.fsrs), row.due, row.reps)


def new_cards_since(store: Store, learner_id: int, since: dt.datetime) -> int:
    """How many cards the learner saw for the first time since ``since`` (for the daily limit)."""
    with store.unit() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Review)
                .where(Review.learner_id == learner_id, Review.first_review.is_(True), Review.reviewed_at >= since)
            )
            or 0
        )


def due_dates(store: Store, learner_id: int) -> list[dt.datetime]:
    """Due dates of every card the learner has started (for the "due in the coming days" chart)."""
    with store.unit() as session:
        return list(session.scalars(select(CardState.due).where(CardState.learner_id == learner_id)))
