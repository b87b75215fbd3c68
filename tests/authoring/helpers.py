"""Helpers shared by the authoring tests: comparing questions on the fields a format carries."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from quiz_app.authoring.items import ImportDefaults
from quiz_app.authoring.limits import ImportError_
from quiz_app.authoring.textconv import php_trim, unify_newlines
from quiz_app.bank.models import Question

DATA = Path(__file__).parent / "data"
DEFAULTS = ImportDefaults("general", "obj-default", id_prefix="t")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def canon_gift(text: str) -> str:
    """What GIFT keeps of a text: line breaks as \\n, outer spaces trimmed (as Moodle's trim does)."""
    return php_trim(unify_newlines(text))


def canon_xml(text: str) -> str:
    """What Moodle XML keeps of a text: as GIFT, minus the characters XML 1.0 cannot hold."""
    return php_trim(_XML_INVALID.sub("", unify_newlines(text)))


def without_images(value: Any) -> Any:
    """A dumped question without its empty ``image`` keys (questions and options without a picture)."""
    if isinstance(value, list):
        return [without_images(entry) for entry in value]
    if isinstance(value, dict):
        return {key: without_images(entry) for key, entry in value.items() if not (key == "image" and entry is None)}
    return value


def drop_images(value: Any) -> Any:
    """A dumped question without any picture (what GIFT, CSV and Moodle XML without media carry)."""
    if isinstance(value, list):
        return [drop_images(entry) for entry in value]
    if isinstance(value, dict):
        return {key: drop_images(entry) for key, entry in value.items() if not key.endswith("image")}
    return value


def dump(question: Question) -> dict[str, Any]:
    """The question's fields that an import fills from the file (not id, objectives, difficulty)."""
    return without_images(question.model_dump(exclude={"id", "objectives", "difficulty"}))


def carried(question: Question, canon: Callable[[str], str]) -> dict[str, Any]:
    """The fields GIFT and Moodle XML carry: type, topic, tags, prompt, explanation and the answer fields.

    Not carried: id (generated on import), objectives and difficulty (defaults on import).
    """
    data = drop_images(dump(question))

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return canon(value)
        if isinstance(value, list):
            return [walk(entry) for entry in value]
        if isinstance(value, dict):
            return {key: (entry if key in ("type", "topic", "tags") else walk(entry)) for key, entry in value.items()}
        return value

    return walk(data)


def never_crashes(importer: Callable[..., Any], data: bytes | str, *args: Any, **kwargs: Any) -> Any:
    """Run an importer on hostile input: it returns a preview or raises a non-internal ImportError_."""
    try:
        return importer(data, *args, **kwargs)
    except ImportError_ as error:
        if error.internal:
            raise AssertionError(f"the importer crashed: {error.__cause__!r}") from error.__cause__
        assert str(error).strip()
        return None


# Examples per property test; raise it locally (AUTHORING_EXAMPLES=1000) for a deeper search.
EXAMPLES = int(os.environ.get("AUTHORING_EXAMPLES", "50"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
