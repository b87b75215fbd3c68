"""Form validation for the in-app editor: each message lands on the field it concerns."""

import pytest

from quiz_app.authoring.forms import counted, field_errors, references

BASE = {"id": "q-1", "topic": "causes", "objectives": ["obj"], "difficulty": 1, "prompt": "Why?",
        "explanation": "Because."}


def test_valid_question_has_no_errors() -> None:
    model, errors = field_errors("question", {**BASE, "type": "true_false", "answer": True})
    assert model is not None and errors == {}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"prompt": "   "}, "prompt", "must not be empty or only spaces"),
    ({"difficulty": 5}, "difficulty", "must be 1, 2 or 3"),
    ({"id": "Not A Slug"}, "id", "must be an id made of lowercase letters, digits and single hyphens, such as "
                                 "'lpg-price'"),
    ({"objectives": []}, "objectives", "choose at least 1 learning objective (there is none)"),
    ({"options": [{"text": "A", "correct": True}]}, "options", "add at least 2 options (there is 1)"),
    ({"options": [{"text": c, "correct": c == "a"} for c in "abcdefg"]}, "options",
     "at most 6 options (there are 7)"),
    ({"options": [{"text": "A", "correct": True}, {"text": "a!", "correct": True}]}, "options",
     "option 2 repeats an earlier option"),
    ({"options": [{"text": "A"}, {"text": "B"}]}, "options", "tick Correct for exactly one option (none is ticked)"),
    ({"options": [{"text": "A", "correct": True}, {"text": "B", "correct": True}]}, "options",
     "tick Correct for exactly one option (2 are ticked)"),
    ({"options": [{"text": "", "correct": True}, {"text": "B"}]}, "options", "option 1: must not be empty"),
    ({"options": [{"text": "A", "correct": True}, {"text": "B" * 201}]}, "options",
     "option 2: is too long (201 characters; at most 200)"),
    ({"tags": ["fuel", "Bad Tag"]}, "tags", "tag 'Bad Tag': use lowercase letters, digits and single hyphens, "
                                            "such as 'fuel-prices'"),
    ({"tags": [f"t{n}" for n in range(21)]}, "tags", "at most 20 tags (there are 21)"),
    ({"silence": {"longest-correct": " "}}, "silence",
     "the reason for keeping 'longest-correct': silencing a warning needs a reason: say why the item is fine "
     "as it is"),
])
def test_errors_speak_of_the_forms_fields(changes, field, message) -> None:
    data = {**BASE, "type": "single_choice", "options": [{"text": "A", "correct": True}, {"text": "B"}], **changes}
    model, errors = field_errors("question", data)
    assert model is None
    assert message in errors[field], errors


@pytest.mark.parametrize(("kind", "changes", "field", "message"), [
    ("multiple_select", {"options": [{"text": "A"}, {"text": "B"}]}, "options",
     "tick Correct for at least one option"),
    ("multiple_select", {"options": [{"text": "A", "correct": True, "weight": 60}, {"text": "B", "weight": 40}]},
     "options", "option 2 has a positive weight (40 %): tick Correct for it, or make its weight 0 or negative"),
    ("multiple_select", {"options": [{"text": "A", "correct": True, "weight": 100}, {"text": "B", "correct": True}]},
     "options", "option 2 is ticked Correct, so it needs a positive weight (other options have weights)"),
    ("multiple_select", {"options": [{"text": "A", "correct": True, "weight": 60}, {"text": "B", "weight": -10}]},
     "options", "the weights of the correct options add up to 60 %; make them add up to 100 %"),
    ("multiple_select", {"options": [{"text": "A", "correct": True, "weight": "lots"}, {"text": "B"}]},
     "options", "option 1, weight: must be a number"),
    ("ordering", {"items": ["x", "y"]}, "items", "add at least 3 items (there are 2)"),
    ("matching", {"pairs": [{"left": "a", "right": "1"}, {"left": "A", "right": "2"}, {"left": "c", "right": ""}]},
     "pairs", "pair 2: the left side repeats an earlier pair"),
    ("matching", {"pairs": [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}, {"left": "c", "right": ""}]},
     "pairs", "pair 3, right side: must not be empty"),
    ("short_answer", {"answers": []}, "answers", "add at least 1 accepted answer (there is none)"),
    ("short_answer", {"answers": ["x"], "grading": {"typos": "reject", "typo_credit": 0.5}}, "grading",
     "typo_credit only counts when typos is 'almost' (here typos is 'reject')"),
    ("short_answer", {"answers": ["x"], "grading": {"typo_credit": 2}}, "grading",
     "typo credit: must be a number from 0 to 1"),
])
def test_errors_of_each_question_type(kind, changes, field, message) -> None:
    model, errors = field_errors("question", {**BASE, "type": kind, **changes})
    assert model is None
    assert message in errors[field], errors


@pytest.mark.parametrize(("count", "one", "several", "expected"), [
    (0, "problem", None, "0 problems"), (1, "problem", None, "1 problem"), (2, "item", None, "2 items"),
    (1, "entry", "entries", "1 entry"), (3, "entry", "entries", "3 entries"),
])
def test_counted(count, one, several, expected) -> None:
    assert counted(count, one, several) == expected


def test_rule_problems_are_reported_with_other_field_problems() -> None:
    data = {**BASE, "difficulty": 9, "type": "single_choice", "options": [{"text": "A"}, {"text": "B"}]}
    _, errors = field_errors("question", data)
    assert "difficulty" in errors and errors["options"] == ["tick Correct for exactly one option (none is ticked)"]


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
