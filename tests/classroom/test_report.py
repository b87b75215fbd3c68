"""CSV exports safe against formula injection, and a printable HTML summary that escapes all text."""

from __future__ import annotations

import csv
import dataclasses
import io
from html.parser import HTMLParser
from typing import Any

import pytest

from quiz_app.bank import Pack, SingleChoice, load_bank
from quiz_app.bank.models import Question
from quiz_app.classroom.report import items_csv, printable_summary, results_csv
from quiz_app.classroom.stats import (
    ClassResponse,
    ItemStats,
    StudentResult,
    item_analysis,
    objective_analysis,
    student_results,
)
from quiz_app.practice.grading import grade
from tests.support.sample import write_sample_pack

SCRIPT_NICK = "<script>alert('nick')</script>"
FORMULA_NICK = "=cmd|' /C calc'!A0"
HOSTILE_PROMPT = "<script>alert('prompt')</script> Which is right?"
HOSTILE_OPTION = '<img src=x onerror="alert(1)">'


@pytest.fixture
def pack(tmp_path) -> Pack:
    return load_bank([write_sample_pack(tmp_path)]).packs["sample"]


@pytest.fixture
def hostile() -> Question:
    return SingleChoice.model_validate({
        "id": "hostile", "type": "single_choice", "topic": "causes", "objectives": ["obj-price"], "difficulty": 1,
        "prompt": HOSTILE_PROMPT, "explanation": "Because.",
        "options": [{"text": HOSTILE_OPTION, "correct": True}, {"text": "=1+1"}, {"text": "Plain"}],
    })


def answer(question: Question, player_id: int, nickname: str, response: Any) -> ClassResponse:
    return ClassResponse(player_id, nickname, question.id, response, grade(question, response).score)


@pytest.fixture
def quiz(pack, hostile) -> dict[str, Any]:
    """A class of four with a hostile nickname, a formula nickname and a hostile question.

    Scores (s-single, s-tf, hostile): Ana 1 1 1, <script> 1 0 1, =cmd 0 1 (none), Di 0 1 0.
    """
    single, tf = pack.questions_by_id["s-single"], pack.questions_by_id["s-tf"]
    questions = [single, tf, hostile]
    players = [(1, "Ana"), (2, SCRIPT_NICK), (3, FORMULA_NICK), (4, "Di")]
    nick = dict(players)
    plan = [(single, [0, 0, 1, 2]), (tf, [True, False, True, True]), (hostile, [0, 0, None, 2])]
    responses = [
        answer(question, pid, nick[pid], response)
        for question, row in plan
        for pid, response in zip(nick, row, strict=True)
        if response is not None
    ]
    ids = [pid for pid, _ in players]
    return {
        "questions": questions,
        "results": student_results(questions, responses, players),
        "items": item_analysis(questions, responses, ids),
        "objectives": objective_analysis(pack, questions, responses, ids),
    }


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_results_csv_neutralises_formula_nicknames(quiz) -> None:
    rows = rows_of(results_csv(quiz["questions"], quiz["results"]))
    assert rows[0] == ["nickname", "total", "percent", "Q1 Which fuel price rose?", "Q2 Prices doubled.",
                       "Q3 <script>alert('prompt')</script> Which is right?"]  # prompts, not ids
    assert rows[1:] == [
        ["Ana", "3", "100", "1", "1", "1"],
        [SCRIPT_NICK, "2", "66.7", "1", "0", "1"],
        ["'" + FORMULA_NICK, "1", "33.3", "0", "1", ""],  # did not answer the last question
        ["Di", "1", "33.3", "0", "1", "0"],
    ]


@pytest.mark.parametrize("nickname", ["=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", " =1", "\t=1"])
def test_results_csv_neutralises_every_formula_start(nickname) -> None:
    result = StudentResult(1, nickname, 0.5, 1.0, 50.0, [0.5])
    cell = rows_of(results_csv([], [result]))[1][0]
    assert cell == "'" + nickname


def test_results_csv_rounds_partial_scores() -> None:
    result = StudentResult(1, "Ana", 5 / 6 + 1 / 3, 2.0, 100 * (7 / 6) / 2, [5 / 6, 1 / 3])
    assert rows_of(results_csv([], [result]))[1] == ["Ana", "1.17", "58.3", "0.83", "0.33"]


def test_items_csv(quiz) -> None:
    rows = rows_of(items_csv(quiz["items"]))
    assert rows[0] == [
        "question_id", "type", "prompt", "attempts", "facility_percent", "discrimination_percent",
        "discriminative_efficiency_percent", "flags", "answers",
    ]
    single, tf, hostile = rows[1:]
    assert single[:4] == ["s-single", "single_choice", "Which fuel price rose?", "4"]
    assert single[8] == "Liquefied petroleum gas: 2 (correct); Coal: 1; Diesel: 1"
    assert tf[4] == "75"
    assert float(tf[5]) < 0 and not tf[5].startswith("'")  # a negative number stays a number
    assert tf[7] == "Negative discrimination: check the key"
    assert hostile[3] == "3"
    assert hostile[8] == f"{HOSTILE_OPTION}: 2 (correct); =1+1: 0; Plain: 1"


def test_items_csv_neutralises_formula_prompts_and_leaves_undefined_cells_empty() -> None:
    item = ItemStats(
        question_id="q", prompt="=WEBSERVICE(\"http://evil\")", type="short_answer", attempts=0,
        facility=None, discrimination=None, efficiency=None, choices=[], flags=[],
    )
    assert rows_of(items_csv([item]))[1] == ["q", "short_answer", "'=WEBSERVICE(\"http://evil\")", "0", "", "", "",
                                             "", ""]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data) -> None:
        self.text.append(data)


def summary(pack: Pack, quiz: dict[str, Any], title: str = "Class 9B — <b>Kazakhstan</b> quiz") -> str:
    return printable_summary(title, pack, quiz["questions"], quiz["results"], quiz["items"], quiz["objectives"])


def test_summary_is_a_complete_printable_document(pack, quiz) -> None:
    page = summary(pack, quiz)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page
    assert "@media print" in page and "<style>" in page
    parser = Tags()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert tags.count("table") == 3  # results, questions, objectives
    assert not {"link", "img", "iframe", "object"} & set(tags)  # self-contained
    assert "src" not in {name for _, attrs in parser.tags for name, _ in attrs}


def test_summary_escapes_every_user_text(pack, quiz) -> None:
    hostile_pack = dataclasses.replace(pack, meta=pack.meta.model_copy(update={"title": "<i>Pack</i> & co"}))
    page = summary(hostile_pack, quiz)
    assert "<script" not in page.lower()
    assert "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#x27;nick&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;prompt&#x27;)&lt;/script&gt; Which is right?" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Class 9B — &lt;b&gt;Kazakhstan&lt;/b&gt; quiz" in page
    assert "&lt;i&gt;Pack&lt;/i&gt; &amp; co" in page

    parser = Tags()
    parser.feed(page)
    assert all(not name.startswith("on") for _, attrs in parser.tags for name, _ in attrs)
    text = "".join(parser.text)
    for shown in (SCRIPT_NICK, HOSTILE_PROMPT, HOSTILE_OPTION, FORMULA_NICK, "<i>Pack</i> & co"):
        assert shown in text  # escaped in the source, readable on the page


def test_summary_shows_results_statistics_and_flags(pack, quiz) -> None:
    page = summary(pack, quiz)
    parser = Tags()
    parser.feed(page)
    text = " ".join(" ".join(parser.text).split())

    assert "4 students · 3 questions · class average 58.3% · median 50.0%" in text
    # Ranks: Ana first; =cmd and Di tie on 1 point and share third place.
    assert "1 Ana 3 / 3 100.0%" in text
    assert "3 Di 1 / 3 33.3%" in text and f"3 {FORMULA_NICK} 1 / 3 33.3%" in text
    tf = quiz["items"][1]
    assert f"{tf.discrimination:.1f}%" in text
    assert "Negative discrimination: check the key" in text
    assert "Fuel prices rose." in text and "Q1, Q2, Q3" in text
    assert "Answer: Liquefied petroleum gas" in text
    assert "Too easy" in text and "90%" in text  # the guide states the thresholds


def test_summary_shows_a_dash_for_undefined_statistics(pack, hostile) -> None:
    results = student_results([hostile], [answer(hostile, 1, "Solo", 0)], [(1, "Solo")])
    items = item_analysis([hostile], [answer(hostile, 1, "Solo", 0)], [1])
    assert items[0].discrimination is None
    page = printable_summary("Solo quiz", pack, [hostile], results, items, [])
    assert '<td class="num">—</td>' in page
    assert "No learning objectives." in page

    empty = printable_summary("Empty", pack, [], [], [], [])
    assert "No students took part." in empty and "0 students · 0 questions" in empty


def test_question_headings_are_shortened_prompts(hostile) -> None:
    from quiz_app.classroom.report import question_heading

    long = hostile.model_copy(update={"prompt": "Which  of these\nwas " + "very " * 20 + "long?"})
    heading = question_heading(12, long)
    assert heading.startswith("Q12 Which of these was very") and heading.endswith("…") and len(heading) <= 52
