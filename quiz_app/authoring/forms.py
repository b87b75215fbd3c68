"""Checking what a teacher typed into the question and flashcard forms, field by field.

:func:`field_errors` validates a draft with the same pydantic models as the pack loader and
returns messages keyed by the form field they belong to, so the editor can show each one next
to its field.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz_app.bank.messages import friendly
from quiz_app.bank.models import Flashcard, Question, rule_issues

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_FLASHCARD: TypeAdapter[Flashcard] = TypeAdapter(Flashcard)
_TYPES = {"single_choice", "multiple_select", "true_false", "ordering", "matching", "short_answer"}


def _field_and_detail(loc: tuple[Any, ...]) -> tuple[str, str]:
    parts = [p for p in loc if p not in _TYPES]
    if not parts:
        return "", ""
    field = str(parts[0])
    rest = parts[1:]
    detail = ""
    if rest and isinstance(rest[0], int):
        detail = f"row {rest[0] + 1}" + (f", {rest[1]}" if len(rest) > 1 else "") + ": "
    return field, detail


def _collect(error: ValidationError, data: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for record in error.errors(include_url=False):
        issues = (record.get("ctx") or {}).get("issues")
        if record["type"] == "bank_rules" and issues:
            for sub, message in issues:
                found[str(sub[0])].append(message)
            continue
        loc = tuple(record["loc"])
        if record["type"] == "missing":
            field, detail = _field_and_detail(loc[:-1])
            field = field or str(loc[-1])
        else:
            field, detail = _field_and_detail(loc)
        found[field].append(detail + friendly(record))
    for sub, message in rule_issues(data) if isinstance(data, dict) and "type" in data else []:
        if message not in found[str(sub[0])]:
            found[str(sub[0])].append(message)
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
