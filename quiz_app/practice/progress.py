"""Mastery per learning objective and per topic, computed from a learner's answers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from quiz_app.bank.bank import Pack

RECENT = 5  # mastery looks at the latest answers only, so old mistakes stop counting
MASTERED_AT = 0.8
MIN_ATTEMPTS = 2


class Scored(Protocol):
    question_id: str
    score: float


@dataclass(frozen=True)
class Mastery:
    """Attempts so far and the mean score of the latest :data:`RECENT` of them."""

    attempts: int
    recent_score: float

    @property
    def mastered(self) -> bool:
        return self.attempts >= MIN_ATTEMPTS and self.recent_score >= MASTERED_AT


def _mastery(scores_by_key: dict[str, list[float]], keys: Iterable[str]) -> dict[str, Mastery]:
    result = {}
    for key in keys:
        scores = scores_by_key.get(key, [])
        recent = scores[-RECENT:]
        result[key] = Mastery(len(scores), sum(recent) / len(recent) if recent else 0.0)
    return result


def objective_mastery(pack: Pack, answers: Iterable[Scored]) -> dict[str, Mastery]:
    """Mastery of every objective of ``pack`` (answers in time order; other packs ignored)."""
    scores: dict[str, list[float]] = defaultdict(list)
    for answer in answers:
        question = pack.questions_by_id.get(answer.question_id)
        if question is not None:
            for objective in question.objectives:
                scores[objective].append(answer.score)
    return _mastery(scores, pack.objectives)


def topic_mastery(pack: Pack, answers: Iterable[Scored]) -> dict[str, Mastery]:
    """Mastery of every topic of ``pack``."""
    scores: dict[str, list[float]] = defaultdict(list)
    for answer in answers:
        question = pack.questions_by_id.get(answer.question_id)
        if question is not None:
            scores[question.topic].append(answer.score)
    return _mastery(scores, pack.topics)


def topic_breakdown(pack: Pack, answers: Iterable[Scored]) -> dict[str, tuple[float, int]]:
    """(points, questions) per topic for one quiz's answers: the end-of-quiz chart."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for answer in answers:
        question = pack.questions_by_id.get(answer.question_id)
        if question is not None:
            totals[question.topic][0] += answer.score
            totals[question.topic][1] += 1
    return {topic: (points, int(count)) for topic, (points, count) in totals.items()}
