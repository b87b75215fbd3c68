"""The learner's answer in words, each part marked right or wrong, for every question type."""

import pytest

from quiz_app.bank import Pack
from quiz_app.practice.responses import Line, describe


@pytest.mark.parametrize(("question_id", "response", "lines"), [
    ("s-single", 1, [Line("Coal", False)]),
    ("s-single", 0, [Line("Liquefied petroleum gas", True)]),
    ("s-multi", [2, 0], [Line("Corruption", True), Line("Too much rain", False)]),
    ("s-multi", [], [Line("(no option chosen)", False)]),
    ("s-tf", False, [Line("False", False)]),
    ("s-order", [1, 0, 2, 3], [Line("1. Second", False), Line("2. First", False), Line("3. Third", True),
                               Line("4. Fourth", True)]),
    ("s-match", [1, None, 2], [Line("A → 2", False), Line("B → (no choice)", False), Line("C → 3", True)]),
    ("s-short", "Almaty", [Line("Almaty")]),
])
def test_each_type_says_what_was_answered(pack: Pack, question_id: str, response, lines) -> None:
    assert describe(pack.questions_by_id[question_id], response) == lines


@pytest.mark.parametrize(("question_id", "response"), [
    ("s-single", 9), ("s-single", True), ("s-multi", "x"), ("s-tf", 1), ("s-order", None), ("s-match", [0]),
    ("s-short", 3),
])
def test_a_response_of_the_wrong_shape_gives_no_lines(pack: Pack, question_id: str, response) -> None:
    assert describe(pack.questions_by_id[question_id], response) == []
