"""The live quiz as a state machine: phases, teacher actions, timer, and points. Pure functions.

Phases: ``lobby`` → ``question`` → ``reveal`` → ``leaderboard`` → ``question`` ... → ``ended``.
The teacher may pause (the timer stops), skip a question, or end at any time.

Fair timing: each student's clock for a question starts when *that student's* page showed it
(:func:`personal`), not when the teacher opened it, so a page that got the question late loses
neither time nor points. The delay counted is capped at :data:`GRACE_SECONDS`, so a student who
holds back their own page cannot buy more than that; the teacher's Reveal, Skip, Next or End closes
the question for everyone at once, whatever their clock says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

PHASES = ("lobby", "question", "reveal", "leaderboard", "ended")
ACTIONS = ("start", "reveal", "leaderboard", "next", "skip", "pause", "resume", "end")


# The longest delivery delay a student's clock forgives. Measured (benchmarks/bench_classroom.py,
# README "Figures", on the shared two-core machine): with pushed updates every page of a class of 100
# had the question within 3.3 s on one server and 2.9 s on two; 200 students on one overloaded
# server took up to 10 s. 5 s covers the classes the app is meant for with room for a phone waking
# up, and caps what a student who holds back their own page can gain; a page later than that starts
# its clock 5 s after the class's, no later (it loses the rest, as every page did before).
GRACE_SECONDS = 5.0


class InvalidAction(ValueError):
    """The action does not apply in the current phase (e.g. a second click already moved on)."""


@dataclass(frozen=True)
class LiveState:
    """Where a live quiz is. ``index`` is the current question (-1 in the lobby)."""

    phase: str
    index: int
    total: int
    started_at: dt.datetime | None = None  # when the current question opened (shifted by pauses)
    paused_at: dt.datetime | None = None
    timer_seconds: int | None = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


def _open_question(state: LiveState, index: int, now: dt.datetime) -> LiveState:
    if index >= state.total:
        return replace(state, phase="ended", paused_at=None)
    return replace(state, phase="question", index=index, started_at=now, paused_at=None)


def apply(state: LiveState, action: str, now: dt.datetime) -> LiveState:
    """The state after the teacher's ``action``; raises :class:`InvalidAction` if it does not apply."""
    phase = state.phase
    if phase == "ended":
        raise InvalidAction("The quiz has ended.")
    if action == "end":
        return replace(state, phase="ended", paused_at=None)
    if action == "pause" and not state.paused:
        return replace(state, paused_at=now)
    if action == "resume" and state.paused:
        shift = now - state.paused_at if state.paused_at else dt.timedelta()
        started = state.started_at + shift if state.started_at else None
        return replace(state, paused_at=None, started_at=started)
    if state.paused:
        raise InvalidAction("The quiz is paused; resume it first.")
    if action == "start" and phase == "lobby":
        return _open_question(state, 0, now)
    if action == "reveal" and phase == "question":
        return replace(state, phase="reveal")
    if action == "leaderboard" and phase == "reveal":
        return replace(state, phase="leaderboard")
    if action == "next" and phase in ("reveal", "leaderboard"):
        return _open_question(state, state.index + 1, now)
    if action == "skip" and phase == "question":
        return _open_question(state, state.index + 1, now)
    raise InvalidAction(f"'{action}' is not possible while the quiz is at '{phase}'.")


def seconds_left(state: LiveState, now: dt.datetime) -> float | None:
    """Seconds until the current question's timer runs out (None without a timer)."""
    if state.timer_seconds is None or state.started_at is None or state.phase != "question":
        return None
    clock = state.paused_at or now
    return max(0.0, state.timer_seconds - (clock - state.started_at).total_seconds())


def accepting(state: LiveState, now: dt.datetime) -> bool:
    """Whether an answer to the current question is accepted at ``now``."""
    if state.phase != "question" or state.paused:
        return False
    left = seconds_left(state, now)
    return left is None or left > 0


def points(score: float, state: LiveState, answered_at: dt.datetime) -> int:
    """Leaderboard points: up to 1000 for a full score; with a timer, half of them reward speed."""
    if score <= 0:
        return 0
    left = seconds_left(state, answered_at)
    if left is None or not state.timer_seconds:
        return round(1000 * score)
    return round(score * (500 + 500 * left / state.timer_seconds))


def personal(state: LiveState, shown_at: dt.datetime | None) -> LiveState:
    """The quiz as one student's clock sees it: the current question opened for them at ``shown_at``
    (when their page first showed it), at most :data:`GRACE_SECONDS` after it opened for the class.

    Use the result for that student's :func:`seconds_left`, :func:`accepting` and :func:`points`.
    Without ``shown_at`` (the page never drew it) the class's clock applies.
    """
    if state.phase != "question" or state.started_at is None or shown_at is None:
        return state
    delay = min(max(0.0, (shown_at - state.started_at).total_seconds()), GRACE_SECONDS)
    return replace(state, started_at=state.started_at + dt.timedelta(seconds=delay))
