"""Hypothesis strategies for the authoring tests: valid packs with texts full of format-special characters."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from pydantic import TypeAdapter

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import Flashcard, PackMeta, Question
from quiz_app.bank.text import normalise

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)

# Pieces that mean something in one of the formats, so that escaping is exercised.
SPECIAL = [
    "~", "=", "#", "{", "}", ":", "\\", "[", "]", "%", "-", ">", "/", "|", "*", ";", "'", '"', "\n", "\r", "\t",
    " ", "<", ">", "&", "->", "=>", "//", "####", "[html]", "[plain]", "$CATEGORY:", "\\n", "\\:", "=HYPERLINK(",
    "'=", "''", "@", "+", "\u00a0", "ä", "қ", "Ә", "\u2028", "%50%", "<b>", "&amp;", "]]>", "T", "TRUE", "{>3",
    "::", "\r\n", ",", "  ",
]
# Any character but surrogates and control characters other than tab, line feed and carriage return.
_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r")


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text of at most ``max_size`` characters, often with special characters."""
    piece = st.one_of(st.sampled_from(SPECIAL), st.text(_CHARACTERS, min_size=1, max_size=6))
    return (st.lists(piece, min_size=1, max_size=8).map(lambda parts: "".join(parts)[:max_size])
            .filter(lambda text: bool(text.strip())))


def answers_texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text with at least one letter or digit (what a short answer needs)."""
    return texts(max_size).filter(lambda text: bool(normalise(text)))


slugs = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,3}){0,2}", fullmatch=True)


def _unique_texts(min_size: int, max_size: int, size: int = 30) -> st.SearchStrategy[list[str]]:
    return st.lists(texts(size), min_size=min_size, max_size=max_size, unique_by=normalise)


@st.composite
def weights_for(draw: st.DrawFn, right: int, wrong: int) -> tuple[list[float], list[float | None]]:
    """Moodle weights (percent) for ``right`` correct options adding up to 100, and for ``wrong`` ones
    (none, zero or negative), written with at most 5 decimals as the formats write them."""
    if right == 3 and draw(st.booleans()):
        positive = [33.33333, 33.33333, 33.33334]
    else:
        cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=right - 1, max_size=right - 1, unique=True)))
        positive = [float(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    negative = draw(st.lists(st.sampled_from([None, -100.0, -50.0, -33.33333, -25.0, -12.5, -0.5]),
                             min_size=wrong, max_size=wrong))
    return positive, negative


@st.composite
def question_data(draw: st.DrawFn, identifier: str, prompt: str, topics: list[str], objectives: list[str],
                  kind: str | None = None, weighted: bool | None = None) -> dict:
    """A valid question of any type (or of ``kind``); a multiple_select has Moodle weights half of the time
    (always with ``weighted=True``, never with ``weighted=False``)."""
    kind = kind or draw(st.sampled_from(["single_choice", "multiple_select", "true_false", "ordering", "matching",
                                         "short_answer"]))
    data: dict[str, Any] = {
        "id": identifier, "type": kind, "topic": draw(st.sampled_from(topics)),
        "objectives": draw(st.lists(st.sampled_from(objectives), min_size=1, max_size=3, unique=True)),
        "difficulty": draw(st.integers(1, 3)), "prompt": prompt, "explanation": draw(texts(60)),
        "tags": draw(st.lists(slugs, max_size=3, unique=True)),
    }
    if kind in ("single_choice", "multiple_select"):
        options = draw(_unique_texts(2, 6))
        if kind == "single_choice":
            right = {draw(st.integers(0, len(options) - 1))}
        else:
            right = set(draw(st.lists(st.integers(0, len(options) - 1), min_size=1, unique=True)))
        data["options"] = [{"text": text, "correct": index in right} for index, text in enumerate(options)]
        if kind == "multiple_select" and (weighted if weighted is not None else draw(st.booleans())):
            weights = draw(weights_for(len(right), len(options) - len(right)))
            positive, negative = iter(weights[0]), iter(weights[1])
            for option in data["options"]:
                weight = next(positive) if option["correct"] else next(negative)
                if weight is not None:
                    option["weight"] = weight
    elif kind == "true_false":
        data["answer"] = draw(st.booleans())
    elif kind == "ordering":
        data["items"] = draw(_unique_texts(3, 8))
    elif kind == "matching":
        lefts = draw(_unique_texts(3, 8))
        rights = draw(st.lists(texts(30), min_size=len(lefts), max_size=len(lefts), unique_by=normalise))
        data["pairs"] = [{"left": left, "right": right} for left, right in zip(lefts, rights, strict=True)]
    else:
        data["answers"] = draw(st.lists(answers_texts(), min_size=1, max_size=4, unique_by=normalise))
    return data


@st.composite
def weighted_questions(draw: st.DrawFn, max_size: int = 5) -> list[Question]:
    """Multiple-select questions with Moodle weights, in one topic."""
    prompts = draw(st.lists(texts(80), min_size=1, max_size=max_size, unique_by=normalise))
    return [_QUESTION.validate_python(draw(question_data(f"w-{index}", prompt, ["general"], ["obj"],
                                                         kind="multiple_select", weighted=True)))
            for index, prompt in enumerate(prompts)]


@st.composite
def packs(draw: st.DrawFn, max_questions: int = 8, max_cards: int = 4) -> Pack:
    """A valid pack (it passes the bank loader): 1-3 topics, 1-``max_questions`` questions, flashcards."""
    topics = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    objectives = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    prompts = draw(st.lists(texts(80), min_size=1, max_size=max_questions, unique_by=normalise))
    questions = [
        _QUESTION.validate_python(draw(question_data(f"q-{index}-{draw(slugs)}", prompt, topics, objectives)))
        for index, prompt in enumerate(prompts)
    ]
    assessed = list(dict.fromkeys(objective for question in questions for objective in question.objectives))
    cards = [
        Flashcard.model_validate({
            "id": f"c-{index}-{draw(slugs)}", "topic": draw(st.sampled_from(topics)),
            "objectives": draw(st.lists(st.sampled_from(assessed), min_size=1, max_size=2, unique=True)),
            "front": draw(texts(60)), "back": draw(texts(80)), "tags": draw(st.lists(slugs, max_size=2, unique=True)),
        })
        for index in range(draw(st.integers(0, max_cards)))
    ]
    meta = PackMeta.model_validate({
        "id": draw(slugs), "title": draw(texts(40)), "language": draw(st.sampled_from(["en", "kk", "ru", "en-GB"])),
        "description": draw(texts(80)), "version": draw(st.sampled_from(["1.0", "1.0.0", "2.10.3"])),
        "license": draw(st.sampled_from(["CC-BY-4.0", "yes", "2022", "null"])), "authors": [draw(texts(20))],
        "sources": [{"id": "src", "title": draw(texts(30)), "publisher": draw(texts(20)),
                     "date": draw(st.sampled_from(["2022", "2022-01", "2022-01-05"])),
                     **({"address": "https://example.org/a?b=1#c"} if draw(st.booleans()) else {})}],
        "topics": [{"id": topic, "title": draw(texts(20)),
                    **({"description": draw(texts(40))} if draw(st.booleans()) else {})} for topic in topics],
        "objectives": [{"id": objective, "topic": draw(st.sampled_from(topics)), "statement": draw(texts(40)),
                        "citations": [{"source": "src", "locator": draw(texts(15))}]} for objective in assessed],
    })
    return Pack(meta, tuple(questions), tuple(cards))


def fuzz_text(max_pieces: int = 60) -> st.SearchStrategy[str]:
    """Any text (surrogates and NUL included), built from special pieces and random characters."""
    return st.lists(st.sampled_from(SPECIAL) | st.text(max_size=4), max_size=max_pieces).map("".join)
