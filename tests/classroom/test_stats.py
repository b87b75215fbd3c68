"""Class quiz statistics on small classes whose numbers were worked out by hand."""

from __future__ import annotations

import math
import statistics
from typing import Any

import pytest

from quiz_app.bank import Pack, SingleChoice, load_bank
from quiz_app.bank.models import Question
from quiz_app.classroom.stats import (
    FLAG_NEGATIVE,
    FLAG_NEGATIVE_OBJECTIVE,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    FLAG_WEAK,
    NO_ANSWER,
    UNREADABLE,
    ClassResponse,
    distribution,
    item_analysis,
    objective_analysis,
    small_class_warning,
    student_results,
)
from quiz_app.practice.grading import grade
from tests.support.sample import write_sample_pack

NICKNAMES = {1: "Ana", 2: "Bo", 3: "Cy", 4: "Di"}
ANA, BO, CY, DI = 1, 2, 3, 4


@pytest.fixture
def pack(tmp_path) -> Pack:
    return load_bank([write_sample_pack(tmp_path)]).packs["sample"]


def answer(question: Question, player_id: int, response: Any) -> ClassResponse:
    """The response graded as the app grades it."""
    score = 0.0 if response is None else grade(question, response).score
    return ClassResponse(player_id, NICKNAMES.get(player_id, f"P{player_id}"), question.id, response, score)


def quiz_of(pack: Pack, *ids: str) -> list[Question]:
    return [pack.questions_by_id[question_id] for question_id in ids]


# The main class: 4 students, 3 items.
#
#            s-single  s-tf  s-multi   total
#   Ana         1        1      1        3
#   Bo          1        0      1        2
#   Cy          0        1      0.5      1.5
#   Di          0        1      0        1
#
# Rest of the quiz (total minus the item) for each item, worked out by hand:
#   s-single: [2, 1, 1.5, 1]   mean 1.375; cov sum 0.25,  var sums 1 and 0.6875    -> r = 1/sqrt(11)
#   s-tf:     [2, 2, 0.5, 0]   mean 1.125; cov sum -0.875, var sums 0.75 and 3.1875 -> r = -7/sqrt(153)
#   s-multi:  [2, 1, 1, 1]     mean 1.25;  cov sum 0.375, var sums 0.6875 and 0.75 -> r = 3/sqrt(33)
# Discriminative efficiency = cov / cov(sorted item, sorted rest): 0.25/0.75, -0.875/1.125, 0.375/0.375.
SINGLE_REST = [2, 1, 1.5, 1]
TF_REST = [2, 2, 0.5, 0]
MULTI_REST = [2, 1, 1, 1]


@pytest.fixture
def questions(pack) -> list[Question]:
    return quiz_of(pack, "s-single", "s-tf", "s-multi")


@pytest.fixture
def responses(questions) -> list[ClassResponse]:
    single, tf, multi = questions
    # s-single options: 0 LPG (correct), 1 Coal, 2 Diesel.
    # s-multi options: 0 Corruption, 1 Inequality (both correct), 2 Too much rain, 3 Football results.
    given = [
        answer(single, ANA, 0), answer(single, BO, 0), answer(single, CY, 1), answer(single, DI, 2),
        answer(tf, ANA, True), answer(tf, BO, False), answer(tf, CY, True), answer(tf, DI, True),
        answer(multi, ANA, [0, 1]), answer(multi, BO, [1, 0]), answer(multi, CY, [0, 1, 2]), answer(multi, DI, [3]),
    ]
    assert [r.score for r in given] == [1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0.5, 0]
    return given


def test_facility_and_discrimination_match_the_hand_computation(questions, responses) -> None:
    single, tf, multi = item_analysis(questions, responses, [ANA, BO, CY, DI])

    assert [item.question_id for item in (single, tf, multi)] == ["s-single", "s-tf", "s-multi"]
    assert [item.attempts for item in (single, tf, multi)] == [4, 4, 4]
    assert (single.facility, tf.facility, multi.facility) == (50.0, 75.0, 62.5)

    assert single.discrimination == pytest.approx(100 / math.sqrt(11))  # 30.15
    assert tf.discrimination == pytest.approx(-700 / math.sqrt(153))  # -56.59
    assert multi.discrimination == pytest.approx(300 / math.sqrt(33))  # 52.22
    # The same numbers from the standard library, on the rest-of-quiz scores written out above.
    assert single.discrimination == pytest.approx(100 * statistics.correlation([1, 1, 0, 0], SINGLE_REST))
    assert tf.discrimination == pytest.approx(100 * statistics.correlation([1, 0, 1, 1], TF_REST))
    assert multi.discrimination == pytest.approx(100 * statistics.correlation([1, 1, 0.5, 0], MULTI_REST))

    assert single.efficiency == pytest.approx(100 / 3)
    assert tf.efficiency == pytest.approx(-700 / 9)
    assert multi.efficiency == pytest.approx(100.0)

    assert (single.prompt, single.type) == ("Which fuel price rose?", "single_choice")


def test_every_option_is_counted_with_its_key(questions, responses) -> None:
    single, tf, multi = item_analysis(questions, responses, [ANA, BO, CY, DI])
    assert single.choices == [("Liquefied petroleum gas", 2, True), ("Coal", 1, False), ("Diesel", 1, False)]
    assert tf.choices == [("True", 3, True), ("False", 1, False)]
    # A player counts once for each option they ticked.
    assert multi.choices == [
        ("Corruption", 3, True), ("Inequality", 3, True), ("Too much rain", 1, False), ("Football results", 1, False),
    ]
    assert single.choices[0].label == "Liquefied petroleum gas" and single.choices[0].correct


def test_negative_discrimination_is_flagged(questions, responses) -> None:
    single, tf, multi = item_analysis(questions, responses, [ANA, BO, CY, DI])
    assert single.flags == []  # 50 %, 30 %: fine
    assert tf.flags == [FLAG_NEGATIVE] == ["Negative discrimination: check the key"]
    assert multi.flags == []


def test_facility_thresholds_are_inclusive(pack) -> None:
    # 10 students: 9 get s-single right (facility 90 % -> too easy), 2 get s-tf right (20 % -> too hard).
    single, tf = questions = quiz_of(pack, "s-single", "s-tf")
    players = list(range(1, 11))
    responses = [answer(single, p, 0 if p <= 9 else 1) for p in players]
    responses += [answer(tf, p, p <= 2) for p in players]
    easy, hard = item_analysis(questions, responses, players)
    assert easy.facility == pytest.approx(90.0) and FLAG_TOO_EASY in easy.flags
    assert hard.facility == pytest.approx(20.0) and FLAG_TOO_HARD in hard.flags
    assert FLAG_TOO_HARD not in easy.flags and FLAG_TOO_EASY not in hard.flags


def test_weak_discrimination_is_flagged(pack) -> None:
    # 5 students, 2 items: right answers (0,0,0,1,1) and (0,0,1,0,1). Each item's rest is the other
    # item, and the correlation of these two is (0.2 - 0.16) / 0.24 = 1/6.
    single, tf = questions = quiz_of(pack, "s-single", "s-tf")
    rights = {"s-single": [0, 0, 0, 1, 1], "s-tf": [0, 0, 1, 0, 1]}
    responses = [answer(single, p, 0 if right else 2) for p, right in enumerate(rights["s-single"], 1)]
    responses += [answer(tf, p, bool(right)) for p, right in enumerate(rights["s-tf"], 1)]
    for item in item_analysis(questions, responses, [1, 2, 3, 4, 5]):
        assert item.facility == pytest.approx(40.0)
        assert item.discrimination == pytest.approx(100 / 6)
        assert item.flags == [FLAG_WEAK]


def test_zero_variance_gives_no_discrimination(pack) -> None:
    # Everybody right on s-single (facility 100 %), everybody wrong on s-tf (0 %).
    single, tf, multi = questions = quiz_of(pack, "s-single", "s-tf", "s-multi")
    responses = [answer(single, p, 0) for p in NICKNAMES] + [answer(tf, p, False) for p in NICKNAMES]
    responses += [answer(multi, ANA, [0, 1]), answer(multi, BO, [0]), answer(multi, CY, [0]), answer(multi, DI, [])]
    easy, hard, varied = item_analysis(questions, responses, list(NICKNAMES))
    assert (easy.facility, easy.discrimination, easy.efficiency, easy.flags) == (100.0, None, None, [FLAG_TOO_EASY])
    assert (hard.facility, hard.discrimination, hard.efficiency, hard.flags) == (0.0, None, None, [FLAG_TOO_HARD])
    # The rest of the quiz is the same for everybody on s-multi (1 + 0): no correlation either.
    assert varied.facility == 50.0 and varied.discrimination is None and varied.flags == []


def test_fewer_than_two_attempts(pack) -> None:
    single, tf = questions = quiz_of(pack, "s-single", "s-tf")
    responses = [answer(single, ANA, 0), answer(single, BO, 1), answer(tf, ANA, True)]
    _, one = item_analysis(questions, responses, [ANA, BO])  # Bo answered nothing from s-tf on: left out
    assert (one.attempts, one.facility, one.discrimination, one.efficiency) == (1, 100.0, None, None)
    assert one.flags == [FLAG_TOO_EASY]

    nobody, _ = item_analysis(questions, [answer(tf, ANA, True)], [ANA, BO])
    assert (nobody.attempts, nobody.facility, nobody.discrimination, nobody.flags) == (0, None, None, [])
    assert nobody.choices == [("Liquefied petroleum gas", 0, True), ("Coal", 0, False), ("Diesel", 0, False)]

    assert item_analysis(questions, [], []) == item_analysis(questions, responses, [])


def test_a_blank_counts_zero_as_in_moodle(pack) -> None:
    """25 students saw the question: 16 right, 6 wrong, 3 left it blank. Moodle's facility is 16/25 = 64.0 %;
    leaving the blanks out would give 16/22 = 72.7 %."""
    single, tf = questions = quiz_of(pack, "s-single", "s-tf")
    players = list(range(1, 26))
    responses = [answer(single, p, 0 if p <= 16 else 1 if p <= 22 else None) for p in players]
    responses += [answer(tf, p, p % 2 == 0) for p in players]
    item = item_analysis(questions, responses, players)[0]
    assert item.attempts == 25
    assert item.facility == pytest.approx(64.0)
    assert item.choices == [("Liquefied petroleum gas", 16, True), ("Coal", 6, False), ("Diesel", 0, False),
                            (NO_ANSWER, 3, False)]
    scores = [1.0] * 16 + [0.0] * 9
    rest = [float(p % 2 == 0) for p in players]
    assert item.discrimination == pytest.approx(100 * statistics.correlation(scores, rest))


def test_blanks_count_zero_in_the_items_figures(pack) -> None:
    single, tf, multi = questions = quiz_of(pack, "s-single", "s-tf", "s-multi")
    responses = [
        answer(single, ANA, 0), answer(tf, ANA, True), answer(multi, ANA, [0, 1]),  # 1, 1, 1
        answer(single, BO, 1), answer(tf, BO, False), answer(multi, BO, [0]),  # 0, 0, 0.5
        answer(tf, CY, True), answer(multi, CY, [2]),  # no answer to s-single but later ones: a blank; 1, 0
        answer(single, DI, None), answer(tf, DI, False), answer(multi, DI, [0, 1]),  # timed out: a blank; 0, 1
    ]
    first, second, _ = item_analysis(questions, responses, list(NICKNAMES))
    # s-single: Ana 1, Bo 0, Cy 0 (blank), Di 0 (blank); totals 3, 0.5, 1, 1.
    assert (first.attempts, first.facility) == (4, 25.0)
    assert first.discrimination == pytest.approx(100 * statistics.correlation([1, 0, 0, 0], [2, 0.5, 1, 1]))
    assert first.choices[-1] == (NO_ANSWER, 2, False)
    assert sum(choice.count for choice in first.choices) == 4
    assert second.attempts == 4
    assert second.discrimination == pytest.approx(100 * statistics.correlation([1, 0, 1, 0], [2, 0.5, 0, 1]))


def test_items_after_a_players_last_answer_and_items_nobody_answered_are_left_out(pack) -> None:
    single, _tf, multi = questions = quiz_of(pack, "s-single", "s-tf", "s-multi")
    responses = [answer(single, ANA, 0), answer(multi, ANA, [0, 1]),  # nobody answered s-tf: skipped
                 answer(single, BO, 1), answer(single, CY, 0)]  # Bo and Cy left after the first question
    first, skipped, last = item_analysis(questions, responses, [ANA, BO, CY])
    assert (first.attempts, first.facility) == (3, pytest.approx(200 / 3))
    assert (skipped.attempts, skipped.facility) == (0, None)
    assert (last.attempts, last.facility) == (1, 100.0)


def test_small_classes_get_a_warning(pack) -> None:
    single, tf = questions = quiz_of(pack, "s-single", "s-tf")
    few = item_analysis(questions, [answer(single, p, 0) for p in range(1, 10)], list(range(1, 10)))
    warning = small_class_warning(few)
    assert warning is not None and warning.startswith("Only 9 students answered.")
    assert 'before trusting a "negative discrimination" flag' in warning
    players = list(range(1, 13))
    mixed = item_analysis(questions, [answer(single, p, 0) for p in players] + [answer(tf, 1, True)], players)
    assert small_class_warning(mixed).startswith("One question had fewer than 10 answers.")
    enough = item_analysis(questions, [answer(q, p, 0 if q is single else True) for q in questions
                                       for p in players], players)
    assert small_class_warning(enough) is None
    assert small_class_warning([]) is None


def test_last_answer_counts_and_strangers_are_ignored(pack, questions, responses) -> None:
    single = questions[0]
    extra = [
        answer(single, DI, 0),  # Di changes her mind: now right, so single is 3/4 right
        answer(single, 99, 2),  # not a member of the class
        ClassResponse(ANA, "Ana", "not-in-quiz", 0, 1.0),  # not a question of this quiz
    ]
    item = item_analysis(questions, responses + extra, [ANA, BO, CY, DI])[0]
    assert (item.attempts, item.facility) == (4, 75.0)
    assert item.choices == [("Liquefied petroleum gas", 3, True), ("Coal", 1, False), ("Diesel", 0, False)]


def test_distribution_of_each_question_type(pack) -> None:
    order, match, short, tf, single = quiz_of(pack, "s-order", "s-match", "s-short", "s-tf", "s-single")

    ordered = [[0, 1, 2, 3], [1, 0, 2, 3], [3, 2, 1, 0], [0, 1, 2, 3], [0, 0]]
    responses = [answer(order, p, r) if r != [0, 0] else ClassResponse(p, "x", order.id, r, 0.0)
                 for p, r in enumerate(ordered, 1)]
    assert distribution(order, responses) == [
        ("Fully correct", 2, True), ("Partly correct", 1, False), ("Wrong", 1, False), (UNREADABLE, 1, False),
    ]

    matched = [[0, 1, 2], [1, 0, 2], [1, 2, 0], [None, None, None]]
    responses = [answer(match, p, r) for p, r in enumerate(matched, 1)]
    assert distribution(match, responses) == [("Fully correct", 1, True), ("Partly correct", 1, False),
                                              ("Wrong", 2, False)]

    typed = ["Zhanaözen", "zhanaozen!", " ZHANAOZEN ", "Almaty", "almaty.", "Janaozen", "Aktau", "Atyrau", "Oral",
             "", "?!"]
    responses = [answer(short, p, r) for p, r in enumerate(typed, 1)]
    # Grouped after normalising; top 5 by count, then alphabetically with blanks last among equals.
    assert distribution(short, responses) == [
        ("zhanaozen", 3, True), ("almaty", 2, False), ("(blank)", 2, False), ("aktau", 1, False), ("atyrau", 1, False),
    ]
    assert ("janaozen", 1, True) not in distribution(short, responses)
    assert distribution(short, responses[5:]) == [
        ("(blank)", 2, False), ("aktau", 1, False), ("atyrau", 1, False), ("janaozen", 1, True), ("oral", 1, False),
    ]

    responses = [answer(tf, 1, True), ClassResponse(2, "Bo", tf.id, 1, 0.0), ClassResponse(3, "Cy", tf.id, None, 0.0)]
    assert distribution(tf, responses) == [("True", 1, True), ("False", 0, False), (UNREADABLE, 1, False)]

    # Answers to other questions are ignored; each player counts once, with their last answer.
    responses = [answer(single, 1, 1), answer(single, 1, 0), answer(tf, 2, True), answer(single, 3, 2)]
    assert distribution(single, responses) == [("Liquefied petroleum gas", 1, True), ("Coal", 0, False),
                                               ("Diesel", 1, False)]


def test_objectives_pool_their_items(pack) -> None:
    questions = list(pack.questions)  # obj-price: single, multi, tf; obj-order: order, match, short
    by_id = pack.questions_by_id
    plan: dict[int, dict[str, Any]] = {
        # player: question -> response          obj-price scores    obj-order scores
        ANA: {"s-single": 0, "s-multi": [0, 1], "s-tf": True,  # 1, 1, 1
              "s-order": [0, 1, 2, 3], "s-match": [0, 1, 2], "s-short": "Zhanaozen"},  # 1, 1, 1
        BO: {"s-single": 0, "s-multi": [0], "s-tf": False,  # 1, 0.5, 0
             "s-order": [3, 2, 1, 0], "s-match": [0, 1, 2]},  # 0, 1, (no answer)
        CY: {"s-single": 1, "s-tf": True,  # 0, (no answer), 1
             "s-order": [1, 0, 2, 3], "s-match": [1, 0, 2], "s-short": "Almaty"},  # 5/6, 1/3, 0
    }
    responses = [answer(by_id[qid], player, response) for player, row in plan.items() for qid, response in row.items()]
    price, order = objective_analysis(pack, questions, responses)

    assert (price.objective_id, price.statement) == ("obj-price", "Fuel prices rose.")
    assert price.items == ["s-single", "s-multi", "s-tf"]
    assert price.attempts == 9  # Cy's blank s-multi counts (she answered later questions); Bo's s-short does not
    assert price.facility == pytest.approx(100 * (3 + 1.5 + 1) / 9)
    # Per student: objective score vs the other objective's score.
    assert price.discrimination == pytest.approx(100 * statistics.correlation([3, 1.5, 1], [3, 1, 5 / 6 + 1 / 3]))

    assert order.items == ["s-order", "s-match", "s-short"]
    assert order.attempts == 8
    assert order.facility == pytest.approx(100 * (3 + 1 + 5 / 6 + 1 / 3) / 8)
    assert order.discrimination == pytest.approx(100 * statistics.correlation([3, 1, 5 / 6 + 1 / 3], [3, 1.5, 1]))
    assert price.flags == order.flags == []

    only = objective_analysis(pack, [by_id["s-single"], by_id["s-tf"]], responses)
    assert [(o.objective_id, o.items, o.attempts) for o in only] == [("obj-price", ["s-single", "s-tf"], 6)]
    assert only[0].discrimination is None  # the whole quiz: nothing left to correlate with

    assert objective_analysis(pack, questions, responses, players=[ANA])[0].attempts == 3


def test_objective_flags_and_unknown_objectives(pack) -> None:
    stray = SingleChoice.model_validate({
        "id": "stray", "type": "single_choice", "topic": "causes", "objectives": ["obj-elsewhere", "obj-price"],
        "difficulty": 1, "prompt": "Pick one.", "explanation": "Because.",
        "options": [{"text": "Yes", "correct": True}, {"text": "No"}],
    })
    tf = pack.questions_by_id["s-tf"]
    responses = [answer(stray, p, 1) for p in NICKNAMES] + [answer(tf, p, True) for p in NICKNAMES]
    price, elsewhere = objective_analysis(pack, [stray, tf], responses)
    assert (price.objective_id, price.items, price.facility) == ("obj-price", ["stray", "s-tf"], 50.0)
    assert (elsewhere.objective_id, elsewhere.statement, elsewhere.items) == ("obj-elsewhere", "obj-elsewhere",
                                                                             ["stray"])
    assert elsewhere.facility == 0.0 and elsewhere.flags == [FLAG_TOO_HARD]

    # Whoever gets s-single right gets s-order wrong, and the other way round.
    single, ordering = pack.questions_by_id["s-single"], pack.questions_by_id["s-order"]
    responses = [answer(single, p, 0 if p > 2 else 1) for p in NICKNAMES]
    responses += [answer(ordering, p, [0, 1, 2, 3] if p <= 2 else [3, 2, 1, 0]) for p in NICKNAMES]
    price, order = objective_analysis(pack, [single, ordering], responses)
    assert price.discrimination == order.discrimination == pytest.approx(-100.0)
    assert price.flags == order.flags == [FLAG_NEGATIVE_OBJECTIVE]


def test_students_sorted_by_score_then_nickname(questions, responses) -> None:
    single = questions[0]
    extra = [ClassResponse(5, "ignored", single.id, 0, 1.0), ClassResponse(6, "bo", single.id, 0, 1.0),
             ClassResponse(6, "bo", questions[1].id, True, 1.0)]
    players = [(ANA, "Ana"), (BO, "Bo"), (CY, "Cy"), (DI, "Di"), (7, "Absent"), (6, "aa bo")]
    results = student_results(questions, responses + extra, players)

    assert [(r.nickname, r.total) for r in results] == [
        ("Ana", 3), ("aa bo", 2), ("Bo", 2), ("Cy", 1.5), ("Di", 1), ("Absent", 0),
    ]
    ana, _, bo, cy, _, absent = results
    assert (ana.player_id, ana.maximum, ana.percent, ana.scores) == (ANA, 3.0, 100.0, [1, 1, 1])
    assert bo.percent == pytest.approx(200 / 3) and bo.scores == [1, 0, 1]
    assert cy.scores == [0, 1, 0.5]
    assert (absent.total, absent.percent, absent.scores) == (0, 0.0, [None, None, None])
    assert results[1].scores == [1, 1, None]

    assert student_results([], responses, [(ANA, "Ana")])[0].percent == 0.0


def test_partial_scores_add_up_without_float_noise(pack) -> None:
    # 5/6 + 1/6 is not exactly 1.0 in floating point; totals must still tie.
    order, match, tf = questions = quiz_of(pack, "s-order", "s-match", "s-tf")
    responses = [
        ClassResponse(1, "A", order.id, [1, 0, 2, 3], 5 / 6), ClassResponse(1, "A", match.id, [0, 1, 2], 1 / 6),
        ClassResponse(2, "B", order.id, [0, 1, 2, 3], 1.0), ClassResponse(2, "B", match.id, [1, 2, 0], 0.0),
        ClassResponse(1, "A", tf.id, True, 1.0), ClassResponse(2, "B", tf.id, False, 0.0),
    ]
    results = student_results(questions, responses, [(1, "A"), (2, "B")])
    assert [r.total for r in results] == [2.0, 1.0]
    tf_item = item_analysis(questions, responses, [1, 2])[2]
    assert tf_item.discrimination is None  # both rests are exactly 1
