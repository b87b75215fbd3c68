"""Checks that span several files or packs: unique ids, known references, coverage; and the
item-writing warnings (:mod:`quiz_app.bank.itemchecks`), located like the errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from quiz_app.bank.itemchecks import Finding, file_findings, question_findings, unsilenced
from quiz_app.bank.models import PackMeta, TrueFalse, answer_signature
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

    def warning(self, finding: Finding) -> Problem:
        """``finding`` (about this item) as a located warning."""
        line, column, location = locate(self.parsed, self.loc + finding.loc)
        return Problem(self.parsed.label, line, column, location, finding.text(), "warning", finding.check)

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
        problems += [item.problem(f"the same prompt is already used at {earlier.where('prompt')}", "prompt")
                     for item, earlier in _repeated_prompts(part.questions) if _same_question(item, earlier)]
        meta, at = part.meta, part.at
        if meta is None or at is None:
            continue
        problems += _meta_problems(meta, at)
        problems += _reference_problems(meta, [*part.questions, *part.cards])
        if part.complete:
            problems += _coverage_problems(meta, at, part.questions)
    return problems


def _repeated_prompts(questions: Sequence[Located]) -> list[tuple[Located, Located]]:
    """(question, the earlier question with the same prompt after normalising) for every repeat."""
    first: dict[str, Located] = {}
    pairs = []
    for item in questions:
        key = normalise(item.value.prompt)
        if key in first:
            pairs.append((item, first[key]))
        else:
            first[key] = item
    return pairs


def _same_question(item: Located, earlier: Located) -> bool:
    """A repeat that is an error: the same answers too, or a true/false statement (its prompt is the question)."""
    return isinstance(item.value, TrueFalse) or answer_signature(item.value) == answer_signature(earlier.value)


def warning_problems(packs: Sequence[PackParts]) -> list[Problem]:
    """The item-writing warnings of the packs' valid questions, located, silenced ones left out."""
    problems = []
    for part in packs:
        by_file: dict[str, list[Located]] = {}
        for item in part.questions:
            by_file.setdefault(item.parsed.label, []).append(item)
            problems += [item.warning(finding)
                         for finding in unsilenced(item.value, question_findings(item.value))]
        for items in by_file.values():
            problems += [items[index].warning(finding) for index, finding in file_findings([i.value for i in items])]
        for item, earlier in _repeated_prompts(part.questions):
            if not _same_question(item, earlier) and "repeated-prompt" not in item.value.silence:
                problems.append(item.warning(Finding(
                    "repeated-prompt", ("prompt",),
                    f"the same prompt is already used at {earlier.where('prompt')}, with other answers: students "
                    "cannot tell the two questions apart")))
    return problems
