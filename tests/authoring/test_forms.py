"""Form validation for the in-app editor: each message lands on the field it concerns."""

import pytest

from quiz_app.authoring.forms import field_errors, references

BASE = {"id": "q-1", "topic": "causes", "objectives": ["obj"], "difficulty": 1, "prompt": "Why?",
        "explanation": "Because."}


def test_valid_question_has_no_errors() -> None:
    model, errors = field_errors("question", {**BASE, "type": "true_false", "answer": True})
    assert model is not None and errors == {}


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"prompt": "   "}, "prompt", "must not be empty"),
    ({"difficulty": 5}, "difficulty", "must be 1, 2 or 3"),
    ({"id": "Not A Slug"}, "id", "lowercase letters"),
    ({"objectives": []}, "objectives", "at least 1"),
    ({"options": [{"text": "A", "correct": True}, {"text": "a!", "correct": True}]}, "options", "repeats"),
    ({"options": [{"text": "A"}, {"text": "B"}]}, "options", "exactly one option"),
    ({"options": [{"text": "", "correct": True}, {"text": "B"}]}, "options", "row 1, text: must not be empty"),
])
def test_errors_are_keyed_by_field(changes, field, fragment) -> None:
    data = {**BASE, "type": "single_choice", "options": [{"text": "A", "correct": True}, {"text": "B"}], **changes}
    model, errors = field_errors("question", data)
    assert model is None
    assert any(fragment in message for message in errors[field]), errors


def test_rule_problems_are_reported_with_other_field_problems() -> None:
    data = {**BASE, "difficulty": 9, "type": "single_choice", "options": [{"text": "A"}, {"text": "B"}]}
    _, errors = field_errors("question", data)
    assert "difficulty" in errors and any("exactly one option" in m for m in errors["options"])


def test_flashcard_and_references() -> None:
    _, errors = field_errors("flashcard", {"id": "c", "topic": "t", "objectives": ["o"], "front": "", "back": "b"})
    assert list(errors) == ["front"]
    assert references({"topic": "x", "objectives": ["o", "p"]}, {"t"}, {"o"}) == {
        "topic": ["choose one of the pack's topics"], "objectives": ["unknown learning objective p"]}


def test_imported_items_fit_the_pack() -> None:
    from quiz_app.authoring.forms import fit_to_pack
    from quiz_app.authoring.gift import import_gift
    from quiz_app.authoring.items import ImportDefaults

    gift = b"$CATEGORY: unknown-topic\n\n::Q1:: Where did it start? {=Zhanaozen ~Almaty ~Astana}\n\n::Q2:: Again? {T}\n"
    defaults = ImportDefaults(topic="causes", objective="obj")
    preview = import_gift(gift, defaults)
    meta = {"topics": [{"id": "causes"}], "objectives": [{"id": "obj"}]}
    ready, refused = fit_to_pack(preview, meta, set(), defaults)
    assert [(kind, data["topic"], data["objectives"]) for kind, data in ready] == [
        ("question", "causes", ["obj"]), ("question", "causes", ["obj"])]
    again, refused = fit_to_pack(preview, meta, {ready[0][1]["id"]}, defaults)
    assert len(again) == 1 and "already in the pack" in refused[0]
