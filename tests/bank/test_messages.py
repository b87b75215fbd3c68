"""friendly(): pydantic error records turned into sentences for pack authors."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from quiz_app.bank.messages import friendly
from quiz_app.bank.models import Flashcard, PackMeta, Question


def _messages(model, data) -> list[tuple[tuple, str]]:
    adapter = TypeAdapter(model)
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(data)
    return [(tuple(error["loc"]), friendly(error)) for error in raised.value.errors(include_url=False)]


CARD = {"id": "c", "topic": "t", "objectives": ["o"], "front": "Front", "back": "Back"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "must be text (YAML read it as the true/false value true: put the text in quotes)"),
        (False, "must be text (YAML read it as the true/false value false: put the text in quotes)"),
        (3, "must be text (YAML read it as the number 3: put the text in quotes)"),
        (2.5, "must be text (YAML read it as the number 2.5: put the text in quotes)"),
        (dt.date(2022, 1, 5), "must be text (YAML read it as the date 2022-01-05: put the text in quotes)"),
        (dt.datetime(2022, 1, 5, 10, 30), "must be text (YAML read it as the date 2022-01-05T10:30:00"),
        (None, "must not be empty"),
        (["a"], "must be text"),
    ],
)
def test_text_of_another_type(value, message: str) -> None:
    [(loc, got)] = _messages(Flashcard, {**CARD, "front": value})
    assert loc == ("front",)
    assert got.startswith(message)


@pytest.mark.parametrize(
    ("field", "typo", "suggestion"),
    [
        ("front", "fornt", "front"),
        ("back", "bakc", "back"),
        ("tags", "tag", "tags"),
        ("objectives", "objective", "objectives"),
    ],
)
def test_unknown_field_suggests_the_closest_known_field(field: str, typo: str, suggestion: str) -> None:
    data = {**CARD, typo: CARD.get(field, [])}
    data.pop(field, None)
    messages = dict(_messages(Flashcard, data))
    assert messages[(typo,)] == f"unknown field '{typo}'; did you mean '{suggestion}'?"


def test_question_type_messages() -> None:
    assert _messages(Question, {"type": "essay"}) == [  # the loader points these at the 'type' key
        ((), "unknown question type 'essay'; use one of: "
                    "single_choice, multiple_select, true_false, ordering, matching, short_answer")]
    [(_, message)] = _messages(Question, {"id": "q"})
    assert message.startswith("'type' is required: one of single_choice")


def test_pack_field_patterns_have_their_own_messages() -> None:
    messages = dict(_messages(PackMeta, {"language": "EN", "version": "one"}))
    assert messages[("language",)] == "must be a language code such as 'en' or 'kk'"
    assert messages[("version",)] == "must be a version number such as '1.0.0'"
    assert messages[("title",)] == "'title' is required"


def test_unexpected_error_falls_back_to_pydantic_message() -> None:
    error = {"type": "something_new", "loc": ("x",), "msg": "Something new went wrong", "input": 1}
    assert friendly(error) == "Something new went wrong"
