"""Checks that span several files or packs: unique ids, known references, coverage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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


PackParts = tuple[PackMeta, Located, list[Located], list[Located]]


def _unique(items: Iterable[tuple[str, Located, tuple[str | int, ...]]], what: str) -> list[Problem]:
    first: dict[str, Located] = {}
    problems = []
    for key, item, sub in items:
        if key in first:
            problems.append(item.problem(f"{what} '{key}' is already used at {first[key].where(*sub)}", *sub))
        else:
            first[key] = item
    return problems


def _meta_problems(meta: PackMeta, at: Located) -> list[Problem]:
    problems = []
    for field, entries in (("sources", meta.sources), ("topics", meta.topics), ("objectives", meta.objectives)):
        problems += _unique(
            ((entry.id, Located(entry, at.parsed, (field, index)), ("id",)) for index, entry in enumerate(entries)),
            field[:-1].replace("objective", "learning objective") + " id",
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
    problems = _unique(((meta.id, at, ("id",)) for meta, at, _, _ in packs), "pack id")
    problems += _unique(
        ((item.value.id, item, ("id",)) for _, _, questions, cards in packs for item in (*questions, *cards)),
        "id",
    )
    for meta, at, questions, cards in packs:
        problems += _meta_problems(meta, at)
        problems += _reference_problems(meta, [*questions, *cards])
        problems += _coverage_problems(meta, at, questions)
        problems += _unique(
            ((normalise(item.value.prompt), item, ("prompt",)) for item in questions), "the same prompt"
        )
    return problems
