"""The study charts say what they show, count in whole numbers, and do not rely on colour alone."""

import datetime as dt

from quiz_app.screens.study import charts


def _layers(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec.get("layer", [spec])


def test_a_topic_at_zero_still_shows_its_figure() -> None:
    chart = charts.topic_scores([("Causes", 0.0, 2), ("Events", 75.0, 4)])
    assert chart.to_dict()["title"] == "Your marks per topic in this quiz"
    labels = [row["Label"] for row in chart.to_dict()["datasets"].popitem()[1]]
    assert labels == ["0% of 2 questions", "75% of 4 questions"]


def test_mastery_is_told_by_words_and_colour_blind_safe_colours() -> None:
    chart = charts.mastery([("Causes", 90.0, 5, True), ("Events", 0.0, 0, False)])
    bars = _layers(chart)[0]
    scale = bars["encoding"]["color"]["scale"]
    assert scale == {"domain": ["Mastered", "Not yet"], "range": [charts.BLUE, charts.ORANGE]}
    labels = [row["Label"] for row in chart.to_dict()["datasets"].popitem()[1]]
    assert labels == ["90% · mastered", "0% · not yet (no answers)"]


def test_cards_due_count_in_whole_cards() -> None:
    today = dt.date(2026, 12, 1)
    spec = charts.cards_due([(today, 1), (today + dt.timedelta(days=1), 0)]).to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 4]  # no 0.5-card ticks for small counts


def test_scores_over_time_are_numbered_quizzes_not_clock_times() -> None:
    points = [charts.QuizPoint(n, dt.datetime(2026, 12, 1, 9, n), 50.0 + n, 10) for n in (1, 2)]
    line = _layers(charts.scores_over_time(points))[0]
    assert line["encoding"]["x"]["field"] == "Quiz" and line["encoding"]["x"]["type"] == "ordinal"
