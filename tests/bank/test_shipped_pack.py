"""The shipped Kazakhstan pack: valid, big enough, balanced, sourced, and written in its own words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quiz_app.bank import Pack, load_bank
from quiz_app.bank.models import QUESTION_TYPES
from quiz_app.bank.text import normalise

_ARTICLE_PATH = Path("shared") / "source" / "nhc-unrest-in-kazakhstan-2022.txt"


def _find_article() -> Path:
    """The article in the first ``shared/`` beside the project or one of its parent folders."""
    here = Path(__file__).resolve()
    for folder in here.parents[2:]:  # the project folder, then its parents (a worktree sits deeper)
        if (folder / _ARTICLE_PATH).exists():
            return folder / _ARTICLE_PATH
    return here.parents[3] / _ARTICLE_PATH


ARTICLE = _find_article()
OVERLAP = 8  # a run of this many words shared with the article counts as copied


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_bank().packs["kazakhstan-2022"]


def _texts(pack: Pack) -> list[str]:
    texts = [pack.meta.description, *(o.statement for o in pack.meta.objectives)]
    for q in pack.questions:
        texts += [q.prompt, q.explanation]
        texts += [o.text for o in getattr(q, "options", [])] + list(getattr(q, "items", []))
        texts += [p.left + " " + p.right for p in getattr(q, "pairs", [])]
    for card in pack.flashcards:
        texts += [card.front, card.back]
    return texts


def test_counts_and_balance(pack: Pack) -> None:
    assert len(pack.questions) >= 160 and len(pack.flashcards) >= 60
    by_topic = Counter(q.topic for q in pack.questions)
    assert {"causes", "actors", "events", "outcomes"} <= set(pack.topics)
    assert all(by_topic[topic] >= 15 for topic in ("causes", "actors", "events", "outcomes")), by_topic
    assert set(Counter(q.type for q in pack.questions)) == set(QUESTION_TYPES)
    levels = Counter(q.difficulty for q in pack.questions)
    assert all(levels[level] >= 10 for level in (1, 2, 3)), levels


def test_every_objective_is_assessed_by_a_question(pack: Pack) -> None:
    assessed = {objective for q in pack.questions for objective in q.objectives}
    assert not [o.id for o in pack.meta.objectives if o.id not in assessed]


def test_single_choice_keys_are_not_all_in_one_position(pack: Pack) -> None:
    """The Anki export keeps the authored order, so the key must not always sit in the same place."""
    positions = Counter(
        next(index for index, option in enumerate(q.options) if option.correct)
        for q in pack.questions if q.type == "single_choice"
    )
    assert len(positions) >= 3, positions
    assert max(positions.values()) <= 0.5 * sum(positions.values()), positions


def test_multiple_select_varies_the_number_of_keys(pack: Pack) -> None:
    counts = Counter(sum(o.correct for o in q.options) for q in pack.questions if q.type == "multiple_select")
    assert len(counts) >= 3, counts


def test_every_objective_cites_a_source_and_the_article_is_one(pack: Pack) -> None:
    sources = {s.id for s in pack.meta.sources}
    assert "nhc-2022" in sources and len(sources) >= 2
    assert all(c.source in sources for o in pack.meta.objectives for c in o.citations)


def test_names_are_spelled_consistently(pack: Pack) -> None:
    """The article's misspellings appear only where a question is about them (quoted)."""
    misspelt = re.compile(r"\bTokaev\b|\bMasimov\b|\bCTSO\b")
    for question in pack.questions:
        for text in (question.prompt, *[o.text for o in getattr(question, "options", [])]):
            if misspelt.search(text):  # only in a question about the article's mistake, which says so
                assert "article" in (question.prompt + question.explanation).lower(), question.id


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is kept beside the project in ../shared")
def test_no_sentence_is_copied_from_the_article(pack: Pack) -> None:
    words = normalise(ARTICLE.read_text(encoding="utf-8")).split()
    runs = {" ".join(words[i:i + OVERLAP]) for i in range(len(words) - OVERLAP + 1)}
    copied = []
    for text in _texts(pack):
        tokens = normalise(text).split()
        copied += [" ".join(tokens[i:i + OVERLAP]) for i in range(len(tokens) - OVERLAP + 1)
                   if " ".join(tokens[i:i + OVERLAP]) in runs]
    assert not copied, copied


def test_no_contact_details(pack: Pack) -> None:
    contact = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{8,}\d")
    assert not [t for t in _texts(pack) if contact.search(t)]
