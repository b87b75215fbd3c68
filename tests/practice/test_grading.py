import pytest

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
