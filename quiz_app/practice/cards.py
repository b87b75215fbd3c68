"""Flashcards: which cards a pack offers, which are due, and FSRS scheduling via the ``fsrs`` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fsrs import Card, Rating, Scheduler

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import ImageRef
from quiz_app.practice.grading import correct_answer

RATINGS = {"Again": Rating.Again, "Hard": Rating.Hard, "Good": Rating.Good, "Easy": Rating.Easy}
_SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class StudyCard:
    """A card to study: a pack flashcard (key ``card:<id>``) or a question (``question:<id>``)."""

    key: str
    topic: str
    front: str
    back: str
    front_image: ImageRef | None = None
    back_image: ImageRef | None = None


def study_cards(pack: Pack, include_questions: bool = False) -> list[StudyCard]:
    """The pack's flashcards, then (optionally) each question turned into a card."""
    result = [StudyCard(f"card:{c.id}", c.topic, c.front, c.back, c.front_image, c.back_image) for c in pack.flashcards]
    if include_questions:
        for q in pack.questions:
            back = "\n".join(correct_answer(q)) + "\n\n" + q.explanation
            result.append(StudyCard(f"question:{q.id}", q.topic, q.prompt, back, q.image))
    return result


@dataclass(frozen=True)
class Due:
    """What to review now: cards already started that are due, then new ones within the daily limit."""

    review: list[StudyCard]
    new: list[StudyCard]

    @property
    def queue(self) -> list[StudyCard]:
        return self.review + self.new


def due_cards(
    cards: list[StudyCard],
    due_by_key: Mapping[str, dt.datetime],
    now: dt.datetime,
    new_limit: int,
    new_seen_today: int,
) -> Due:
    """Started cards due by ``now`` (earliest first) and up to the remaining new-card allowance."""
    started = [c for c in cards if c.key in due_by_key]
    review = sorted((c for c in started if due_by_key[c.key] <= now), key=lambda c: due_by_key[c.key])
    fresh = [c for c in cards if c.key not in due_by_key]
    return Due(review, fresh[: max(0, new_limit - new_seen_today)])


def schedule(state: dict[str, Any] | None, rating: str, now: dt.datetime) -> tuple[dict[str, Any], dt.datetime]:
    """The card's next FSRS state (as a dict for storage) and due date after grading it ``rating``."""
    card = Card.from_dict(state) if state else Card()
    card, _log = _SCHEDULER.review_card(card, RATINGS[rating], review_datetime=now)
    return card.to_dict(), card.due
