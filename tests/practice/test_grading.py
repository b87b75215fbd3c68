import pytest

from quiz_app.bank.models import MultipleSelect
from quiz_app.practice.grading import InvalidResponse, correct_answer, correct_response, grade
from quiz_app.practice.shuffle import display_order


@pytest.mark.parametrize(
    ("question_id", "response", "score"),
    [
        ("s-single", 0, 1.0),
        ("s-single", 2, 0.0),
        ("s-multi", [0, 1], 1.0),
        ("s-multi", [0], 0.5),
        ("s-multi", [0, 2], 0.0),
        ("s-multi", [2, 3], 0.0),
        ("s-multi", [0, 1, 2], 0.5),
        ("s-multi", [], 0.0),
        ("s-tf", True, 1.0),
        ("s-tf", False, 0.0),
        ("s-order", [0, 1, 2, 3], 1.0),
        ("s-order", [3, 2, 1, 0], 0.0),
        ("s-order", [1, 0, 2, 3], 5 / 6),
        ("s-match", [0, 1, 2], 1.0),
        ("s-match", [1, 0, 2], 1 / 3),
        ("s-match", [None, None, None], 0.0),
        ("s-short", "  zhanaözen! ", 1.0),
        ("s-short", "JANAOZEN", 1.0),
        ("s-short", "Almaty", 0.0),
        ("s-short", "", 0.0),
    ],
)
def test_grade_with_partial_credit(pack, question_id, response, score) -> None:
    result = grade(pack.questions_by_id[question_id], response)
    assert result.score == pytest.approx(score)
    assert result.correct is (score == 1.0)


@pytest.mark.parametrize(
    ("question_id", "response"),
    [
        ("s-single", 7), ("s-single", True), ("s-single", "0"), ("s-multi", [9]), ("s-multi", "0"),
        ("s-tf", 1), ("s-order", [0, 0, 1, 2]), ("s-order", [0, 1]), ("s-match", [0, 1]),
        ("s-match", [0, 1, 5]), ("s-short", 3),
    ],
)
def test_malformed_responses_are_refused(pack, question_id, response) -> None:
    with pytest.raises(InvalidResponse):
        grade(pack.questions_by_id[question_id], response)


def test_correct_response_earns_full_marks_and_answer_text(pack) -> None:
    for question in pack.questions:
        assert grade(question, correct_response(question)).correct
        assert correct_answer(question)
    assert correct_answer(pack.questions_by_id["s-multi"]) == ["Corruption", "Inequality"]


def test_display_order_is_a_stable_permutation(pack) -> None:
    for question in pack.questions:
        order = display_order(question, "session-1")
        assert order == display_order(question, "session-1")
        if question.type in ("true_false", "short_answer"):
            assert order == []
        else:
            assert sorted(order) == list(range(len(order)))
    orders = {tuple(display_order(pack.questions_by_id["s-order"], f"s{n}")) for n in range(30)}
    assert len(orders) > 1 and (0, 1, 2, 3) not in orders


def _weighted(*options: tuple[str, float | bool]) -> MultipleSelect:
    """A multiple-select question; each option has a weight, or (unweighted) True/False for correct."""
    return MultipleSelect.model_validate({
        "id": "w", "type": "multiple_select", "topic": "causes", "objectives": ["obj-price"], "difficulty": 2,
        "prompt": "Pick.", "explanation": "Because.",
        "options": [{"text": text, "correct": mark} if isinstance(mark, bool) else
                    {"text": text, "correct": mark > 0, "weight": mark} for text, mark in options]})


@pytest.mark.parametrize(("chosen", "moodle", "default_rule"), [
    # Moodle's example: "~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father".
    ([1, 2], 1.0, 1.0), ([1], 0.5, 0.5), ([1, 0], 0.0, 0.0), ([0, 1, 2, 3], 0.0, 0.0), ([], 0.0, 0.0),
])
def test_weights_grade_as_moodle_and_equal_weights_as_the_default_rule(chosen, moodle, default_rule) -> None:
    weighted = _weighted(("No one", -100), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", -100))
    assert grade(weighted, chosen).score == pytest.approx(moodle)
    unweighted = _weighted(("No one", False), ("Grant", True), ("Grant's wife", True), ("Grant's father", False))
    assert grade(unweighted, chosen).score == pytest.approx(default_rule)


@pytest.mark.parametrize(("chosen", "score"), [
    ([0], 0.6), ([0, 1], 1.0), ([0, 2], 0.6),  # a 0 % option costs nothing (the default rule would take 1/2)
    ([0, 3], 0.1), ([1, 3], 0.0),  # never below 0
    ([0, 1, 2], 1.0), ([0, 1, 3], 0.5),
])
def test_unequal_weights(chosen, score) -> None:
    question = _weighted(("Zhanaozen", 60), ("Aktau", 40), ("Paris", 0), ("Tashkent", -50))
    assert grade(question, chosen).score == pytest.approx(score)


def test_thirds_add_up_to_full_marks() -> None:
    question = _weighted(("A", 33.33333), ("B", 33.33333), ("C", 33.33333), ("D", -100))
    assert grade(question, [0, 1, 2]).score == 1.0 and grade(question, [0, 1, 2]).correct
    assert grade(question, [0, 1]).score == pytest.approx(0.6666666)
    assert correct_answer(question) == ["A (33.3333 %)", "B (33.3333 %)", "C (33.3333 %)"]
