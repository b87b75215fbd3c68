"""Grading a response to any question type, with partial credit.

Responses always refer to ORIGINAL indexes in the question (never to the shuffled display
order), so shuffling can never change which option is correct:

- single_choice: ``int`` option index; true_false: ``bool``; short_answer: ``str``
- multiple_select: ``list[int]`` of chosen option indexes
- ordering: ``list[int]`` of item indexes in the order the learner put them
- matching: ``list[int | None]``: for left entry ``i``, the index of the pair whose right entry was chosen

Partial credit (the README states the same rules):
- multiple_select: (correct options chosen - wrong options chosen) / correct options, at least 0;
  with option weights (Moodle's fractions, in percent), the sum of the chosen options' weights / 100,
  between 0 and 1, as Moodle grades a multiple-answer question
- ordering: share of item pairs placed in the right relative order (Kendall tau distance)
- matching: share of left entries matched to their right entry
- short_answer: 1 when the typed text matches an accepted answer by the rules of
  :mod:`quiz_app.bank.answers` (canonical forms, transliteration variants if the pack says so);
  a one-letter slip gets the verdict "almost" and the share of the marks the pack's ``typos``
  and ``typo_credit`` give it; else 0.

Short answers are graded against the pack's prepared keys (``Pack.answers``, built once per bank
load): pass them as ``answers``, else the question is graded with its own rules only and without
the guard against other questions' keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from quiz_app.bank.answers import AnswerKey, PackAnswers, resolve
from quiz_app.bank.models import (
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)


class InvalidResponse(ValueError):
    """The response does not have the shape this question type expects."""


ALMOST = "Almost: check the spelling."

Verdict = Literal["correct", "almost", "partial", "wrong"]


@dataclass(frozen=True)
class Grade:
    """Score in [0, 1]; ``correct`` only when the score is full.

    ``almost`` marks a short answer accepted despite a spelling slip (whatever its score);
    ``matched`` is the accepted answer a short answer was matched to, as the author wrote it.
    """

    score: float
    almost: bool = False
    matched: str | None = None

    @property
    def correct(self) -> bool:
        return self.score >= 1.0

    @property
    def verdict(self) -> Verdict:
        """What the learner is told: correct, almost (check the spelling), partial or wrong."""
        if self.almost:
            return "almost"
        return "correct" if self.correct else "partial" if self.score > 0 else "wrong"

    @property
    def message(self) -> str:
        """The verdict in a sentence (for an "almost", with the accepted spelling)."""
        if self.almost:
            return f"{ALMOST} The accepted answer is \"{self.matched}\"."
        return {"correct": "Correct!", "partial": f"Partly right: {self.score:.0%} of the marks.",
                "wrong": "Not quite."}[self.verdict]


def _indexes(response: Any, size: int) -> list[int]:
    if not isinstance(response, list | tuple) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 <= i < size for i in response
    ):
        raise InvalidResponse(f"expected a list of indexes below {size}")
    return list(response)


MOODLE_FULL = 0.999999
"""A weighted sum above this counts as full marks (Moodle's tolerance: 3 x 33.33333 % is right)."""


def _multiple(question: MultipleSelect, response: Any) -> float:
    chosen = set(_indexes(response, len(question.options)))
    if question.weighted:  # Moodle: the sum of the chosen options' fractions, between 0 and 1
        total = math.fsum(question.options[i].weight or 0.0 for i in chosen) / 100
        return 1.0 if total > MOODLE_FULL else round(max(0.0, total), 7)
    right = {i for i, option in enumerate(question.options) if option.correct}
    return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


def _ordering(question: Ordering, response: Any) -> float:
    order = _indexes(response, len(question.items))
    if sorted(order) != list(range(len(question.items))):
        raise InvalidResponse("an ordering must use every item exactly once")
    pairs = list(combinations(order, 2))
    return sum(a < b for a, b in pairs) / len(pairs)


def _matching(question: Matching, response: Any) -> float:
    size = len(question.pairs)
    if not isinstance(response, list | tuple) or len(response) != size:
        raise InvalidResponse(f"expected one choice for each of the {size} entries")
    for choice in response:
        if choice is not None and (not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < size):
            raise InvalidResponse("a matching choice must be an entry index or empty")
    return sum(choice == index for index, choice in enumerate(response)) / size


def _short(question: ShortAnswer, response: Any, answers: PackAnswers | None) -> Grade:
    if not isinstance(response, str):
        raise InvalidResponse("expected text")
    key = answers.key(question) if answers is not None else AnswerKey.of(question.id, question.answers,
                                                                          resolve(None, question.grading))
    found = key.match(response, answers.others if answers is not None else None)
    if found is None:
        return Grade(0.0)
    if found.kind != "typo" or key.rules.typos == "accept":
        return Grade(1.0, matched=found.accepted)
    return Grade(key.rules.typo_credit, almost=True, matched=found.accepted)


def grade(question: Question, response: Any, answers: PackAnswers | None = None) -> Grade:
    """Grade ``response`` (see the module docstring for its shape); raises :class:`InvalidResponse`.

    ``answers`` is the pack's :attr:`~quiz_app.bank.bank.Pack.answers` (used for short answers only).
    """
    match question:
        case SingleChoice():
            if not isinstance(response, int) or isinstance(response, bool) or not 0 <= response < len(question.options):
                raise InvalidResponse("expected one option index")
            return Grade(1.0 if question.options[response].correct else 0.0)
        case MultipleSelect():
            return Grade(_multiple(question, response))
        case TrueFalse():
            if not isinstance(response, bool):
                raise InvalidResponse("expected true or false")
            return Grade(1.0 if response == question.answer else 0.0)
        case Ordering():
            return Grade(_ordering(question, response))
        case Matching():
            return Grade(_matching(question, response))
        case ShortAnswer():
            return _short(question, response, answers)
    raise InvalidResponse(f"unknown question type {type(question).__name__}")


def correct_answer(question: Question) -> list[str]:
    """The correct answer as lines of text, for feedback and exports."""
    match question:
        case MultipleSelect() if question.weighted:
            return [f"{option.text} ({option.weight:g} %)" for option in question.options
                    if option.correct and option.weight is not None]
        case SingleChoice() | MultipleSelect():
            return [option.text for option in question.options if option.correct]
        case TrueFalse():
            return ["True" if question.answer else "False"]
        case Ordering():
            return [f"{n}. {item}" for n, item in enumerate(question.items, 1)]
        case Matching():
            return [f"{pair.left} → {pair.right}" for pair in question.pairs]
        case ShortAnswer():
            return [question.answers[0]]
    return []


def correct_response(question: Question) -> Any:
    """A response that earns full marks (used by tests, load clients and previews)."""
    match question:
        case SingleChoice():
            return next(i for i, option in enumerate(question.options) if option.correct)
        case MultipleSelect():
            return [i for i, option in enumerate(question.options) if option.correct]
        case TrueFalse():
            return question.answer
        case Ordering():
            return list(range(len(question.items)))
        case Matching():
            return list(range(len(question.pairs)))
        case ShortAnswer():
            return question.answers[0]
    raise InvalidResponse(f"unknown question type {type(question).__name__}")
