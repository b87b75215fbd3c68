"""The study pages' charts (Altair): what each shows is said in its title, counts have whole-number
axes, and colours come from the Okabe-Ito palette, which colour-blind readers can tell apart; where
colour carries meaning, a text label on the bar says it too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

BLUE, ORANGE, GREY = "#0072B2", "#D55E00", "#5b5e66"  # Okabe-Ito blue and vermillion; a dark grey for text
MASTERED, NOT_YET = "Mastered", "Not yet"


@dataclass(frozen=True)
class QuizPoint:
    """One finished quiz on the score-over-time chart."""

    number: int
    finished: dt.datetime
    percent: float
    questions: int


def _percent_axis(title: str) -> alt.X:
    return alt.X("Percent:Q", scale=alt.Scale(domain=[0, 100]), title=title,
                 axis=alt.Axis(values=[0, 25, 50, 75, 100], format="d", labelExpr="datum.value + '%'"))


def _bar_labels(base: alt.Chart) -> alt.LayerChart:
    """Each bar's figure: inside the bar's end when it is long, else just after it (never clipped)."""
    inside = base.transform_filter("datum.Percent >= 60").mark_text(align="right", dx=-6, color="white",
                                                                    fontWeight="bold")
    outside = base.transform_filter("datum.Percent < 60").mark_text(align="left", dx=4, color=GREY)
    return inside.encode(x="Percent:Q", text="Label:N") + outside.encode(x="Percent:Q", text="Label:N")


def topic_scores(rows: Sequence[tuple[str, float, int]]) -> alt.LayerChart:
    """Bars of the percent of marks per topic in one quiz; ``rows`` are (topic, percent, questions).

    Every bar carries its figure as text, so a topic at 0 % (no bar) still shows "0%".
    """
    frame = pd.DataFrame([{"Topic": t, "Percent": p, "Questions": n,
                           "Label": f"{p:.0f}% of {n} question{'s' * (n != 1)}"} for t, p, n in rows])
    base = alt.Chart(frame).encode(
        y=alt.Y("Topic:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)))
    bars = base.mark_bar(color=BLUE).encode(
        x=_percent_axis("Marks (%)"),
        tooltip=["Topic", alt.Tooltip("Percent:Q", format=".0f", title="Marks (%)"), "Questions"])
    return (bars + _bar_labels(base)).properties(title="Your marks per topic in this quiz", height=alt.Step(34))


def scores_over_time(points: list[QuizPoint]) -> alt.LayerChart:
    """Percent of marks per finished quiz, numbered in order (dates in the tooltip)."""
    frame = pd.DataFrame([{"Quiz": p.number, "Percent": p.percent, "Questions": p.questions,
                           "Finished": p.finished.strftime("%d %b %Y, %H:%M")} for p in points])
    base = alt.Chart(frame).encode(
        x=alt.X("Quiz:O", title="Quiz (in the order you took them)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Percent:Q", scale=alt.Scale(domain=[0, 100]), title="Marks (%)",
                axis=alt.Axis(values=[0, 25, 50, 75, 100], format="d")),
        tooltip=["Quiz", "Finished", alt.Tooltip("Percent:Q", format=".0f", title="Marks (%)"), "Questions"])
    return (base.mark_line(color=BLUE) + base.mark_point(color=BLUE, filled=True, size=70)).properties(
        title="Your score in each quiz")


def mastery(rows: list[tuple[str, float, int, bool]]) -> alt.LayerChart:
    """Recent score per topic; ``rows`` are (topic, percent, answers, mastered). Mastered or not is
    told by colour and by the text on the bar."""
    frame = pd.DataFrame([{"Topic": t, "Percent": p, "Answers": n, "Status": MASTERED if m else NOT_YET,
                           "Label": f"{p:.0f}% · {MASTERED.lower() if m else 'not yet'}"
                           + ("" if n else " (no answers)")} for t, p, n, m in rows])
    base = alt.Chart(frame).encode(
        y=alt.Y("Topic:N", title=None, axis=alt.Axis(labelLimit=160)))
    bars = base.mark_bar().encode(
        x=_percent_axis("Recent score (%)"),
        color=alt.Color("Status:N", scale=alt.Scale(domain=[MASTERED, NOT_YET], range=[BLUE, ORANGE]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=["Topic", "Answers", alt.Tooltip("Percent:Q", format=".0f", title="Recent score (%)"), "Status"])
    return (bars + _bar_labels(base)).properties(title="Recent score per topic", height=alt.Step(34))


def cards_due(counts: list[tuple[dt.date, int]]) -> alt.Chart:
    """Cards coming due per day; whole numbers on the count axis."""
    frame = pd.DataFrame([{"Day": day.strftime("%a %d %b"), "Order": n, "Cards": count}
                          for n, (day, count) in enumerate(counts)])
    most = max((c for _, c in counts), default=0)
    return alt.Chart(frame, title="Flashcards due each day").mark_bar(color=BLUE).encode(
        x=alt.X("Day:N", sort=alt.EncodingSortField("Order"), title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("Cards:Q", title="Cards", scale=alt.Scale(domain=[0, max(most, 4)]),
                axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=["Day", "Cards"])
