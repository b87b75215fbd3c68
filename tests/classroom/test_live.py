import datetime as dt

import pytest

from quiz_app.classroom.codes import ALPHABET, LENGTH, looks_valid, new_code, normalise_code
from quiz_app.classroom.live import (
    GRACE_SECONDS,
    InvalidAction,
    LiveState,
    accepting,
    apply,
    personal,
    points,
    seconds_left,
)

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_whole_live_quiz() -> None:
    state = LiveState("lobby", -1, 2, timer_seconds=20)
    state = apply(state, "start", at(0))
    assert (state.phase, state.index) == ("question", 0) and accepting(state, at(5))
    assert not accepting(state, at(21))  # time is up
    state = apply(state, "reveal", at(21))
    assert not accepting(state, at(22))
    state = apply(state, "leaderboard", at(25))
    state = apply(state, "next", at(30))
    assert (state.phase, state.index, state.started_at) == ("question", 1, at(30))
    state = apply(state, "reveal", at(35))
    state = apply(state, "next", at(36))
    assert state.phase == "ended"
    with pytest.raises(InvalidAction):
        apply(state, "start", at(40))


def test_pause_stops_the_timer_and_answers() -> None:
    state = apply(LiveState("lobby", -1, 3, timer_seconds=20), "start", at(0))
    state = apply(state, "pause", at(5))
    assert not accepting(state, at(6)) and seconds_left(state, at(100)) == 15
    with pytest.raises(InvalidAction, match="paused"):
        apply(state, "reveal", at(7))
    state = apply(state, "resume", at(60))
    assert seconds_left(state, at(60)) == 15 and accepting(state, at(70))


@pytest.mark.parametrize(("phase", "action"), [("lobby", "reveal"), ("lobby", "next"), ("question", "next"),
                                               ("question", "leaderboard"), ("reveal", "skip"),
                                               ("leaderboard", "reveal")])
def test_actions_out_of_turn_are_refused(phase, action) -> None:
    with pytest.raises(InvalidAction):
        apply(LiveState(phase, 0, 3, started_at=T0), action, at(1))


def test_skip_and_end() -> None:
    state = apply(LiveState("lobby", -1, 3), "start", at(0))
    assert apply(state, "skip", at(1)).index == 1
    assert apply(state, "end", at(1)).phase == "ended"


def test_points_reward_right_and_fast() -> None:
    timed = apply(LiveState("lobby", -1, 1, timer_seconds=20), "start", at(0))
    assert points(1.0, timed, at(0)) == 1000 and points(1.0, timed, at(10)) == 750
    assert points(0.5, timed, at(20)) == 250 and points(0.0, timed, at(1)) == 0
    untimed = apply(LiveState("lobby", -1, 1), "start", at(0))
    assert points(1.0, untimed, at(99)) == 1000 and accepting(untimed, at(9999))


def test_join_codes() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(looks_valid(c) and len(c) == LENGTH for c in codes)
    assert not set("01OIL") & set(ALPHABET)
    assert normalise_code(" abc-def ") == "ABCDEF"
    assert not looks_valid("ABC") and not looks_valid("ABCDE0")


def test_two_students_shown_the_question_3_s_apart_get_the_same_points_for_the_same_time() -> None:
    state = apply(LiveState("lobby", -1, 2, timer_seconds=20), "start", at(0))
    early = personal(state, at(0.2))  # this phone got the question at once
    late = personal(state, at(3.2))  # this one 3 s later
    assert points(1.0, early, at(0.2 + 6)) == points(1.0, late, at(3.2 + 6)) == 850
    assert seconds_left(early, at(10.2)) == seconds_left(late, at(13.2)) == 10  # the timer each one sees
    assert accepting(late, at(21)) and not accepting(early, at(21))  # each has the whole 20 s


def test_the_grace_is_capped_so_holding_back_a_page_gains_nothing_more() -> None:
    state = apply(LiveState("lobby", -1, 2, timer_seconds=20), "start", at(0))
    stalling = personal(state, at(60))  # opened the page a minute late
    assert stalling.started_at == at(GRACE_SECONDS)
    assert not accepting(stalling, at(20 + GRACE_SECONDS + 0.1))  # the latest anyone can answer
    assert not accepting(stalling, at(60))  # by the time the page showed, the time was up
    assert personal(state, at(-1)).started_at == at(0)  # a clock never starts before the question opened
    assert personal(state, None) == state  # never drawn: the class's clock


def test_the_end_of_the_question_closes_it_for_everyone() -> None:
    state = apply(LiveState("lobby", -1, 2, timer_seconds=20), "start", at(0))
    late = personal(state, at(3))
    assert accepting(late, at(4))
    revealed = apply(state, "reveal", at(4))
    for shown in (at(0), at(3), None):
        assert not accepting(personal(revealed, shown), at(4.1))
    untimed = apply(LiveState("lobby", -1, 1), "start", at(0))
    assert not accepting(personal(apply(untimed, "end", at(9)), at(1)), at(9.5))
