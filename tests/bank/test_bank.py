"""The validated Bank: lookups, and the summary the CLI prints."""

from __future__ import annotations

import pytest

from quiz_app.bank.summary import summary_lines
from tests.bank.packs import PackFolder


def test_bank_lookups(pack: PackFolder) -> None:
    bank = pack.load()
    loaded = bank.packs["test-pack"]
    assert loaded.id == "test-pack"
    assert loaded.folder == str(pack.path)
    assert bank.question("q-ordering").items == ["Zhanaozen protests", "Aktau protests", "Almaty protests"]
    assert bank.pack_of("q-short") is loaded
    assert bank.has_question("q-matching") and not bank.has_question("card-lpg")
    assert set(loaded.questions_by_id) == {"q-single", "q-multi", "q-true-false", "q-ordering", "q-matching", "q-short"}
    assert set(loaded.flashcards_by_id) == {"card-lpg"}
    assert list(loaded.objectives) == ["obj-fuel", "obj-timeline"]
    assert list(loaded.topics) == ["causes", "events"]
    with pytest.raises(KeyError):
        bank.question("nope")


def test_models_are_frozen(pack: PackFolder) -> None:
    question = pack.load().question("q-single")
    with pytest.raises(ValueError, match="frozen"):
        question.difficulty = 2  # type: ignore[misc]


def test_summary_lines(pack: PackFolder) -> None:
    assert summary_lines(pack.load()) == [
        "test-pack: 6 questions, 1 flashcards",
        "  topics:     causes 3, events 3",
        "  types:      matching 1, multiple_select 1, ordering 1, short_answer 1, single_choice 1, true_false 1",
        "  difficulty: 1: 2, 2: 3, 3: 1",
        "  objectives: 2/2 assessed",
    ]
