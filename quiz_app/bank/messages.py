"""Turning pydantic's error records into sentences a teacher understands."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from quiz_app.bank.models import KNOWN_FIELDS, QUESTION_TYPES


def _quote_hint(value: Any) -> str:
    """Why YAML did not read a value as text, for values such as ``yes``, ``1.0`` or ``2022-01-05``."""
    if isinstance(value, bool):
        what = f"the true/false value {str(value).lower()}"
    elif isinstance(value, int | float):
        what = f"the number {value!r}"
    elif isinstance(value, dt.date):
        what = f"the date {value.isoformat()}"
    else:
        return ""
    return f" (YAML read it as {what}: put the text in quotes)"


def _unknown_field(name: Any) -> str:
    message = f"unknown field '{name}'"
    close = difflib.get_close_matches(str(name), sorted(KNOWN_FIELDS), n=1)
    return message + (f"; did you mean '{close[0]}'?" if close else "")


_NUMBER_ERRORS = frozenset(("int_type", "int_parsing", "int_parsing_size", "int_from_float", "finite_number"))
_RANGE_ERRORS = frozenset(("greater_than_equal", "less_than_equal"))


def friendly(error: dict[str, Any]) -> str:
    """One sentence for one pydantic error dict (from ``ValidationError.errors()``)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    field = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "value")
    types = ", ".join(QUESTION_TYPES)
    match kind:
        case "missing" if field == "alt":
            return ("'alt' is required: describe what the image shows, in a sentence (it is what a screen "
                    "reader says instead of the image)")
        case "missing":
            return f"'{field}' is required"
        case "extra_forbidden":
            return _unknown_field(field)
        case "invalid_key":
            return _unknown_field(value)
        case "string_type" if value is None:
            return "must not be empty"
        case "string_type":
            return "must be text" + _quote_hint(value)
        case "string_too_short":
            return "must not be empty"
        case "string_too_long":
            return f"is too long ({len(value)} characters; at most {ctx['max_length']})"
        case "string_pattern_mismatch":
            return {
                "language": "must be a language code such as 'en' or 'kk'",
                "version": "must be a version number such as '1.0.0'",
                "address": "must be a web address starting with http:// or https://",
            }.get(field, f"does not have the expected form ({ctx.get('pattern')})")
        case "too_short":
            return f"needs at least {ctx['min_length']} item(s); found {ctx['actual_length']}"
        case "too_long":
            return f"has too many items ({ctx['actual_length']}; at most {ctx['max_length']})"
        case "union_tag_invalid":
            return f"unknown question type '{ctx.get('tag')}'; use one of: {types}"
        case "union_tag_not_found":
            return f"'type' is required: one of {types}"
        case "bool_type" | "bool_parsing":
            return "must be true or false"
        case _ if field == "difficulty" and kind in _NUMBER_ERRORS | _RANGE_ERRORS:
            return "must be 1, 2 or 3"
        case _ if kind in _NUMBER_ERRORS:
            return "must be a whole number"
        case "list_type":
            return "must be a list (lines starting with '- ')"
        case "model_type" | "dict_type" | "model_attributes_type":
            return "must be a mapping of 'key: value' lines"
    return str(error["msg"])
