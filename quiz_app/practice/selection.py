"""Drawing the questions of a quiz from a pack: filters, random N, and "focus on my weak spots"."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Question
from quiz_app.practice.progress import Scored, objective_mastery

MAX_QUESTIONS = 100


@dataclass(frozen=True)
class QuizSettings:
    """A learner's choices on the quiz set-up form. Empty filters mean "all"."""

    pack_id: str
    count: int = 10
    topics: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()
    types: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    weak_spots: bool = False
    question_ids: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuizSettings:
        tuples = {k: tuple(v) for k, v in data.items() if isinstance(v, list)}
        return cls(**{**data, **tuples})


def matching_questions(pack: Pack, settings: QuizSettings) -> list[Question]:
    """The pack's questions that pass every filter of ``settings``, in pack order."""
    wanted_ids = set(settings.question_ids)
    return [
        q
        for q in pack.questions
        if (not settings.topics or q.topic in settings.topics)
        and (not settings.difficulties or q.difficulty in settings.difficulties)
        and (not settings.types or q.type in settings.types)
        and (not settings.objectives or set(q.objectives) & set(settings.objectives))
        and (not wanted_ids or q.id in wanted_ids)
    ]


def _weak_tier(question: Question, last_score: dict[str, float], unmastered: set[str]) -> int:
    if question.id in last_score and last_score[question.id] < 1.0:
        return 0  # got it wrong (or partly wrong) last time
    if question.id not in last_score:
        return 1  # never seen
    if set(question.objectives) & unmastered:
        return 2  # right last time, but its objective is not mastered yet
    return 3


def select_questions(pack: Pack, settings: QuizSettings, history: Iterable[Scored], rng: random.Random) -> list[str]:
    """Question ids for a new quiz, at most ``settings.count`` (capped at :data:`MAX_QUESTIONS`)."""
    candidates = matching_questions(pack, settings)
    count = max(1, min(settings.count, MAX_QUESTIONS))
    if settings.question_ids:
        return [q.id for q in candidates][:count]
    rng.shuffle(candidates)
    if settings.weak_spots:
        answers: Sequence[Scored] = list(history)
        last_score = {a.question_id: a.score for a in answers}
        mastery = objective_mastery(pack, answers)
        unmastered = {obj for obj, m in mastery.items() if not m.mastered}
        candidates.sort(key=lambda q: _weak_tier(q, last_score, unmastered))
    return [q.id for q in candidates[:count]]
