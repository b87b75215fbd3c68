"""A small in-memory pack with one question of each type, for engine and UI tests."""

from __future__ import annotations

from pathlib import Path

import yaml

PACK_META = {
    "id": "sample",
    "title": "Sample pack",
    "language": "en",
    "description": "A pack for tests.",
    "version": "1.0.0",
    "license": "CC0-1.0",
    "authors": ["Tests"],
    "sources": [{"id": "src", "title": "A source", "publisher": "Publisher", "date": "2022-01"}],
    "topics": [{"id": "causes", "title": "Causes"}, {"id": "events", "title": "Events"}],
    "objectives": [
        {"id": "obj-price", "topic": "causes", "statement": "Fuel prices rose.",
         "citations": [{"source": "src", "locator": "para 3"}]},
        {"id": "obj-order", "topic": "events", "statement": "Events happened in order.",
         "citations": [{"source": "src", "locator": "para 5"}]},
    ],
}

QUESTIONS = [
    {"id": "s-single", "type": "single_choice", "topic": "causes", "objectives": ["obj-price"], "difficulty": 1,
     "prompt": "Which fuel price rose?", "explanation": "Liquefied gas used in cars.",
     "options": [{"text": "Liquefied petroleum gas", "correct": True}, {"text": "Coal"}, {"text": "Diesel"}]},
    {"id": "s-multi", "type": "multiple_select", "topic": "causes", "objectives": ["obj-price"], "difficulty": 2,
     "prompt": "Which were grievances?", "explanation": "Both were named.",
     "options": [{"text": "Corruption", "correct": True}, {"text": "Inequality", "correct": True},
                 {"text": "Too much rain"}, {"text": "Football results"}]},
    {"id": "s-tf", "type": "true_false", "topic": "causes", "objectives": ["obj-price"], "difficulty": 1,
     "prompt": "Prices doubled.", "explanation": "They did.", "answer": True},
    {"id": "s-order", "type": "ordering", "topic": "events", "objectives": ["obj-order"], "difficulty": 2,
     "prompt": "Put in order.", "explanation": "By date.", "items": ["First", "Second", "Third", "Fourth"]},
    {"id": "s-match", "type": "matching", "topic": "events", "objectives": ["obj-order"], "difficulty": 3,
     "prompt": "Match.", "explanation": "As paired.",
     "pairs": [{"left": "A", "right": "1"}, {"left": "B", "right": "2"}, {"left": "C", "right": "3"}]},
    {"id": "s-short", "type": "short_answer", "topic": "events", "objectives": ["obj-order"], "difficulty": 1,
     "prompt": "Where did it start?", "explanation": "In the west.", "answers": ["Zhanaozen", "Janaozen"]},
]

FLASHCARDS = [
    {"id": "s-card-1", "topic": "events", "objectives": ["obj-order"], "front": "Front one", "back": "Back one"},
    {"id": "s-card-2", "topic": "causes", "objectives": ["obj-price"], "front": "Front two", "back": "Back two"},
]


def write_sample_pack(folder: Path) -> Path:
    """Write the sample pack as YAML into ``folder/sample`` and return that folder."""
    pack = folder / "sample"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "pack.yaml").write_text(yaml.safe_dump(PACK_META, sort_keys=False), encoding="utf-8")
    content = {"questions": QUESTIONS, "flashcards": FLASHCARDS}
    (pack / "questions.yaml").write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return pack
