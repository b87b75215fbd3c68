"""What a learner answered, in words: the lines feedback shows as "your answer" beside the correct one.

Responses have the shapes :mod:`quiz_app.practice.grading` documents (original indexes). Each line
says whether that part was right (True), wrong (False) or not judged on its own (None), so the
feedback can mark which options, places or pairs were right.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from quiz_app.bank.models import Matching, MultipleSelect, Ordering, Question, ShortAnswer, SingleChoice, TrueFalse


class Line(NamedTuple):
    text: str
    right: bool | None = None


def _index(value: Any, size: int) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size else None


def describe(question: Question, response: Any) -> list[Line]:
    """The learner's ``response`` to ``question`` as lines of plain text (empty if it has no known shape)."""
    match question:
        case SingleChoice():
            chosen = _index(response, len(question.options))
            return [] if chosen is None else [Line(question.options[chosen].text, question.options[chosen].correct)]
        case MultipleSelect():
            if not isinstance(response, list | tuple):
                return []
            picked = [i for i in (_index(v, len(question.options)) for v in response) if i is not None]
            return [Line(question.options[i].text, question.options[i].correct) for i in sorted(set(picked))] \
                or [Line("(no option chosen)", False)]
        case TrueFalse():
            return [Line("True" if response else "False", response == question.answer)] \
                if isinstance(response, bool) else []
        case Ordering():
            if not isinstance(response, list | tuple):
                return []
            order = [_index(v, len(question.items)) for v in response]
            return [Line(f"{place}. {question.items[item]}", item == place - 1)
                    for place, item in enumerate(order, 1) if item is not None]
        case Matching():
            if not isinstance(response, list | tuple) or len(response) != len(question.pairs):
                return []
            lines = []
            for index, pair in enumerate(question.pairs):
                chosen = _index(response[index], len(question.pairs))
                right = "(no choice)" if chosen is None else question.pairs[chosen].right
                lines.append(Line(f"{pair.left} → {right}", chosen == index))
            return lines
        case ShortAnswer():
            return [Line(response)] if isinstance(response, str) else []
    return []
