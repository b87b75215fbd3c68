"""Moodle XML import (hand-written file), hostile XML, export, round trip, fuzzing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.authoring.items import NO_EXPLANATION
from quiz_app.authoring.limits import ImportError_
from quiz_app.authoring.moodle_xml import export_moodle_xml, import_moodle_xml
from tests.authoring.helpers import DATA, DEFAULTS, SETTINGS, canon_xml, carried, dump, never_crashes
from tests.authoring.strategies import SPECIAL, fuzz_text, packs


@pytest.fixture(scope="module")
def preview():
    return import_moodle_xml((DATA / "syntax.xml").read_bytes(), DEFAULTS)


def test_every_parsed_field(preview) -> None:
    questions = [dump(question) for question in preview.questions]
    geography = {"topic": "geography", "tags": [], "explanation": NO_EXPLANATION}
    assert questions == [
        {**geography, "type": "single_choice", "prompt": "Which city is the capital of Kyrgyzstan?",
         "explanation": "Bishkek is the capital; Osh is the second-largest city.", "tags": ["capitals", "central-asia"],
         "options": [{"text": "Bishkek", "correct": True}, {"text": "Osh", "correct": False},
                     {"text": "Almaty", "correct": False}]},
        {**geography, "type": "multiple_select", "prompt": "Which rivers flow through Kazakhstan?",
         "options": [{"text": "Irtysh", "correct": True}, {"text": "Ili", "correct": True},
                     {"text": "Amazon", "correct": False}]},
        {**geography, "type": "true_false", "prompt": "The Caspian Sea is an ocean.",
         "explanation": "It is the largest lake on Earth.", "answer": False},
        {**geography, "type": "short_answer", "prompt": "Name the currency of Kazakhstan.",
         "answers": ["tenge", "KZT"]},
        {**geography, "type": "matching", "prompt": "Match each country with its capital.",
         "pairs": [{"left": "Kazakhstan", "right": "Astana"}, {"left": "Kyrgyzstan", "right": "Bishkek"},
                   {"left": "Uzbekistan", "right": "Tashkent"}]},
        {**geography, "type": "ordering", "prompt": "Put these months in calendar order.",
         "items": ["January", "February", "March"]},
        {**geography, "type": "true_false", "prompt": "This flag is blue.", "answer": True},
    ]
    assert all(q.objectives == ["obj-default"] and q.difficulty == 2 for q in preview.questions)
    assert preview.questions[0].id == "t-which-city-is-the-capital-of-kyrgyzstan-7ff0b1"  # <idnumber> is not used


def test_unmapped_rejected_and_notes_with_lines(preview) -> None:
    assert [(e.line, e.item) for e in preview.unmapped] == [
        (69, "Essay"), (73, "Regions"), (78, "Intro"), (82, "Cloze"), (119, "Drag and drop")]
    assert "'ddwtos'" in preview.unmapped[-1].reason
    assert [(e.line, e.item) for e in preview.rejected] == [
        (86, "Two right"), (92, "Two pairs"), (98, "No text"), (103, "Bad fraction")]
    assert [e.reason for e in preview.rejected] == [
        "a one-answer question needs exactly one answer with fraction 100 (found 2)",
        "a matching question needs at least 3 pairs here (found 2)",
        "the question has no text (<questiontext>)",
        "the fraction 'lots' is not a number",
    ]
    assert [(e.line, e.item) for e in preview.notes] == [
        (8, "Capital"), (42, "Currency"), (50, "Matching"), (109, "Image"), (116, "$course$/top")]
    assert "Osh" in preview.notes[0].reason and "teng" in preview.notes[1].reason
    assert "Dushanbe" in preview.notes[2].reason and "flag.png" in preview.notes[3].reason  # a damaged embedded image


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<quiz><question type="truefalse"><questiontext><text>&lol2;</text></questiontext></question></quiz>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&xxe;</text></questiontext></question></quiz>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, XXE, "<!doctype quiz><quiz/>",
                                     '<?xml version="1.0"?><!-- x --><!DOCTYPE quiz SYSTEM "http://x/y.dtd"><quiz/>'])
def test_doctype_and_entities_are_refused(hostile: str) -> None:
    with pytest.raises(ImportError_, match="DOCTYPE or ENTITY") as error:
        import_moodle_xml(hostile, DEFAULTS)
    assert not error.value.internal


def test_utf16_file_with_declaration() -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><quiz><question type="truefalse"><questiontext><text>Ә?</text>' \
           '</questiontext><answer fraction="100"><text>true</text></answer></question></quiz>'
    preview = import_moodle_xml(text.encode("utf-16"), DEFAULTS)
    assert preview.questions[0].prompt == "Ә?"


@pytest.mark.parametrize(("data", "message"), [
    ("<quiz><question>", "not well-formed XML.*line 1"),
    ("<html><body/></html>", "top element is <html>"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ("", "not well-formed"),
])
def test_unusable_files_give_clear_errors(data, message: str) -> None:
    with pytest.raises(ImportError_, match=message) as error:
        import_moodle_xml(data, DEFAULTS)
    assert not error.value.internal


def test_too_many_questions() -> None:
    question = '<question type="truefalse"><questiontext><text>Q</text></questiontext></question>'
    with pytest.raises(ImportError_, match="more than 2,000"):
        import_moodle_xml("<quiz>" + question * 2001 + "</quiz>", DEFAULTS)


def test_export_is_valid_moodle_xml(shipped_pack) -> None:
    result = export_moodle_xml(shipped_pack.questions)
    assert result.skipped == []
    root = ET.fromstring(result.text.encode())
    kinds = [element.get("type") for element in root.findall("question")]
    questions = shipped_pack.questions
    runs = [q.topic for i, q in enumerate(questions) if i == 0 or questions[i - 1].topic != q.topic]
    assert kinds.count("category") == len(runs)  # one category before each run of questions of one topic
    assert {"multichoice", "truefalse", "matching", "ordering"} <= set(kinds)
    first = root.find("question[@type='multichoice']")
    assert first.findtext("idnumber") == shipped_pack.questions[0].id
    assert first.find("questiontext").get("format") == "plain_text"


def test_multiple_select_fractions_mirror_partial_credit(shipped_pack) -> None:
    question = next(q for q in shipped_pack.questions if q.type == "multiple_select")
    root = ET.fromstring(export_moodle_xml([question]).text.encode())
    fractions = [answer.get("fraction") for answer in root.iter("answer")]
    right = sum(option.correct for option in question.options)
    share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
    assert fractions == [share if option.correct else f"-{share}" for option in question.options]


def test_shipped_pack_round_trips(shipped_pack) -> None:
    preview = import_moodle_xml(export_moodle_xml(shipped_pack.questions).text, DEFAULTS)
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    expected = [carried(q, canon_xml) for q in shipped_pack.questions]
    assert [carried(q, canon_xml) for q in preview.questions] == expected


@SETTINGS
@given(packs())
def test_round_trip(pack) -> None:
    """Export then import gives back the same questions on the fields Moodle XML carries: type, topic,
    tags, prompt, explanation and the answer fields; texts trimmed, \\n line ends, XML-invalid characters gone."""
    preview = import_moodle_xml(export_moodle_xml(pack.questions).text, DEFAULTS)
    assert preview.rejected == [] and preview.unmapped == []
    assert [carried(q, canon_xml) for q in preview.questions] == [carried(q, canon_xml) for q in pack.questions]


@SETTINGS
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    never_crashes(import_moodle_xml, data, DEFAULTS)


@SETTINGS
@given(fuzz_text())
def test_fuzz_random_text(text: str) -> None:
    never_crashes(import_moodle_xml, "<quiz>" + text + "</quiz>", DEFAULTS)


XML_PIECES = ["<", ">", "</", "/>", '"', "=", "&", "&amp;", "&#0;", "&#x41;", "<![CDATA[", "]]>", "<!--", "-->",
              "<text>", "</text>", "<answer fraction=\"", "<question type=\"", "multichoice", "matching", "category",
              "<subquestion>", "<single>", "false", "<!DOCTYPE", "<?xml", "?>", "\x00", "\ud800"]


@SETTINGS
@given(packs(max_questions=3, max_cards=0), st.data())
def test_fuzz_mutated_export(pack, data) -> None:
    text = export_moodle_xml(pack.questions).text
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        size = data.draw(st.integers(0, 8))
        piece = data.draw(st.sampled_from(XML_PIECES + SPECIAL) | st.text(max_size=3))
        text = text[:at] + piece + text[at + size:]
    preview = never_crashes(import_moodle_xml, text, DEFAULTS)
    if preview is not None:
        assert all(entry.line >= 0 and entry.reason for entry in (*preview.rejected, *preview.unmapped))


def test_a_question_about_doctype_is_not_refused() -> None:
    text = ('<?xml version="1.0"?>\n<quiz><question type="truefalse"><questiontext format="html"><text>'
            "<![CDATA[Does <code>&lt;!DOCTYPE html&gt;</code> start an HTML5 page?]]></text></questiontext>"
            '<answer fraction="100"><text>true</text></answer></question>'
            "<question type=\"truefalse\"><questiontext format=\"plain_text\"><text><![CDATA[Is <!ENTITY x> XML?]]>"
            '</text></questiontext><answer fraction="100"><text>true</text></answer></question></quiz>')
    preview = import_moodle_xml(text, DEFAULTS)
    assert [q.prompt for q in preview.questions] == ["Does <!DOCTYPE html> start an HTML5 page?", "Is <!ENTITY x> XML?"]


def test_doctype_hidden_after_a_fake_element_in_a_comment_is_refused_by_the_parser() -> None:
    with pytest.raises(ImportError_, match="DOCTYPE or ENTITY"):
        import_moodle_xml('<!-- <quiz> -->' + BILLION_LAUGHS.split("\n", 1)[1], DEFAULTS)
