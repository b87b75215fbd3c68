"""The timeline's data: a pack's dated learning objectives, in date order (pure Python)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import LearningObjective


@dataclass(frozen=True)
class Event:
    """One dated learning objective, as the timeline shows it."""

    date: dt.date
    objective_id: str
    topic_id: str
    topic: str  # the topic's title
    label: str  # a few words (the objective's ``label``, else the start of its statement)
    statement: str


def short_label(objective: LearningObjective, words: int = 7) -> str:
    """The objective's ``label``, or the first ``words`` words of its statement."""
    if objective.label:
        return objective.label
    parts = objective.statement.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def events(pack: Pack) -> list[Event]:
    """Every dated objective of ``pack`` as an :class:`Event`, by date then pack order."""
    rows = [
        Event(dt.date.fromisoformat(o.date), o.id, o.topic, pack.topics[o.topic].title, short_label(o), o.statement)
        for o in pack.meta.objectives
        if o.date
    ]
    return sorted(rows, key=lambda event: event.date)


def questions_for(pack: Pack, objective_ids: set[str] | None = None, topic: str | None = None) -> list[str]:
    """Ids of the pack's questions that assess any of ``objective_ids`` (or belong to ``topic``), in pack order."""
    return [
        q.id for q in pack.questions
        if (objective_ids is None or set(q.objectives) & objective_ids) and (topic is None or q.topic == topic)
    ]
