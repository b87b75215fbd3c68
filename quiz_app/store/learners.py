"""Learners: anonymous at first, optionally named, found again by the token in their resume link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from quiz_app.names import clean_name
from quiz_app.store.schema import Learner
from quiz_app.store.store import Store


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    token: str
    display_name: str | None


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
    """The learner whose resume token is ``token``, or None (also for malformed tokens)."""
    if not token or len(token) > 64:
        return None
    with store.unit() as session:
        row = session.scalar(select(Learner).where(Learner.token == token))
        return _info(row) if row else None


def set_display_name(store: Store, learner_id: int, raw_name: str) -> LearnerInfo:
    """Give the learner a display name (cleaned by :func:`clean_name`, which may raise)."""
    name = clean_name(raw_name)
    with store.unit() as session:
        row = session.get_one(Learner, learner_id)
        row.display_name = name
        return _info(row)
