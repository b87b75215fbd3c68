"""Exports of a class quiz: results and item analysis as CSV, and a printable HTML summary.

The CSV files go through :func:`quiz_app.csvsafe.write_csv`, so a nickname such as ``=cmd()``
cannot run as a spreadsheet formula. The HTML summary is one self-contained document (inline CSS,
no scripts, no external files); every piece of text that comes from players or pack authors
(nicknames, prompts, options, typed answers, titles) is escaped with :func:`html.escape`.
Undefined statistics are written as an empty CSV cell and as "—" in HTML.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Sequence

from quiz_app.bank.bank import Pack
from quiz_app.bank.labels import TYPE_NAMES
from quiz_app.bank.models import Question
from quiz_app.classroom.stats import (
    TOO_EASY,
    TOO_HARD,
    WEAK_DISCRIMINATION,
    Choice,
    ItemStats,
    ObjectiveStats,
    StudentResult,
)
from quiz_app.csvsafe import write_csv
from quiz_app.practice.grading import correct_answer

MISSING = "—"



# --- CSV -----------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 2) -> float | int | None:
    """``value`` rounded for a CSV cell; whole numbers without ``.0``; ``None`` stays empty."""
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def question_heading(number: int, question: Question, width: int = 48) -> str:
    """A column heading a teacher recognises: ``Q3 Which fuel price rose?`` (the prompt, shortened)."""
    prompt = " ".join(question.prompt.split())
    if len(prompt) > width:
        prompt = prompt[: width - 1].rstrip() + "…"
    return f"Q{number} {prompt}"


def results_csv(questions: Sequence[Question], results: Sequence[StudentResult]) -> str:
    """One row per student: nickname, total, percent, then the score on each question (headed by its
    number and shortened prompt, :func:`question_heading`).

    Scores are 0 to 1 with 2 decimals; an empty cell means the student did not answer.
    """
    header = ["nickname", "total", "percent",
              *(question_heading(n, question) for n, question in enumerate(questions, 1))]
    rows = [
        [result.nickname, _number(result.total), _number(result.percent, 1), *(_number(s) for s in result.scores)]
        for result in results
    ]
    return write_csv(header, rows)


def _choices_text(choices: Sequence[Choice]) -> str:
    return "; ".join(f"{c.label}: {c.count}{' (correct)' if c.correct else ''}" for c in choices)


def items_csv(item_stats: Sequence[ItemStats]) -> str:
    """One row per question: id, type, prompt, answers, the three indexes in %, flags, distribution."""
    header = [
        "question_id", "type", "prompt", "attempts", "facility_percent", "discrimination_percent",
        "discriminative_efficiency_percent", "flags", "answers",
    ]
    rows = [
        [
            item.question_id, item.type, item.prompt, item.attempts, _number(item.facility, 1),
            _number(item.discrimination, 1), _number(item.efficiency, 1), "; ".join(item.flags),
            _choices_text(item.choices),
        ]
        for item in item_stats
    ]
    return write_csv(header, rows)


# --- HTML ----------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _percent(value: float | None) -> str:
    return MISSING if value is None else f"{value:.1f}%"


def _score(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _mark(score: float | None) -> str:
    if score is None:
        return '<td class="mark none" title="not answered">–</td>'
    if score >= 1:
        return '<td class="mark" title="correct">✓</td>'
    if score <= 0:
        return '<td class="mark wrong" title="wrong">✗</td>'
    return f'<td class="mark" title="partly correct">{score * 100:.0f}%</td>'


def _flags(flags: Sequence[str]) -> str:
    return "".join(f'<span class="flag">{_e(flag)}</span>' for flag in flags)


def _ranks(results: Sequence[StudentResult]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of results already sorted by total."""
    ranks: list[int] = []
    for position, result in enumerate(results, 1):
        tied = bool(ranks) and results[position - 2].total == result.total
        ranks.append(ranks[-1] if tied else position)
    return ranks


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111;
       margin: 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; border-bottom: 2px solid #333; }
p.meta { color: #444; margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mark { text-align: center; white-space: nowrap; }
td.none { color: #999; }
td.wrong { color: #a00; }
.flag { display: inline-block; border: 1px solid #b00; color: #b00; border-radius: 3px; padding: 0 .3rem;
        margin: 0 .2rem .2rem 0; font-size: .8rem; }
tr.flagged td { background: #fff6f3; }
ul.answers { list-style: none; margin: 0; padding: 0; }
ul.answers li { display: flex; align-items: baseline; gap: .35rem; margin: 0 0 .1rem; }
.track { flex: none; width: 4rem; }
.bar { display: block; height: 0; border-top: .55rem solid #5b8def; }
li.correct { font-weight: 600; }
.key { color: #064; font-size: .85rem; margin-top: .2rem; }
.small { color: #555; font-size: .8rem; }
.picture img { display: block; margin: .3rem 0; border: 1px solid #ddd; }
dl dt { font-weight: 600; margin-top: .5rem; }
dl dd { margin: 0 0 0 1rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, .keep { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tr.flagged td { background: none; }
  .bar { border-top-color: #444; }
}
"""


def _summary_line(results: Sequence[StudentResult], questions: Sequence[Question]) -> str:
    parts = [f"{len(results)} student{'s' if len(results) != 1 else ''}",
             f"{len(questions)} question{'s' if len(questions) != 1 else ''}"]
    if results:
        percents = [result.percent for result in results]
        parts.append(f"class average {statistics.fmean(percents):.1f}%")
        parts.append(f"median {statistics.median(percents):.1f}%")
    return " · ".join(parts)


def _results_table(questions: Sequence[Question], results: Sequence[StudentResult]) -> str:
    if not results:
        return "<p>No students took part.</p>"
    heads = "".join(f'<th class="mark" title="{_e(q.id)}">Q{n}</th>' for n, q in enumerate(questions, 1))
    rows = []
    for rank, result in zip(_ranks(results), results, strict=True):
        marks = "".join(_mark(score) for score in result.scores)
        rows.append(
            f'<tr><td class="num">{rank}</td><td>{_e(result.nickname)}</td>'
            f'<td class="num">{_score(result.total)} / {_score(result.maximum)}</td>'
            f'<td class="num">{_percent(result.percent)}</td>{marks}</tr>'
        )
    return (
        '<table class="results"><thead><tr><th class="num">#</th><th>Nickname</th><th class="num">Score</th>'
        f'<th class="num">%</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="small">✓ correct · ✗ wrong · a percentage is partial credit · – not answered.</p>'
    )


def _answers_list(item: ItemStats) -> str:
    if not item.choices:
        return MISSING
    lines = []
    for choice in item.choices:
        share = min(100.0, 100 * choice.count / item.attempts) if item.attempts else 0.0
        mark = "✓ " if choice.correct else ""
        lines.append(
            f'<li class="{"correct" if choice.correct else "other"}"><span class="track">'
            f'<span class="bar" style="width:{share:.0f}%"></span></span>'
            f'<span>{mark}{_e(choice.label)} <span class="num">({choice.count})</span></span></li>'
        )
    return f'<ul class="answers">{"".join(lines)}</ul>'


def _picture(pack: Pack | None, question: Question | None) -> str:
    """The question's image embedded in the page (a data URI: the summary stays one file)."""
    file = pack.image(question.image) if pack is not None and question is not None else None
    if file is None or question is None or question.image is None:
        return ""
    return f'<div class="picture">{file.img_tag(question.image.alt, 360)}</div>'


def _items_table(questions: Sequence[Question], item_stats: Sequence[ItemStats], pack: Pack | None = None) -> str:
    if not item_stats:
        return "<p>No questions.</p>"
    numbers = {question.id: n for n, question in enumerate(questions, 1)}
    by_id = {question.id: question for question in questions}
    rows = []
    for item in item_stats:
        question = by_id.get(item.question_id)
        key = "<br>".join(_e(line) for line in correct_answer(question)) if question else ""
        number = f"Q{numbers[item.question_id]}" if item.question_id in numbers else ""
        rows.append(
            f'<tr class="{"flagged" if item.flags else "ok"}"><td>{number}</td>'
            f'<td>{_e(item.prompt)}{_picture(pack, question)}<div class="key">Answer: {key}</div>'
            f'<div class="small">{_e(item.question_id)} · {_e(TYPE_NAMES.get(item.type, item.type))}</div></td>'
            f'<td class="num">{item.attempts}</td><td class="num">{_percent(item.facility)}</td>'
            f'<td class="num">{_percent(item.discrimination)}</td><td class="num">{_percent(item.efficiency)}</td>'
            f"<td>{_answers_list(item)}</td><td>{_flags(item.flags)}</td></tr>"
        )
    return (
        '<table class="items"><thead><tr><th>#</th><th>Question</th><th class="num">Answered</th>'
        '<th class="num">Facility</th><th class="num">Discrimination</th><th class="num">Efficiency</th>'
        f'<th>Answers</th><th>Flags</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _objectives_table(questions: Sequence[Question], objective_stats: Sequence[ObjectiveStats]) -> str:
    if not objective_stats:
        return "<p>No learning objectives.</p>"
    numbers = {question.id: n for n, question in enumerate(questions, 1)}
    rows = []
    for objective in objective_stats:
        items = ", ".join(f"Q{numbers[qid]}" if qid in numbers else _e(qid) for qid in objective.items)
        rows.append(
            f'<tr class="{"flagged" if objective.flags else "ok"}"><td>{_e(objective.statement)}'
            f'<div class="small">{_e(objective.objective_id)}</div></td><td>{items}</td>'
            f'<td class="num">{objective.attempts}</td><td class="num">{_percent(objective.facility)}</td>'
            f'<td class="num">{_percent(objective.discrimination)}</td><td>{_flags(objective.flags)}</td></tr>'
        )
    return (
        '<table class="objectives"><thead><tr><th>Learning objective</th><th>Questions</th>'
        '<th class="num">Answers</th><th class="num">Facility</th><th class="num">Discrimination</th>'
        f'<th>Flags</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


_GUIDE = f"""
<dl class="keep">
<dt>Facility</dt>
<dd>The average score of the students who answered, as a percentage of full marks.
Flagged <em>Too easy</em> at {TOO_EASY:.0f}% or more and <em>Too hard</em> at {TOO_HARD:.0f}% or less.</dd>
<dt>Discrimination</dt>
<dd>The correlation (in %) between the score on the question and the score on the rest of the quiz, among
the students who answered it: high when stronger students do better on it. Below 0 is flagged
<em>Negative discrimination</em> (check the answer key); from 0 to {WEAK_DISCRIMINATION:.0f}% is flagged
<em>Weak discrimination</em>. Shown as {MISSING} when fewer than 2 students answered or when everyone got the
same score.</dd>
<dt>Efficiency</dt>
<dd>The discrimination as a percentage of the highest it could reach with these scores.</dd>
</dl>
<p class="small">With a small class these numbers move a lot from one student to the next: read them as hints.</p>
"""


def printable_summary(
    title: str,
    pack: Pack,
    questions: Sequence[Question],
    results: Sequence[StudentResult],
    item_stats: Sequence[ItemStats],
    objective_stats: Sequence[ObjectiveStats],
) -> str:
    """A complete HTML document summarising a class quiz, ready to print (no scripts, inline CSS)."""
    return f"""<!DOCTYPE html>
<html lang="{_e(pack.meta.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p class="meta">{_e(pack.meta.title)}</p>
<p class="meta">{_e(_summary_line(results, questions))}</p>
</header>
<section>
<h2>Results</h2>
{_results_table(questions, results)}
</section>
<section>
<h2>Questions</h2>
{_items_table(questions, item_stats, pack)}
</section>
<section>
<h2>Learning objectives</h2>
{_objectives_table(questions, objective_stats)}
</section>
<section>
<h2>How to read these numbers</h2>
{_GUIDE}
</section>
</body>
</html>
"""
