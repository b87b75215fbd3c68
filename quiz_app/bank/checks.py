"""Checks that span several files or packs: unique ids, known references, coverage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from quiz_app.bank.models import PackMeta
from quiz_app.bank.problems import Problem
from quiz_app.bank.text import normalise
from quiz_app.bank.yamlfile import ParsedFile, locate


@dataclass(frozen=True)
class Located:
    """A validated value with the file and the path inside it where it was written."""

    value: Any
    parsed: ParsedFile
    loc: tuple[str | int, ...]

    def problem(self, message: str, *sub: str | int) -> Problem:
        line, column, location = locate(self.parsed, self.loc + sub)
        return Problem(self.parsed.label, line, column, location, message)

    def where(self, *sub: str | int) -> str:
        line, _, _ = locate(self.parsed, self.loc + sub)
        return f"{self.parsed.label}:{line}"


class PackParts(NamedTuple):
    """What the loader got from one pack folder.

    ``meta`` and ``at`` are ``None`` when ``pack.yaml`` is missing or invalid; the valid questions
    and cards are still checked for ids repeated across packs. ``complete`` is false when a
    content file had problems (then some questions are missing and coverage is not checked).
    """

    meta: PackMeta | None
    at: Located | None
    questions: list[Located]
    cards: list[Located]
    complete: bool = True


def _unique(
    items: Iterable[tuple[str, Located, tuple[str | int, ...]]], message: Callable[[str, str], str]
) -> list[Problem]:
    """A problem for every item whose key was seen before; ``message(key, where_first)``."""
    first: dict[str, Located] = {}
    problems = []
    for key, item, sub in items:
        if key in first:
            problems.append(item.problem(message(key, first[key].where(*sub)), *sub))
        else:
            first[key] = item
    return problems


def _already_used(what: str) -> Callable[[str, str], str]:
    return lambda key, where: f"{what} '{key}' is already used at {where}"


def _meta_problems(meta: PackMeta, at: Located) -> list[Problem]:
    problems = []
    for field, what, entries in (
        ("sources", "source id", meta.sources),
        ("topics", "topic id", meta.topics),
        ("objectives", "learning objective id", meta.objectives),
    ):
        problems += _unique(
            ((entry.id, Located(entry, at.parsed, (field, index)), ("id",)) for index, entry in enumerate(entries)),
            _already_used(what),
        )
    sources = {source.id for source in meta.sources}
    topics = {topic.id for topic in meta.topics}
    for index, objective in enumerate(meta.objectives):
        if objective.topic not in topics:
            problems.append(at.problem(f"unknown topic '{objective.topic}'; known: {', '.join(sorted(topics))}",
                                       "objectives", index, "topic"))
        for cite, citation in enumerate(objective.citations):
            if citation.source not in sources:
                problems.append(at.problem(f"unknown source '{citation.source}'; known: {', '.join(sorted(sources))}",
                                           "objectives", index, "citations", cite, "source"))
    return problems


def _reference_problems(meta: PackMeta, items: Sequence[Located]) -> list[Problem]:
    topics = {topic.id for topic in meta.topics}
    objectives = {objective.id for objective in meta.objectives}
    problems = []
    for item in items:
        if item.value.topic not in topics:
            problems.append(item.problem(f"unknown topic '{item.value.topic}' (not in pack '{meta.id}')", "topic"))
        for index, objective in enumerate(item.value.objectives):
            if objective not in objectives:
                problems.append(item.problem(
                    f"unknown learning objective '{objective}' (not in pack '{meta.id}')", "objectives", index))
    return problems


def _coverage_problems(meta: PackMeta, at: Located, questions: Sequence[Located]) -> list[Problem]:
    assessed = {objective for item in questions for objective in item.value.objectives}
    return [
        at.problem(f"learning objective '{objective.id}' is not assessed by any question", "objectives", index, "id")
        for index, objective in enumerate(meta.objectives)
        if objective.id not in assessed
    ]


def cross_check(packs: Sequence[PackParts]) -> list[Problem]:
    """Every cross-file problem of the packs loaded together."""
    problems = _unique(
        ((part.meta.id, part.at, ("id",)) for part in packs if part.meta is not None and part.at is not None),
        _already_used("pack id"),
    )
    problems += _unique(
        ((item.value.id, item, ("id",)) for part in packs for item in (*part.questions, *part.cards)),
        _already_used("id"),
    )
    for part in packs:
        problems += _unique(
            ((normalise(item.value.prompt), item, ("prompt",)) for item in part.questions),
            lambda _, where: f"the same prompt is already used at {where}",
        )
        meta, at = part.meta, part.at
        if meta is None or at is None:
            continue
        problems += _meta_problems(meta, at)
        problems += _reference_problems(meta, [*part.questions, *part.cards])
        if part.complete:
            problems += _coverage_problems(meta, at, part.questions)
    return problems
