"""Results and item analysis of a class quiz, in the manner of Moodle's quiz statistics report.

Pure functions over the answers a class gave; no UI and no storage.

Definitions (Moodle, "Quiz statistics calculations"; every question here is worth 1 mark):

- **Facility index** of an item: the mean score of the students who attempted it, as a
  percentage of the item's maximum (0 = nobody scored, 100 = everybody got full marks).
- **Discrimination index**: 100 x the Pearson correlation between the score on the item and the
  score on the *rest of the quiz* (the student's total minus this item), over the students who
  attempted the item. From -100 to 100.
- **Discriminative efficiency**: the discrimination as a percentage of the largest value it
  could reach given the two score distributions: 100 x cov(item, rest) / cov(sorted item,
  sorted rest). Moodle shows it next to the index; it is here for the same reason.

Decisions the formulas leave open:

- *Attempting.* As in Moodle, a student who saw a question and left it blank scores 0 on it, in
  that item's figures too (facility, discrimination, attempts). A player saw an item when a
  :class:`ClassResponse` for it exists (``response`` ``None`` is how a timed-out or skipped
  question is recorded: a blank), or when the item was asked (somebody has a response to it) and
  the player answered a question that comes after it in the quiz: a self-paced quiz shows the
  questions in order, and a live quiz showed it to everybody in the room. A player who answered
  nothing from an item on (who left, or has not reached it yet) is left out of that item's
  figures, and so is every player for an item nobody answered (skipped, or not reached). Every
  unanswered item scores 0 in the "rest of the quiz" totals.
- *Small classes.* Below :data:`SMALL_CLASS` answers per item the indexes move a lot from one
  student to the next; :func:`small_class_warning` says so, for the results page.
- *Undefined values.* With fewer than 2 attempts, or when the item scores or the rest-of-quiz
  scores are all equal (zero variance), the correlation is undefined: discrimination and
  efficiency are ``None`` (shown as "—"). Facility is ``None`` only when nobody attempted.
- *Repeated answers.* If a player has several responses to one question, the last in the
  sequence counts. Responses of players not in ``players`` or to questions not in
  ``questions`` are ignored. Scores are clamped to [0, 1] and rounded to 9 decimals so that
  float noise (5/6 + 1/6 vs 1) cannot create a spurious correlation.

Flags (thresholds from Moodle's guidance on interpreting the report):

- "Too easy": facility >= 90 % (Moodle: 90-94 "very easy", 95-100 "extremely easy").
- "Too hard": facility <= 20 % (Moodle: 11-20 "difficult", 6-10 "very difficult", <= 5
  "extremely difficult or something wrong with the question").
- "Negative discrimination: check the key": discrimination < 0 (Moodle: "question probably
  invalid"; weaker students did better than stronger ones, often a wrong answer key).
- "Weak discrimination": 0 <= discrimination < 20 (Moodle: 0-19 "very weak").

Learning objectives get the same numbers with an objective's items taken together (see
:func:`objective_analysis`).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from quiz_app.bank.bank import Pack
from quiz_app.bank.models import (
    Matching,
    MultipleSelect,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quiz_app.bank.text import normalise
from quiz_app.practice.grading import InvalidResponse, grade

TOO_EASY = 90.0
"""Facility (%) at or above which an item is flagged "Too easy"."""
TOO_HARD = 20.0
"""Facility (%) at or below which an item is flagged "Too hard"."""
WEAK_DISCRIMINATION = 20.0
"""Discrimination (%) from 0 up to (not including) this value is flagged "Weak discrimination"."""
SHORT_ANSWER_TOP = 5
"""How many of the most common typed answers a short-answer item lists."""
SMALL_CLASS = 10
"""Fewer answers than this per item: the statistics are only hints (see :func:`small_class_warning`)."""

FLAG_TOO_EASY = "Too easy"
FLAG_TOO_HARD = "Too hard"
FLAG_NEGATIVE = "Negative discrimination: check the key"
FLAG_NEGATIVE_OBJECTIVE = "Negative discrimination: check these questions"
FLAG_WEAK = "Weak discrimination"

FULLY_CORRECT = "Fully correct"
PARTLY_CORRECT = "Partly correct"
WRONG = "Wrong"
UNREADABLE = "Unreadable answer"
BLANK = "(blank)"
NO_ANSWER = "No answer"

_DECIMALS = 9


@dataclass(frozen=True)
class ClassResponse:
    """One player's answer to one question of a class quiz.

    ``response`` has the shape :mod:`quiz_app.practice.grading` expects (original indexes);
    ``None`` means the player did not answer. ``score`` is the grade, from 0 to 1.
    """

    player_id: int
    nickname: str
    question_id: str
    response: Any
    score: float


class Choice(NamedTuple):
    """One line of an answer distribution: what was answered, by how many, and whether it is right."""

    label: str
    count: int
    correct: bool


@dataclass(frozen=True)
class ItemStats:
    """Statistics of one question. Percentages are ``None`` when undefined (see the module docstring)."""

    question_id: str
    prompt: str
    type: str
    attempts: int
    facility: float | None
    discrimination: float | None
    efficiency: float | None
    choices: list[Choice] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ObjectiveStats:
    """Statistics of the items of one learning objective, taken together."""

    objective_id: str
    statement: str
    items: list[str]
    attempts: int
    facility: float | None
    discrimination: float | None
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StudentResult:
    """One player's result: ``scores`` follows the quiz order, ``None`` where they did not answer."""

    player_id: int
    nickname: str
    total: float
    maximum: float
    percent: float
    scores: list[float | None]


# --- collecting the answers ------------------------------------------------------------------


def _clean(score: float) -> float:
    return round(min(1.0, max(0.0, float(score))), _DECIMALS)


def _answered(responses: Iterable[ClassResponse], question_ids: set[str]) -> dict[str, dict[int, ClassResponse]]:
    """question id -> player id -> that player's last non-``None`` response to it."""
    table: dict[str, dict[int, ClassResponse]] = {qid: {} for qid in question_ids}
    for response in responses:
        if response.question_id not in table:
            continue
        answers = table[response.question_id]
        # The last response counts, even a later "no answer"; re-inserting keeps the order of last answers.
        answers.pop(response.player_id, None)
        if response.response is not None:
            answers[response.player_id] = response
    return table


def _last(responses: Iterable[ClassResponse], question_ids: set[str]) -> dict[str, dict[int, ClassResponse]]:
    """question id -> player id -> that player's last response to it, ``None`` responses included."""
    table: dict[str, dict[int, ClassResponse]] = {qid: {} for qid in question_ids}
    for response in responses:
        if response.question_id in table:
            table[response.question_id].pop(response.player_id, None)
            table[response.question_id][response.player_id] = response
    return table


def _score_table(
    questions: Sequence[Question], responses: Sequence[ClassResponse], players: Iterable[int], *,
    blanks: bool = True,
) -> tuple[list[int], dict[str, dict[int, float]]]:
    """The players (deduplicated, in order) and question id -> player id -> score.

    With ``blanks`` a player who saw an item and left it blank scores 0 on it (see the module
    docstring); without, only answers are in the table.
    """
    roster = list(dict.fromkeys(players))
    allowed = set(roster)
    last = _last(responses, {question.id for question in questions})
    scores: dict[str, dict[int, float]] = {
        qid: {pid: _clean(r.score) for pid, r in records.items() if pid in allowed and r.response is not None}
        for qid, records in last.items()
    }
    if not blanks:
        return roster, scores
    order = list(dict.fromkeys(question.id for question in questions))
    answered_later: set[int] = set()  # players with an answer to a question after the current one
    for qid in reversed(order):
        records = last[qid]
        if records:  # the item was asked
            seen = {pid for pid in records if pid in allowed} | answered_later
            for pid in seen:
                scores[qid].setdefault(pid, 0.0)
        answered_later |= {pid for pid, r in records.items() if pid in allowed and r.response is not None}
    return roster, {qid: {pid: table[pid] for pid in roster if pid in table} for qid, table in scores.items()}


def _totals(roster: Sequence[int], scores: dict[str, dict[int, float]]) -> dict[int, float]:
    return {
        pid: round(math.fsum(by_player.get(pid, 0.0) for by_player in scores.values()), _DECIMALS)
        for pid in roster
    }


# --- the statistics ---------------------------------------------------------------------------


def _varies(values: Sequence[float]) -> bool:
    return len(values) >= 2 and max(values) != min(values)


def _discrimination(part: Sequence[float], rest: Sequence[float]) -> tuple[float | None, float | None]:
    """(discrimination index, discriminative efficiency) in %, or ``None`` where undefined."""
    if not (_varies(part) and _varies(rest)):
        return None, None
    try:
        index = 100 * statistics.correlation(part, rest)
        covariance = statistics.covariance(part, rest)
        most = statistics.covariance(sorted(part), sorted(rest))
    except statistics.StatisticsError:
        return None, None
    efficiency = 100 * covariance / most if most > 0 else None
    return index, efficiency


def _facility(values: Sequence[float]) -> float | None:
    return 100 * math.fsum(values) / len(values) if values else None


def _flags(facility: float | None, discrimination: float | None, negative: str = FLAG_NEGATIVE) -> list[str]:
    flags = []
    if facility is not None and facility >= TOO_EASY:
        flags.append(FLAG_TOO_EASY)
    if facility is not None and facility <= TOO_HARD:
        flags.append(FLAG_TOO_HARD)
    if discrimination is not None and discrimination < 0:
        flags.append(negative)
    elif discrimination is not None and discrimination < WEAK_DISCRIMINATION:
        flags.append(FLAG_WEAK)
    return flags


# --- answer distributions ---------------------------------------------------------------------


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _choices(question: Question, given: Sequence[ClassResponse]) -> list[Choice]:
    """How the (non-``None``) answers ``given`` to ``question`` were distributed."""
    answers = [r.response for r in given]
    unreadable = 0
    rows: list[Choice]
    match question:
        case SingleChoice() | MultipleSelect():
            size = len(question.options)
            counts = Counter[int]()
            for answer in answers:
                if isinstance(question, SingleChoice) and _is_index(answer, size):
                    counts[answer] += 1
                elif (
                    isinstance(question, MultipleSelect)
                    and isinstance(answer, list | tuple)
                    and all(_is_index(i, size) for i in answer)
                ):
                    counts.update(set(answer))
                else:
                    unreadable += 1
            rows = [Choice(option.text, counts[i], option.correct) for i, option in enumerate(question.options)]
        case TrueFalse():
            counts_tf = Counter(answer for answer in answers if isinstance(answer, bool))
            unreadable = len(answers) - sum(counts_tf.values())
            rows = [
                Choice("True", counts_tf[True], question.answer),
                Choice("False", counts_tf[False], not question.answer),
            ]
        case Ordering() | Matching():
            kinds = Counter[str]()
            for answer in answers:
                try:
                    score = grade(question, answer).score
                except InvalidResponse:
                    unreadable += 1
                    continue
                kinds[FULLY_CORRECT if score >= 1.0 else PARTLY_CORRECT if score > 0 else WRONG] += 1
            rows = [
                Choice(FULLY_CORRECT, kinds[FULLY_CORRECT], True),
                Choice(PARTLY_CORRECT, kinds[PARTLY_CORRECT], False),
                Choice(WRONG, kinds[WRONG], False),
            ]
        case ShortAnswer():
            # Right or wrong as graded when answered (the pack's rules, variants and typos included).
            texts = [(normalise(r.response), r.score) for r in given if isinstance(r.response, str)]
            typed = Counter(text for text, _ in texts)
            right = {text for text, score in texts if text and score >= 1.0}
            unreadable = len(answers) - sum(typed.values())
            common = sorted(typed.items(), key=lambda item: (-item[1], not item[0], item[0]))[:SHORT_ANSWER_TOP]
            rows = [Choice(text or BLANK, count, text in right) for text, count in common]
        case _:
            rows = []
            unreadable = len(answers)
    if unreadable:
        rows.append(Choice(UNREADABLE, unreadable, False))
    return rows


def distribution(question: Question, responses: Sequence[ClassResponse]) -> list[Choice]:
    """How the answers to ``question`` were distributed (the live bar chart of a class quiz).

    ``responses`` may hold answers to other questions; they are ignored. Each player counts once
    (their last answer); ``None`` answers are not counted. Rows are, by type:
    every option (single_choice, multiple_select: a player counts once for each option chosen),
    True and False (true_false), "Fully correct" / "Partly correct" / "Wrong" (ordering,
    matching), the most common typed answers after normalising (short_answer, top 5).
    A last "Unreadable answer" row counts answers of the wrong shape, if any.
    """
    answers = _answered(responses, {question.id})[question.id]
    return _choices(question, list(answers.values()))


# --- public analyses --------------------------------------------------------------------------


def item_analysis(
    questions: Sequence[Question], responses: Sequence[ClassResponse], players: Sequence[int]
) -> list[ItemStats]:
    """Facility, discrimination, answer distribution and flags of each question, in quiz order.

    Blanks count as 0 (see the module docstring); the distribution ends with a "No answer" row for them.
    """
    roster, scores = _score_table(questions, responses, players)
    totals = _totals(roster, scores)
    answered = _answered(responses, {question.id for question in questions})
    allowed = set(roster)
    stats = []
    for question in questions:
        by_player = scores[question.id]
        part = list(by_player.values())
        rest = [round(totals[pid] - score, _DECIMALS) for pid, score in by_player.items()]
        facility = _facility(part)
        discrimination, efficiency = _discrimination(part, rest)
        answers = [r for pid, r in answered[question.id].items() if pid in allowed]
        choices = _choices(question, answers)
        if len(part) > len(answers):
            choices.append(Choice(NO_ANSWER, len(part) - len(answers), False))
        stats.append(
            ItemStats(
                question_id=question.id,
                prompt=question.prompt,
                type=question.type,
                attempts=len(part),
                facility=facility,
                discrimination=discrimination,
                efficiency=efficiency,
                choices=choices,
                flags=_flags(facility, discrimination),
            )
        )
    return stats


def objective_analysis(
    pack: Pack,
    questions: Sequence[Question],
    responses: Sequence[ClassResponse],
    players: Sequence[int] | None = None,
) -> list[ObjectiveStats]:
    """The statistics of each learning objective that at least one quiz question tests.

    - ``items``: the ids of the quiz questions that test the objective, in quiz order.
    - ``attempts``: answers given to those items (a student answering 3 of them counts 3), blanks
      included (a blank counts 0, as for items).
    - ``facility``: the mean score over those answers, in % (pooled, not a mean of item facilities).
    - ``discrimination``: 100 x the correlation between a student's score on the objective's
      items (unanswered = 0) and their score on the other questions, over the students who
      answered at least one of the items; ``None`` as for items. So an objective that covers
      the whole quiz has no discrimination (the rest is always 0).

    Objectives come in the pack's order; an id the pack does not know comes last, with the id as
    its statement. ``players`` defaults to everyone who has a response.
    """
    if players is None:
        players = [response.player_id for response in responses]
    roster, scores = _score_table(questions, responses, players)
    totals = _totals(roster, scores)
    items: dict[str, list[str]] = {}
    for question in questions:
        for objective_id in question.objectives:
            items.setdefault(objective_id, []).append(question.id)
    known = [objective_id for objective_id in pack.objectives if objective_id in items]
    unknown = [objective_id for objective_id in items if objective_id not in pack.objectives]
    stats = []
    for objective_id in known + unknown:
        ids = list(dict.fromkeys(items[objective_id]))
        answers = [score for qid in ids for score in scores[qid].values()]
        attempted = list(dict.fromkeys(pid for qid in ids for pid in scores[qid]))
        part = [round(math.fsum(scores[qid].get(pid, 0.0) for qid in ids), _DECIMALS) for pid in attempted]
        rest = [round(totals[pid] - own, _DECIMALS) for pid, own in zip(attempted, part, strict=True)]
        facility = _facility(answers)
        discrimination, _ = _discrimination(part, rest)
        objective = pack.objectives.get(objective_id)
        stats.append(
            ObjectiveStats(
                objective_id=objective_id,
                statement=objective.statement if objective else objective_id,
                items=ids,
                attempts=len(answers),
                facility=facility,
                discrimination=discrimination,
                flags=_flags(facility, discrimination, FLAG_NEGATIVE_OBJECTIVE),
            )
        )
    return stats


def small_class_warning(items: Sequence[ItemStats]) -> str | None:
    """A sentence for the results page when items have fewer than :data:`SMALL_CLASS` answers, else ``None``."""
    small = [item for item in items if 0 < item.attempts < SMALL_CLASS]
    if not small:
        return None
    most = max(item.attempts for item in items)
    if most < SMALL_CLASS:
        who = f"Only {most} student{'s' if most != 1 else ''} answered."
    else:
        who = (f"{len(small)} of the {len(items)} questions had fewer than {SMALL_CLASS} answers."
               if len(small) > 1 else f"One question had fewer than {SMALL_CLASS} answers.")
    return (f"{who} With fewer than {SMALL_CLASS} answers to a question, its facility and discrimination move a "
            "lot from one student to the next: read them as hints, and check the answer key yourself before "
            "trusting a \"negative discrimination\" flag.")


def student_results(
    questions: Sequence[Question], responses: Sequence[ClassResponse], players: Sequence[tuple[int, str]]
) -> list[StudentResult]:
    """Each player's total, maximum (1 per question), percentage and per-question scores.

    Every player in ``players`` gets a row, even with no answers; the nickname comes from
    ``players``. Sorted by total, highest first, then nickname (case-insensitive), then id.
    """
    nicknames = dict(players)
    roster, scores = _score_table(questions, responses, nicknames, blanks=False)
    totals = _totals(roster, scores)
    maximum = float(len(questions))
    results = [
        StudentResult(
            player_id=pid,
            nickname=nicknames[pid],
            total=totals[pid],
            maximum=maximum,
            percent=100 * totals[pid] / maximum if maximum else 0.0,
            scores=[scores[question.id].get(pid) for question in questions],
        )
        for pid in roster
    ]
    return sorted(results, key=lambda r: (-r.total, r.nickname.casefold(), r.nickname, r.player_id))
