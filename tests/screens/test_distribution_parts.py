"""The class's answers as students see them after Reveal: a table with bars, user text escaped."""

from __future__ import annotations

import altair as alt

from quiz_app.screens.classroom.dashboard import _distribution_html, distribution_spec


def test_typed_answers_are_escaped_and_the_correct_one_is_marked_in_words() -> None:
    page = _distribution_html((("Astana", 3, True), ("<img src=x onerror=alert(1)>", 1, False)))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "✓ Astana" in page and "(✓ correct)" in page  # not by colour alone
    assert "width:100.0%" in page and "width:33.3%" in page  # bars scaled to the most chosen answer
    assert page.count("<tr>") == 3 and "scope='row'" in page


def test_an_empty_count_gives_no_bar_and_no_division_by_zero() -> None:
    assert "width:0.0%" in _distribution_html((("A", 0, True),))


def test_the_teachers_chart_is_valid_vega_lite_in_whole_numbers_with_the_correct_answer_marked() -> None:
    spec = distribution_spec([("Astana", 3, True), ("Almaty", 0, False)])
    alt.Chart.from_dict(spec)  # Altair's schema validation, here in the test instead of on every dashboard run
    assert spec["data"]["values"] == [{"Answer": "Astana", "Students": 3, "Correct": "Correct"},
                                      {"Answer": "Almaty", "Students": 0, "Correct": "Wrong"}]
    x = spec["encoding"]["x"]
    assert x["axis"]["format"] == "d" and x["axis"]["values"] == [0, 1, 2, 3] and x["scale"]["domain"] == [0, 3]
    assert spec["encoding"]["color"]["scale"] == {"domain": ["Correct", "Wrong"], "range": ["#2e7d32", "#9e9e9e"]}
    assert spec["encoding"]["y"]["sort"] is None  # the options in the question's order


def test_an_empty_or_unmarked_chart_has_an_axis_to_one_and_no_colours() -> None:
    spec = distribution_spec([("A", 0, True)], marked=False)
    alt.Chart.from_dict(spec)
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 1]  # never a lone "0.000000"
    assert "color" not in spec["encoding"]
    spec["data"]["values"].clear()  # each call gets its own copy of the cached spec
    assert distribution_spec([("A", 0, True)], marked=False)["data"]["values"]
