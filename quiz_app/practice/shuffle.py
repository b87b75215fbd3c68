"""Presentation order of a question's options, items or right-hand entries, per attempt.

The order is a permutation of ORIGINAL indexes, derived from a seed (the quiz session and
question id), so a reload shows the same order and a response maps back without loss.
"""

from __future__ import annotations

import random

from quiz_app.bank.models import Matching, MultipleSelect, Ordering, Question, SingleChoice


def display_order(question: Question, seed: str) -> list[int]:
    """Original indexes in the order to show them ([] for types with nothing to shuffle).

    For ordering questions the shown order is never already the answer.
    """
    match question:
        case SingleChoice() | MultipleSelect():
            size = len(question.options)
        case Ordering():
            size = len(question.items)
        case Matching():
            size = len(question.pairs)
        case _:
            return []
    rng = random.Random(f"{seed}:{question.id}")
    order = list(range(size))
    rng.shuffle(order)
    if isinstance(question, Ordering) and order == sorted(order):
        order.reverse()
    return order
