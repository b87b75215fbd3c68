"""The class's answers as students see them after Reveal: a table with bars, user text escaped."""

from __future__ import annotations

from quiz_app.screens.classroom.dashboard import _distribution_html


def test_typed_answers_are_escaped_and_the_correct_one_is_marked_in_words() -> None:
    page = _distribution_html((("Astana", 3, True), ("<img src=x onerror=alert(1)>", 1, False)))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "✓ Astana" in page and "(✓ correct)" in page  # not by colour alone
    assert "width:100.0%" in page and "width:33.3%" in page  # bars scaled to the most chosen answer
    assert page.count("<tr>") == 3 and "scope='row'" in page


def test_an_empty_count_gives_no_bar_and_no_division_by_zero() -> None:
    assert "width:0.0%" in _distribution_html((("A", 0, True),))
