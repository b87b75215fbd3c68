"""GIFT import (on a hand-written file covering Moodle's documented syntax), export, round trip, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.authoring.gift import export_gift, import_gift
from quiz_app.authoring.items import NO_EXPLANATION, ImportDefaults, Note, Rejected, Unmapped
from quiz_app.authoring.limits import ImportError_
from quiz_app.bank.models import Matching, Ordering, ShortAnswer, SingleChoice, TrueFalse
from tests.authoring.helpers import DATA, DEFAULTS, SETTINGS, canon_gift, carried, dump, never_crashes
from tests.authoring.strategies import SPECIAL, fuzz_text, packs


@pytest.fixture(scope="module")
def preview():
    return import_gift((DATA / "syntax.gift").read_bytes(), DEFAULTS)


def _dump(question) -> dict:
    return dump(question)


def test_every_parsed_field(preview) -> None:
    questions = [_dump(question) for question in preview.questions]
    geography = {"topic": "geography", "tags": []}
    assert questions == [
        {**geography, "type": "single_choice", "prompt": "Which city is the capital of Kyrgyzstan?",
         "explanation": "Bishkek is the capital; Osh is the second-largest city.", "tags": ["capitals", "central-asia"],
         "options": [{"text": "Bishkek", "correct": True}, {"text": "Osh", "correct": False},
                     {"text": "Almaty", "correct": False}]},
        {**geography, "type": "multiple_select", "prompt": "Which rivers flow through Kazakhstan?",
         "explanation": NO_EXPLANATION,
         "options": [{"text": "Irtysh", "correct": True}, {"text": "Ili", "correct": True},
                     {"text": "Amazon", "correct": False}]},
        {**geography, "type": "true_false", "prompt": "Almaty is the largest city of Kazakhstan.",
         "explanation": NO_EXPLANATION, "answer": True},
        {**geography, "type": "true_false", "prompt": "The Caspian Sea is an ocean.",
         "explanation": "It is the largest lake on Earth.", "answer": False},
        {**geography, "type": "short_answer", "prompt": "Name the currency of Kazakhstan.",
         "explanation": NO_EXPLANATION, "answers": ["tenge", "KZT"]},
        {**geography, "type": "matching", "prompt": "Match each country with its capital.",
         "explanation": NO_EXPLANATION,
         "pairs": [{"left": "Kazakhstan", "right": "Astana"}, {"left": "Kyrgyzstan", "right": "Bishkek"},
                   {"left": "Uzbekistan", "right": "Tashkent"}]},
        {**geography, "type": "single_choice", "prompt": "Which tag makes bold text in <HTML>?",
         "explanation": NO_EXPLANATION,
         "options": [{"text": "<b>", "correct": True}, {"text": "<i>", "correct": False}]},
        {**geography, "type": "true_false", "prompt": "Is *this* markdown kept as written?",
         "explanation": NO_EXPLANATION, "answer": True},
        {**geography, "type": "short_answer",
         "prompt": "Escapes: a colon, ~ tilde, = equals, # hash, { and } braces, a backslash \\ and a line\nbreak.",
         "explanation": NO_EXPLANATION, "answers": ["ok=fine"]},
        {**geography, "type": "ordering", "prompt": "Put these months in calendar order.",
         "explanation": NO_EXPLANATION, "items": ["January", "February", "March"]},
        {"topic": "general", "tags": [], "type": "true_false", "prompt": "Is this question in the default topic?",
         "explanation": NO_EXPLANATION, "answer": True},
    ]
    for question in preview.questions:
        assert question.objectives == ["obj-default"]
        assert question.difficulty == 2
        assert question.id.startswith("t-")
    assert preview.questions[0].id == "t-which-city-is-the-capital-of-kyrgyzstan-7ff0b1"
    assert preview.topics == ["geography", "general"]
    assert preview.flashcards == []
    assert preview.pack is None


def test_unmapped_items_with_their_lines(preview) -> None:
    assert [(entry.line, entry.item) for entry in preview.unmapped] == [
        (48, "Essay"), (50, "Numerical"), (52, "Range"),
        (54, "This is a description without any answer section."), (56, "The steppe is"),
    ]
    assert all(isinstance(entry, Unmapped) for entry in preview.unmapped)
    reasons = [entry.reason for entry in preview.unmapped]
    assert "essay" in reasons[0] and "numerical" in reasons[1] and "numerical" in reasons[2]
    assert "description" in reasons[3] and "missing-word" in reasons[4]


def test_rejected_items_with_their_lines_and_reasons(preview) -> None:
    assert [(entry.line, entry.item) for entry in preview.rejected] == [
        (58, "Two pairs"), (60, "Unbalanced"), (62, "One answer, two right"), (64, "Too many options"),
        (66, "Which city is the capital of Kyrgyzstan?"),
    ]
    assert all(isinstance(entry, Rejected) for entry in preview.rejected)
    reasons = [entry.reason for entry in preview.rejected]
    assert "at least 3 pairs" in reasons[0] and "(found 2)" in reasons[0]
    assert "'{'" in reasons[1] and "'}'" in reasons[1]
    assert "2 answers are fully correct" in reasons[2]
    assert reasons[3] == "options: has too many items (7; at most 6)"
    assert reasons[4] == "the same question text is already used on line 7"


def test_notes_on_changed_items(preview) -> None:
    assert [(entry.line, entry.item) for entry in preview.notes] == [
        (24, "Name the currency of Kazakhstan."), (26, "Matching"), (68, "$course$/top"),
    ]
    assert all(isinstance(entry, Note) for entry in preview.notes)
    assert "teng" in preview.notes[0].reason
    assert "Dushanbe" in preview.notes[1].reason


def test_each_gift_item_ends_up_in_one_list(preview) -> None:
    # 25 questions in the file (the three category lines are not items).
    assert len(preview.questions) + len(preview.rejected) + len(preview.unmapped) == 21


@pytest.mark.parametrize(("answer", "expected"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False),
                                                  ("true", True), ("f", False), ("T#wrong#right", True)])
def test_true_false_spellings(answer: str, expected: bool) -> None:
    preview = import_gift(f"Is it so?{{{answer}}}", DEFAULTS)
    assert isinstance(preview.questions[0], TrueFalse)
    assert preview.questions[0].answer is expected


def test_questions_without_blank_line_run_together() -> None:
    preview = import_gift("First?{T}\nSecond?{F}", DEFAULTS)
    assert preview.questions == []
    assert [(entry.line, "missing-word" in entry.reason) for entry in preview.unmapped] == [(1, True)]


def test_partial_credit_in_one_answer_question_is_noted() -> None:
    preview = import_gift("Pick.{=right ~%50%half ~wrong}", DEFAULTS)
    question = preview.questions[0]
    assert isinstance(question, SingleChoice)
    assert [(option.text, option.correct) for option in question.options] == [
        ("right", True), ("half", False), ("wrong", False)]
    assert "half" in preview.notes[0].reason


def test_html_format_applies_to_answers_and_feedback() -> None:
    preview = import_gift("[html]<p>Pick &amp; choose</p>{=<b>A</b>#<i>fb</i> ~B####<p>Because</p><p>yes</p>}",
                          DEFAULTS)
    question = preview.questions[0]
    assert question.prompt == "Pick & choose"
    assert [option.text for option in question.options] == ["A", "B"]
    assert question.explanation == "Because\nyes"


def test_escaped_title_and_windows_line_ends() -> None:
    preview = import_gift("// c\r\n::A\\: title::Q\\{1\\}?{\r\n=a\r\n~b\r\n}\r\n", DEFAULTS)
    assert preview.questions[0].prompt == "Q{1}?"
    assert preview.rejected == [] and preview.unmapped == []


def test_ordering_subset_is_noted() -> None:
    preview = import_gift("Order.{>2 RANDOM\na\nb\nc}", DEFAULTS)
    assert isinstance(preview.questions[0], Ordering)
    assert preview.questions[0].items == ["a", "b", "c"]
    assert "2 of the 3" in preview.notes[0].reason


def test_unusable_tags_and_categories_are_noted() -> None:
    preview = import_gift("$CATEGORY: $course$/top/Қазақстан тарихы\n\n// [tag:!!!] [tag:ok]\nQ?{T}", DEFAULTS)
    assert preview.questions[0].topic == "qazaqstan-tarikhy"
    assert preview.questions[0].tags == ["ok"]
    assert "!!!" in preview.notes[0].reason


def test_export_writes_ordering_with_moodles_syntax(shipped_pack) -> None:
    ordering = next(q for q in shipped_pack.questions if isinstance(q, Ordering))
    text = export_gift([ordering]).text
    assert f"{{>{len(ordering.items)} ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none" in text
    assert f"$CATEGORY: $course$/top/{ordering.topic}" in text
    assert f"// [id:{ordering.id}]" in text


def test_export_skips_what_gift_cannot_say(shipped_pack) -> None:
    base = {"id": "x-1", "topic": "t", "objectives": ["o"], "difficulty": 1, "prompt": "P?", "explanation": "E."}
    short = ShortAnswer(**base, type="short_answer", answers=["a->b"])
    match = Matching(**{**base, "id": "x-2"}, type="matching",
                     pairs=[{"left": "a->b", "right": "1"}, {"left": "c", "right": "2"}, {"left": "d", "right": "3"}])
    order = Ordering(**{**base, "id": "x-3"}, type="ordering", items=["// a", "b", "c"])
    result = export_gift([short, match, order, *shipped_pack.questions[:2]])
    assert [skipped.item for skipped in result.skipped] == ["x-1", "x-2", "x-3"]
    assert "x-1" not in result.text
    assert len(import_gift(result.text, DEFAULTS).questions) == 2


def test_shipped_pack_round_trips(shipped_pack) -> None:
    result = export_gift(shipped_pack.questions)
    assert result.skipped == []
    preview = import_gift(result.text, DEFAULTS)
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    expected = [carried(q, canon_gift) for q in shipped_pack.questions]
    assert [carried(q, canon_gift) for q in preview.questions] == expected


@SETTINGS
@given(packs())
def test_round_trip(pack) -> None:
    """Export then import gives back every written question, compared on the fields GIFT carries:
    type, topic, tags, prompt, explanation and the answer fields, texts trimmed and with \\n line ends."""
    result = export_gift(pack.questions)
    skipped = {entry.item for entry in result.skipped}
    written = [question for question in pack.questions if question.id not in skipped]
    preview = import_gift(result.text, DEFAULTS)
    assert preview.rejected == [] and preview.unmapped == []
    assert [carried(q, canon_gift) for q in preview.questions] == [carried(q, canon_gift) for q in written]


@SETTINGS
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    never_crashes(import_gift, data, DEFAULTS)


@SETTINGS
@given(fuzz_text())
def test_fuzz_random_text(text: str) -> None:
    never_crashes(import_gift, text, DEFAULTS)


@SETTINGS
@given(packs(max_questions=4, max_cards=0), st.data())
def test_fuzz_mutated_export(pack, data) -> None:
    text = export_gift(pack.questions).text
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        size = data.draw(st.integers(0, 6))
        piece = data.draw(st.sampled_from(SPECIAL) | st.text(max_size=3))
        text = text[:at] + piece + text[at + size:]
    preview = never_crashes(import_gift, text, DEFAULTS)
    if preview is not None:
        for entry in (*preview.rejected, *preview.unmapped, *preview.notes):
            assert entry.line >= 1 and entry.reason


def test_limits_give_clear_errors() -> None:
    with pytest.raises(ImportError_, match=r"not UTF-8.*line 2"):
        import_gift(b"Q?{T}\n\xff{T}", DEFAULTS)
    with pytest.raises(ImportError_, match="binary"):
        import_gift(b"Q?{T}\x00", DEFAULTS)
    with pytest.raises(ImportError_, match=r"Line 1 .* long"):
        import_gift("Q" * 30_000 + "?{T}", DEFAULTS)
    with pytest.raises(ImportError_, match="more than 2,000 questions"):
        import_gift("\n\n".join(f"Question {n}?{{T}}" for n in range(2001)), DEFAULTS)


def test_defaults_are_checked() -> None:
    with pytest.raises(ValueError, match="slug"):
        ImportDefaults("Not a slug", "obj")
    with pytest.raises(ValueError, match="difficulty"):
        ImportDefaults("topic", "obj", difficulty=4)
