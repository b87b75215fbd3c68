"""Moodle weights through every format: kept on import and export, round trips, and graded as Moodle grades."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given

from quiz_app.authoring.csv_format import export_csv, import_csv
from quiz_app.authoring.gift import export_gift, import_gift
from quiz_app.authoring.moodle_xml import export_moodle_xml, import_moodle_xml
from quiz_app.authoring.pack_zip import export_pack_zip, import_pack
from quiz_app.bank.bank import Pack
from quiz_app.bank.models import MultipleSelect, PackMeta
from quiz_app.practice.grading import grade
from tests.authoring.helpers import DEFAULTS, SETTINGS, canon_gift, canon_xml, carried
from tests.authoring.strategies import weighted_questions

# Moodle's documentation of the GIFT format, "Multiple choice with multiple right answers".
GRANTS_TOMB = """What two people are entombed in Grant's tomb? {
   ~%-100%No one
   ~%50%Grant
   ~%50%Grant's wife
   ~%-100%Grant's father
}
"""

XML_WEIGHTED = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Protest towns</text></name>
    <questiontext format="html"><text><![CDATA[<p>Where were protests on 2 January?</p>]]></text></questiontext>
    <single>false</single>
    <answer fraction="60"><text>Zhanaozen</text></answer>
    <answer fraction="40"><text>Aktau</text></answer>
    <answer fraction="0"><text>Paris</text></answer>
    <answer fraction="-50"><text>Tashkent</text></answer>
  </question>
</quiz>
"""


def _only(preview) -> MultipleSelect:
    assert (preview.rejected, preview.unmapped, preview.notes) == ([], [], [])
    [question] = preview.questions
    assert isinstance(question, MultipleSelect)
    return question


def test_gift_weights_are_kept_and_graded_as_moodle_grades_them() -> None:
    question = _only(import_gift(GRANTS_TOMB, DEFAULTS))
    assert [(o.text, o.correct, o.weight) for o in question.options] == [
        ("No one", False, -100.0), ("Grant", True, 50.0), ("Grant's wife", True, 50.0),
        ("Grant's father", False, -100.0)]
    # Moodle: the sum of the fractions chosen, kept between 0 and 1.
    assert grade(question, [1, 2]).score == 1.0
    assert grade(question, [1]).score == 0.5
    assert grade(question, [1, 2, 3]).score == 0.0  # 50 + 50 - 100; without the weights this was 50 %
    assert grade(question, [0, 1]).score == 0.0  # -100 + 50, never below 0


def test_moodle_xml_fractions_are_kept_and_graded_as_moodle_grades_them() -> None:
    question = _only(import_moodle_xml(XML_WEIGHTED, DEFAULTS))
    assert [(o.text, o.correct, o.weight) for o in question.options] == [
        ("Zhanaozen", True, 60.0), ("Aktau", True, 40.0), ("Paris", False, None), ("Tashkent", False, -50.0)]
    assert grade(question, [0, 2]).score == pytest.approx(0.6)  # Paris is worth 0 %: no penalty
    assert grade(question, [0, 3]).score == pytest.approx(0.1)
    assert grade(question, [0, 1, 2]).score == 1.0


def test_weights_that_do_not_reach_100_are_refused_as_moodle_refuses_them() -> None:
    preview = import_gift("Pick two. {~%50%a ~%30%b ~%-100%c}", DEFAULTS)
    assert preview.questions == []
    [rejected] = preview.rejected
    assert "the positive weights add up to 80 %; they must add up to 100 %" in rejected.reason


def test_the_default_rule_round_trips_as_no_weights(shipped_pack) -> None:
    """An unweighted question is written with +100/n and -100/n, which an import reads back as unweighted."""
    questions = [q for q in shipped_pack.questions if isinstance(q, MultipleSelect)]
    assert questions and not any(q.weighted for q in questions)
    for imported in (import_gift(export_gift(questions).text, DEFAULTS).questions,
                     import_moodle_xml(export_moodle_xml(questions).text, DEFAULTS).questions):
        assert [q.options for q in imported] == [q.options for q in questions]


def test_weights_are_written_as_moodle_reads_them() -> None:
    question = _only(import_gift(GRANTS_TOMB, DEFAULTS))
    assert "\t~%-100%No one\n\t~%50%Grant\n" in export_gift([question]).text
    root = ET.fromstring(export_moodle_xml([question]).text.encode())
    assert [a.get("fraction") for a in root.iter("answer")] == ["-100", "50", "50", "-100"]
    assert "%-100%No one|*%50%Grant|*%50%Grant's wife|%-100%Grant's father" in export_csv([question])


@SETTINGS
@given(weighted_questions())
def test_gift_round_trip(questions: list[MultipleSelect]) -> None:
    preview = import_gift(export_gift(questions).text, DEFAULTS)
    assert preview.rejected == []
    assert [carried(q, canon_gift) for q in preview.questions] == [carried(q, canon_gift) for q in questions]
    for imported, question in zip(preview.questions, questions, strict=True):  # and they grade alike
        for index in range(len(question.options)):
            assert grade(imported, [index]).score == pytest.approx(grade(question, [index]).score, abs=1e-6)


@SETTINGS
@given(weighted_questions())
def test_moodle_xml_round_trip(questions: list[MultipleSelect]) -> None:
    preview = import_moodle_xml(export_moodle_xml(questions).text, DEFAULTS)
    assert preview.rejected == []
    assert [carried(q, canon_xml) for q in preview.questions] == [carried(q, canon_xml) for q in questions]


@SETTINGS
@given(weighted_questions())
def test_csv_round_trip(questions: list[MultipleSelect]) -> None:
    """CSV carries the weights exactly as written."""
    preview = import_csv(export_csv(questions), DEFAULTS)
    assert preview.rejected == [] and preview.questions == questions


@SETTINGS
@given(weighted_questions(max_size=3))
def test_pack_zip_round_trip(questions: list[MultipleSelect]) -> None:
    meta = PackMeta.model_validate({
        "id": "w", "title": "W", "language": "en", "description": "D", "version": "1.0", "license": "CC0",
        "authors": ["A"], "sources": [{"id": "s", "title": "S", "publisher": "P", "date": "2022"}],
        "topics": [{"id": "general", "title": "G"}],
        "objectives": [{"id": "obj", "topic": "general", "statement": "S", "citations": [{"source": "s",
                                                                                          "locator": "1"}]}]})
    preview = import_pack(export_pack_zip(Pack(meta, tuple(questions), ())))
    assert preview.rejected == [] and preview.questions == questions


@pytest.mark.parametrize(("cell", "options"), [
    ("*%50%a|*%50%b|%-100%c", [("a", True, 50.0), ("b", True, 50.0), ("c", False, -100.0)]),
    ("%70%a|%30%b|c", [("a", True, 70.0), ("b", True, 30.0), ("c", False, None)]),  # positive weight = correct
    ("*a|\\%30%b|*c", [("a", True, None), ("%30%b", False, None), ("c", True, None)]),  # \\% is plain text
    ("*a|%3x%b|*c", [("a", True, None), ("%3x%b", False, None), ("c", True, None)]),  # not a number: text
])
def test_csv_weight_syntax(cell: str, options: list[tuple]) -> None:
    text = f"type,prompt,options\nmultiple_select,Pick.,{cell}\n"
    question = _only(import_csv(text, DEFAULTS))
    assert [(o.text, o.correct, o.weight) for o in question.options] == options
