"""Class quizzes in the store, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from quiz_app.classroom.live import InvalidAction
from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from quiz_app.store.schema import utcnow


@pytest.fixture
def teacher(store: Store):
    return teachers.add(store, "Teacher", "a long password")


def test_live_quiz_join_answer_once_and_leaderboard(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Class 9B", "sample", ["q1", "q2"], "live", timer_seconds=30)
    assert quiz.state.phase == "lobby" and len(quiz.code) == 6
    _, alice = rooms.join(store, quiz.code.lower(), " Alice ", "ip-1")
    _, bob = rooms.join(store, f"{quiz.code[:3]}-{quiz.code[3:]}", "Bob", "ip-2")
    assert alice.nickname == "Alice" and rooms.seat(store, alice.seat_token) == alice
    assert rooms.submit(store, quiz.id, alice.id, "q1", 0, 1.0)[0] == "not_current"  # still in the lobby
    rooms.act(store, quiz.id, teacher.id, "start")
    outcome, answer = rooms.submit(store, quiz.id, alice.id, "q1", 0, 1.0)
    assert outcome == "recorded" and answer.points > 900
    assert rooms.submit(store, quiz.id, alice.id, "q1", 1, 0.0)[0] == "duplicate"
    assert rooms.submit(store, quiz.id, bob.id, "q2", 1, 1.0)[0] == "not_current"
    rooms.submit(store, quiz.id, bob.id, "q1", 2, 0.0)
    assert [(a.player_id, a.score) for a in rooms.answers(store, quiz.id)] == [(alice.id, 1.0), (bob.id, 0.0)]
    assert rooms.player_count(store, quiz.id) == 2
    assert (rooms.answer_count(store, quiz.id, "q1"), rooms.answer_count(store, quiz.id, "q2")) == (2, 0)
    assert rooms.answered_players(store, quiz.id, "q1") == {alice.id, bob.id}
    assert rooms.answered_players(store, quiz.id, "q2") == frozenset()
    assert rooms.leaderboard(store, quiz.id)[0][0] == "Alice"
    rooms.act(store, quiz.id, teacher.id, "reveal")
    assert rooms.submit(store, quiz.id, bob.id, "q1", 0, 1.0)[0] in ("closed", "duplicate")


def test_answer_after_time_is_up_is_refused(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Timed", "sample", ["q1"], "live", timer_seconds=10)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip")
    started = rooms.act(store, quiz.id, teacher.id, "start").state.started_at
    late = started + dt.timedelta(seconds=11)
    assert rooms.submit(store, quiz.id, alice.id, "q1", 0, 1.0, now=late) == ("closed", None)


def test_nicknames_unique_per_quiz_after_normalising(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Names", "sample", ["q1"], "live")
    rooms.join(store, quiz.code, "Zhanaözen", "ip")
    for clash in ("zhanaozen", "  ZHANAÖZEN "):
        with pytest.raises(rooms.JoinRefused, match="already uses"):
            rooms.join(store, quiz.code, clash, "ip")
    other = rooms.create(store, teacher.id, "Other", "sample", ["q1"], "live")
    rooms.join(store, other.code, "Zhanaözen", "ip")  # another quiz: fine
    with pytest.raises(ValueError, match="invisible"):
        rooms.join(store, quiz.code, "a\u200bb", "ip")


def test_wrong_codes_are_limited_per_client(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Guess me", "sample", ["q1"], "live")
    for n in range(rooms.JOIN_FAILURES_PER_CLIENT):
        with pytest.raises(rooms.JoinRefused, match="No quiz has this code"):
            rooms.join(store, f"ZZZZ{n:02d}"[:6], "Mallory", "attacker")
    with pytest.raises(rooms.JoinRefused, match="Too many wrong codes"):
        rooms.join(store, quiz.code, "Mallory", "attacker")  # even the right code, for now
    rooms.join(store, quiz.code, "Alice", "classroom-laptop")  # other clients are not affected


def test_refusals_are_limited_per_code(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Busy", "sample", ["q1"], "live")
    rooms.join(store, quiz.code, "Alice", "ip-0")
    for n in range(rooms.JOIN_FAILURES_PER_CODE):
        with pytest.raises(rooms.JoinRefused, match="already uses"):
            rooms.join(store, quiz.code, "Alice", f"ip-{n}")
    with pytest.raises(rooms.JoinRefused, match="Too many refused attempts for this code"):
        rooms.join(store, quiz.code, "Bob", "fresh-ip")


def test_teacher_actions_are_owned_and_applied_once(store: Store, teacher) -> None:
    other = teachers.add(store, "Other", "a long password")
    quiz = rooms.create(store, teacher.id, "Mine", "sample", ["q1", "q2"], "live")
    with pytest.raises(InvalidAction, match="not yours"):
        rooms.act(store, quiz.id, other.id, "start")
    rooms.act(store, quiz.id, teacher.id, "start")
    with pytest.raises(InvalidAction):
        rooms.act(store, quiz.id, teacher.id, "start")  # a double click
    assert rooms.get(store, quiz.id).state.index == 0
    assert [q.id for q in rooms.of_teacher(store, teacher.id)] == [quiz.id]
    assert rooms.of_teacher(store, other.id) == []


def test_assignment_window(store: Store, teacher) -> None:
    now = utcnow()
    quiz = rooms.create(store, teacher.id, "Homework", "sample", ["q1", "q2"], "assignment",
                        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=1))
    _, alice = rooms.join(store, quiz.code, "Alice", "ip")
    assert rooms.submit(store, quiz.id, alice.id, "q2", 0, 1.0)[0] == "recorded"
    assert rooms.submit(store, quiz.id, alice.id, "q1", 0, 1.0, now=now + dt.timedelta(hours=2))[0] == "closed"
    ended = rooms.create(store, teacher.id, "Old", "sample", ["q1"], "assignment",
                         closes_at=now - dt.timedelta(minutes=1))
    with pytest.raises(rooms.JoinRefused, match="over"):
        rooms.join(store, ended.code, "Bob", "ip")


def _started(store: Store, teacher, title: str, *names: str):
    """A live quiz of two questions (20 s timer) with these students, its first question just opened."""
    quiz = rooms.create(store, teacher.id, title, "sample", ["q1", "q2"], "live", timer_seconds=20)
    players = [rooms.join(store, quiz.code, name, f"ip-{number}")[1] for number, name in enumerate(names)]
    return quiz, players, rooms.act(store, quiz.id, teacher.id, "start").state.started_at


def test_each_students_clock_starts_when_their_page_showed_the_question(store: Store, teacher) -> None:
    quiz, (early, late), opened = _started(store, teacher, "Fair", "Early", "Late")
    seconds = dt.timedelta(seconds=1)
    assert rooms.mark_shown(store, quiz.id, early.id, "q1", now=opened) == opened
    assert rooms.mark_shown(store, quiz.id, late.id, "q1", now=opened + 3 * seconds) == opened + 3 * seconds
    # a second draw (reload, second tab) keeps the first moment: the clock cannot be restarted
    assert rooms.mark_shown(store, quiz.id, late.id, "q1", now=opened + 9 * seconds) == opened + 3 * seconds
    first = rooms.submit(store, quiz.id, early.id, "q1", 0, 1.0, now=opened + 6 * seconds)[1]
    second = rooms.submit(store, quiz.id, late.id, "q1", 0, 1.0, now=opened + 9 * seconds)[1]
    assert first.points == second.points == 850
    rooms.act(store, quiz.id, teacher.id, "reveal")  # the end of the question closes it for everyone
    _, third = rooms.join(store, quiz.code, "Third", "ip-3")
    rooms.mark_shown(store, quiz.id, third.id, "q1", now=opened + 10 * seconds)
    assert rooms.submit(store, quiz.id, third.id, "q1", 0, 1.0, now=opened + 11 * seconds)[0] == "closed"


def test_the_send_moment_moves_the_clock_later_once(store: Store, teacher) -> None:
    quiz, (near, far), opened = _started(store, teacher, "Sent", "Near", "Far")
    seconds = dt.timedelta(seconds=1)
    for player in (near, far):  # the runs draw both pages at once ...
        rooms.mark_shown(store, quiz.id, player.id, "q1", now=opened)
    # ... and the pages leave the server 0.1 s and 3 s later: each clock starts there
    assert rooms.confirm_shown(store, quiz.id, near.id, "q1", now=opened + seconds / 10)
    assert rooms.confirm_shown(store, quiz.id, far.id, "q1", now=opened + 3 * seconds)
    assert rooms.shown_at(store, far.id, "q1") == opened + 3 * seconds
    # once only: a later send of the page (a rerun) cannot restart the clock
    assert not rooms.confirm_shown(store, quiz.id, far.id, "q1", now=opened + 4 * seconds)
    assert rooms.shown_at(store, far.id, "q1") == opened + 3 * seconds
    # the same thinking time after their own page showed it gives the same points
    first = rooms.submit(store, quiz.id, near.id, "q1", 0, 1.0, now=opened + seconds / 10 + 5 * seconds)[1]
    second = rooms.submit(store, quiz.id, far.id, "q1", 0, 1.0, now=opened + 8 * seconds)[1]
    assert first.points == second.points == 875


def test_a_send_moment_before_the_runs_record_is_kept(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Early script", "sample", ["q1"], "live", timer_seconds=20)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip-1")
    opened = rooms.act(store, quiz.id, teacher.id, "start").state.started_at
    seconds = dt.timedelta(seconds=1)
    # a send can be stamped before the run's own record is written (nothing to move then)
    assert rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=opened + seconds)
    assert rooms.mark_shown(store, quiz.id, alice.id, "q1", now=opened + 2 * seconds) == opened + seconds


def test_a_send_moment_never_moves_the_clock_earlier(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Not earlier", "sample", ["q1"], "live", timer_seconds=20)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip-1")
    opened = rooms.act(store, quiz.id, teacher.id, "start").state.started_at
    rooms.mark_shown(store, quiz.id, alice.id, "q1", now=opened + dt.timedelta(seconds=2))
    assert not rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=opened)
    assert rooms.shown_at(store, alice.id, "q1") == opened + dt.timedelta(seconds=2)


def test_a_second_device_keeps_the_first_devices_moment(store: Store, teacher) -> None:
    quiz, (alice, bob), opened = _started(store, teacher, "Two devices", "Alice", "Bob")
    seconds = dt.timedelta(seconds=1)
    assert rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=opened + seconds)  # her phone
    assert not rooms.confirm_shown(store, quiz.id, alice.id, "q1", now=opened + 5 * seconds)  # her laptop, later
    asked = [(alice.id, "q1"), (bob.id, "q1"), (alice.id, "q2")]
    assert rooms.shown_many(store, asked) == {(alice.id, "q1"): opened + seconds}  # Bob never saw it
    assert rooms.shown_many(store, []) == {}


@pytest.mark.parametrize("case", ["unknown quiz", "ended", "other question", "lobby", "reveal", "assignment"])
def test_a_send_moment_counts_only_for_the_open_question_of_its_quiz(store: Store, teacher, case: str) -> None:
    mode = "assignment" if case == "assignment" else "live"
    quiz = rooms.create(store, teacher.id, "Only open", "sample", ["q1", "q2"], mode, timer_seconds=20)
    _, alice = rooms.join(store, quiz.code, "Alice", "ip-1")
    if case not in ("lobby", "assignment"):
        rooms.act(store, quiz.id, teacher.id, "start")
    if case in ("reveal", "ended"):
        rooms.act(store, quiz.id, teacher.id, "reveal" if case == "reveal" else "end")
    quiz_id = 999_999 if case == "unknown quiz" else quiz.id
    question = "q2" if case == "other question" else "q1"
    assert not rooms.confirm_shown(store, quiz_id, alice.id, question)
    assert rooms.shown_at(store, alice.id, question) is None


def test_fingerprints_change_with_state_seats_and_answers(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Prints", "sample", ["q1"], "live")
    before = rooms.fingerprints(store, {quiz.id, 999_999})
    assert set(before) == {quiz.id}
    _, alice = rooms.join(store, quiz.code, "Alice", "ip")
    joined = rooms.fingerprints(store, {quiz.id})[quiz.id]
    rooms.act(store, quiz.id, teacher.id, "start")
    started = rooms.fingerprints(store, {quiz.id})[quiz.id]
    rooms.submit(store, quiz.id, alice.id, "q1", 0, 1.0)
    answered = rooms.fingerprints(store, {quiz.id})[quiz.id]
    assert len({before[quiz.id], joined, started, answered}) == 4
    assert rooms.fingerprints(store, set()) == {}


def test_the_running_quiz_is_the_newest_started_live_one(store: Store, teacher) -> None:
    lobby = rooms.create(store, teacher.id, "Waiting", "sample", ["q1"], "live")
    started = rooms.create(store, teacher.id, "Started", "sample", ["q1"], "live")
    rooms.create(store, teacher.id, "Homework", "sample", ["q1"], "assignment")
    rooms.act(store, started.id, teacher.id, "start")
    assert rooms.running(rooms.of_teacher(store, teacher.id)).id == started.id
    rooms.act(store, started.id, teacher.id, "end")
    assert rooms.running(rooms.of_teacher(store, teacher.id)).id == lobby.id
    later = utcnow() + dt.timedelta(hours=rooms.RUNNING_HOURS + 1)
    assert rooms.running(rooms.of_teacher(store, teacher.id), now=later) is None


def test_a_click_drawn_for_an_older_state_changes_nothing(store: Store, teacher) -> None:
    quiz = rooms.create(store, teacher.id, "Stale", "sample", ["q1", "q2", "q3"], "live")
    drawn = rooms.act(store, quiz.id, teacher.id, "start")
    rooms.act(store, quiz.id, teacher.id, "skip", expected_revision=drawn.revision)  # tab A
    with pytest.raises(InvalidAction, match="moved on meanwhile"):
        rooms.act(store, quiz.id, teacher.id, "skip", expected_revision=drawn.revision)  # tab B, same drawing
    assert rooms.get(store, quiz.id).state.index == 1
