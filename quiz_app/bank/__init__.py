"""The validated question bank: pydantic models, YAML loading and the checker.

Public entry points: :func:`load_bank` (returns a :class:`Bank` or raises :class:`BankError`)
and the models re-exported here.
"""

from quiz_app.bank.bank import Bank, Pack
from quiz_app.bank.loader import UsageError, load_bank, load_pack_texts
from quiz_app.bank.models import (
    Flashcard,
    LearningObjective,
    Matching,
    MultipleSelect,
    Ordering,
    PackMeta,
    Question,
    ShortAnswer,
    SingleChoice,
    Source,
    TrueFalse,
)
from quiz_app.bank.problems import BankError, Problem

__all__ = [
    "Bank",
    "BankError",
    "Flashcard",
    "LearningObjective",
    "Matching",
    "MultipleSelect",
    "Ordering",
    "Pack",
    "PackMeta",
    "Problem",
    "Question",
    "ShortAnswer",
    "SingleChoice",
    "Source",
    "TrueFalse",
    "UsageError",
    "load_bank",
    "load_pack_texts",
]
