"""Checking what a teacher typed into the question and flashcard forms, field by field, in the form's words.

:func:`field_errors` validates a draft with the same pydantic models as the pack loader and
returns messages keyed by the form field they belong to, so the editor can show each one next
to its field. The loader's messages speak of YAML ("must be marked 'correct: true'", "row 1",
"item(s)"); this module says the same in the words of the form (tick *Correct*, option 1, plurals
right), so the validator keeps one wording for files and the editor another for people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz_app.bank.messages import friendly
from quiz_app.bank.models import Flashcard, Question, rule_issues

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_FLASHCARD: TypeAdapter[Flashcard] = TypeAdapter(Flashcard)
_TYPES = {"single_choice", "multiple_select", "true_false", "ordering", "matching", "short_answer"}

# field -> (one, several, verb for "at least"): how the form names the entries of a list field
_ENTRIES = {
    "options": ("option", "options", "add"), "items": ("item", "items", "add"), "pairs": ("pair", "pairs", "add"),
    "answers": ("accepted answer", "accepted answers", "add"),
    "objectives": ("learning objective", "learning objectives", "choose"), "tags": ("tag", "tags", "give"),
}
_PARTS = {"text": "", "left": "left side", "right": "right side", "weight": "weight", "correct": "Correct"}
_SLUG_HINT = "use lowercase letters, digits and single hyphens, such as 'fuel-prices'"


def counted(count: int, one: str, several: str | None = None) -> str:
    """``count`` and the noun, singular or plural: "1 problem", "3 problems", "0 entries"."""
    return f"{count} {one if count == 1 else several or one + 's'}"


def _there(count: int) -> str:
    return "there is none" if count == 0 else f"there {'is' if count == 1 else 'are'} {count}"


# YAML words in the models' cross-field messages, and the form's words for them.
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"exactly one option must be marked 'correct: true' \(found (\d+)\)"),
     lambda m: "tick Correct for exactly one option (" + ("none is ticked" if m[1] == "0" else f"{m[1]} are ticked")
     + ")"),
    (re.compile(r"at least one option must be marked 'correct: true'"),
     lambda m: "tick Correct for at least one option"),
    (re.compile(r"option (\d+) has a positive weight \((.+?)\), so it must be marked 'correct: true'"),
     lambda m: f"option {m[1]} has a positive weight ({m[2]}): tick Correct for it, or make its weight 0 or negative"),
    (re.compile(r"option (\d+) is marked 'correct: true', so it needs a positive weight.*"),
     lambda m: f"option {m[1]} is ticked Correct, so it needs a positive weight (other options have weights)"),
    (re.compile(r"the positive weights add up to (.+?); they must add up to 100 %.*"),
     lambda m: f"the weights of the correct options add up to {m[1]}; make them add up to 100 %"),
    (re.compile(r"pair (\d+): '(left|right)' repeats an earlier pair"),
     lambda m: f"pair {m[1]}: the {m[2]} side repeats an earlier pair"),
]


def form_words(message: str) -> str:
    """A models' rule message in the form's words (unchanged when it has no YAML words)."""
    for pattern, say in _RULES:
        found = pattern.fullmatch(message)
        if found:
            return say(found)
    return message


def _list_message(field: str, record: dict[str, Any]) -> str | None:
    """Too few or too many entries in a list field, counted in the form's nouns."""
    if field not in _ENTRIES or record["type"] not in ("too_short", "too_long"):
        return None
    one, several, verb = _ENTRIES[field]
    ctx = record.get("ctx") or {}
    actual = int(ctx.get("actual_length", 0))
    if record["type"] == "too_short":
        return f"{verb} at least {counted(int(ctx['min_length']), one, several)} ({_there(actual)})"
    return f"at most {counted(int(ctx['max_length']), one, several)} ({_there(actual)})"


def _message(field: str, rest: tuple[Any, ...], record: dict[str, Any], data: Any) -> str:
    """One field error in the form's words: "option 2: must not be empty", "tag 'Foo': use lowercase..."."""
    listed = _list_message(field, record) if not rest else None
    if listed is not None:
        return listed
    text = friendly(record)
    if rest and isinstance(rest[0], int) and field in _ENTRIES:
        index = rest[0]
        if field == "tags":
            tags = data.get("tags") if isinstance(data, dict) else None
            value = tags[index] if isinstance(tags, list) and index < len(tags) else ""
            return f"tag '{value}': {_SLUG_HINT}" if record["type"] == "slug" else f"tag '{value}': {text}"
        part = _PARTS.get(str(rest[1]), str(rest[1])) if len(rest) > 1 else ""
        return f"{_ENTRIES[field][0]} {index + 1}{', ' + part if part else ''}: {text}"
    if field == "grading" and rest:
        return f"{str(rest[0]).replace('_', ' ')}: {text}"
    if field == "silence" and rest:
        return f"the reason for keeping '{rest[0]}': {text}"
    return text


def _collect(error: ValidationError, data: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for record in error.errors(include_url=False):
        issues = (record.get("ctx") or {}).get("issues")
        loc = tuple(part for part in record["loc"] if part not in _TYPES and part != "[key]")
        if record["type"] == "bank_rules" and issues:
            for sub, message in issues:
                found[str((*loc, *sub)[0])].append(form_words(message))
            continue
        if record["type"] == "missing" and len(loc) == 1:
            found[str(loc[0])].append("this field is required")
            continue
        if not loc:
            found[""].append(friendly(record))
            continue
        found[str(loc[0])].append(_message(str(loc[0]), loc[1:], record, data))
    for sub, message in rule_issues(data) if isinstance(data, dict) and "type" in data else []:
        worded = form_words(message)
        if worded not in found[str(sub[0])]:
            found[str(sub[0])].append(worded)
    return {field: list(dict.fromkeys(messages)) for field, messages in found.items()}


def field_errors(kind: str, data: dict[str, Any]) -> tuple[Question | Flashcard | None, dict[str, list[str]]]:
    """(the validated model, {}) or (None, messages by field name; "" for the whole item)."""
    adapter = _QUESTION if kind == "question" else _FLASHCARD
    try:
        return adapter.validate_python(data), {}
    except ValidationError as error:
        return None, _collect(error, data)


def references(data: dict[str, Any], topics: set[str], objectives: set[str]) -> dict[str, list[str]]:
    """Problems with the pack's topics and objectives (the models alone cannot know them)."""
    found: dict[str, list[str]] = {}
    if data.get("topic") not in topics:
        found["topic"] = ["choose one of the pack's topics"]
    unknown = [o for o in data.get("objectives") or [] if o not in objectives]
    if unknown:
        found["objectives"] = [f"unknown learning objective {', '.join(map(str, unknown))}"]
    return found


def fit_to_pack(preview: Any, meta: dict[str, Any], existing: set[str],
                defaults: Any) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """Imported items made to fit a pack: unknown topics and objectives replaced by the defaults.

    Returns (kind, data) pairs ready to add, and a reason for each item refused (its id is taken).
    """
    topics = {t["id"] for t in meta.get("topics", [])}
    objectives = {o["id"] for o in meta.get("objectives", [])}
    taken = set(existing)
    ready, refused = [], []
    items = [("question", q) for q in preview.questions] + [("flashcard", c) for c in preview.flashcards]
    for kind, model in items:
        data = model.model_dump(mode="json", exclude_defaults=True)
        if data["id"] in taken:
            refused.append(f"{data['id']}: an item with this id is already in the pack")
            continue
        if data["topic"] not in topics:
            data["topic"] = defaults.topic
        data["objectives"] = [o for o in data["objectives"] if o in objectives] or [defaults.objective]
        taken.add(data["id"])
        ready.append((kind, data))
    return ready, refused
