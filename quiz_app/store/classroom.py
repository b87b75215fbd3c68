"""Class quizzes in the database: creation, teacher actions, seats, answers. All state lives here,
so several app servers sharing one PostgreSQL see the same quiz.

Reads of one statement use :meth:`Store.read` (autocommit: one round trip instead of BEGIN, the
query and COMMIT): a whole class's pages read the quiz at once when the teacher moves on.

Every change a page should see at once (a teacher action, a seat taken, an answer recorded) is
announced with :func:`quiz_app.store.live_events.announce` inside its own transaction (PostgreSQL
``NOTIFY`` reaches every server exactly when the change commits).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from quiz_app.bank.text import normalise
from quiz_app.classroom import live
from quiz_app.classroom.codes import looks_valid, new_code, normalise_code
from quiz_app.names import clean_name
from quiz_app.store import attempts
from quiz_app.store.live_events import announce
from quiz_app.store.schema import ClassAnswer, ClassQuiz, Player, QuestionView, utcnow
from quiz_app.store.store import Store

JOIN_FAILURES_PER_CLIENT = 10  # wrong codes from one client in the attempts window
JOIN_FAILURES_PER_CODE = 30  # refused joins into one code (e.g. nickname clashes) in the window


class JoinRefused(ValueError):
    """A join that cannot happen; the message tells the student what to do."""


@dataclass(frozen=True)
class QuizInfo:
    id: int
    code: str
    teacher_id: int
    title: str
    pack_id: str
    question_ids: list[str]
    mode: str
    timer_seconds: int | None
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    state: live.LiveState
    revision: int
    created_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        """For assignments: inside the start/close window."""
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    @property
    def current_question(self) -> str | None:
        index = self.state.index
        return self.question_ids[index] if 0 <= index < len(self.question_ids) else None


@dataclass(frozen=True)
class PlayerInfo:
    id: int
    quiz_id: int
    nickname: str
    seat_token: str


@dataclass(frozen=True)
class ClassAnswerInfo:
    player_id: int
    question_id: str
    response: Any
    score: float
    points: int
    answered_at: dt.datetime


def _quiz(row: ClassQuiz) -> QuizInfo:
    state = live.LiveState(row.phase, row.current_index, len(row.question_ids), row.question_started_at,
                           row.paused_at, row.timer_seconds)
    return QuizInfo(row.id, row.code, row.teacher_id, row.title, row.pack_id, list(row.question_ids), row.mode,
                    row.timer_seconds, row.opens_at, row.closes_at, state, row.revision, row.created_at)


def create(store: Store, teacher_id: int, title: str, pack_id: str, question_ids: list[str], mode: str,
           timer_seconds: int | None = None, opens_at: dt.datetime | None = None,
           closes_at: dt.datetime | None = None) -> QuizInfo:
    """A new class quiz with a fresh join code (retried on the rare clash)."""
    if mode not in ("live", "assignment") or not question_ids:
        raise ValueError("a class quiz needs a mode (live or assignment) and at least one question")
    for _ in range(10):
        try:
            with store.unit() as session:
                row = ClassQuiz(code=new_code(), teacher_id=teacher_id, title=title[:120], pack_id=pack_id,
                                question_ids=question_ids, mode=mode, timer_seconds=timer_seconds,
                                opens_at=opens_at, closes_at=closes_at,
                                phase="lobby" if mode == "live" else "question", current_index=-1)
                session.add(row)
                session.flush()
                return _quiz(row)
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def get(store: Store, quiz_id: int) -> QuizInfo | None:
    with store.read() as session:
        row = session.get(ClassQuiz, quiz_id)
        return _quiz(row) if row else None


def by_code(store: Store, code: str) -> QuizInfo | None:
    code = normalise_code(code)
    if not looks_valid(code):
        return None
    with store.read() as session:
        row = session.scalar(select(ClassQuiz).where(ClassQuiz.code == code))
        return _quiz(row) if row else None


def of_teacher(store: Store, teacher_id: int) -> list[QuizInfo]:
    """The teacher's quizzes, newest first."""
    with store.read() as session:
        rows = session.scalars(select(ClassQuiz).where(ClassQuiz.teacher_id == teacher_id)
                               .order_by(ClassQuiz.id.desc()))
        return [_quiz(row) for row in rows]


RUNNING_HOURS = 12  # a live quiz not ended and created this recently counts as the one running


def running(quizzes: list[QuizInfo], now: dt.datetime | None = None) -> QuizInfo | None:
    """The teacher's live quiz that is under way (newest first; started ones before lobbies), if any:
    where a teacher lands after logging in or opening the projector view."""
    now = now or utcnow()
    recent = [q for q in quizzes if q.mode == "live" and q.state.phase != "ended"
              and now - q.created_at < dt.timedelta(hours=RUNNING_HOURS)]
    started = [q for q in recent if q.state.phase != "lobby"]
    pool = started or recent
    return max(pool, key=lambda q: q.id) if pool else None


def act(store: Store, quiz_id: int, teacher_id: int, action: str, now: dt.datetime | None = None,
        expected_revision: int | None = None) -> QuizInfo:
    """Apply a teacher action; concurrent clicks (two tabs, two servers) apply only once.

    ``expected_revision`` is the revision the teacher's page showed when the button was drawn: if
    the quiz moved on since (another tab skipped meanwhile), the click is refused rather than
    applied to a question the teacher never saw. Raises :class:`live.InvalidAction` when the action
    does not apply any more.
    """
    now = now or utcnow()
    with store.unit() as session:
        row = session.get(ClassQuiz, quiz_id)
        if row is None or row.teacher_id != teacher_id:
            raise live.InvalidAction("This quiz is not yours.")
        if expected_revision is not None and row.revision != expected_revision:
            raise live.InvalidAction("The quiz moved on meanwhile (another tab or device): nothing was changed. "
                                     "Look again.")
        before = _quiz(row)
        after = live.apply(before.state, action, now)
        changed = session.execute(
            update(ClassQuiz).where(ClassQuiz.id == quiz_id, ClassQuiz.revision == before.revision).values(
                phase=after.phase, current_index=after.index, question_started_at=after.started_at,
                paused_at=after.paused_at, revision=before.revision + 1)
            .execution_options(synchronize_session=False))
        if changed.rowcount != 1:
            raise live.InvalidAction("Someone else changed the quiz at the same moment; look again.")
        announce(session, quiz_id, "state", revision=before.revision + 1)
    result = get(store, quiz_id)
    assert result is not None
    return result


def check_join_allowed(store: Store, client: str, code: str) -> None:
    """Refuse (with a wait message) when this client or this code has failed too often lately."""
    failures, _ = attempts.recent_failures(store, "join", client=client)
    if failures >= JOIN_FAILURES_PER_CLIENT:
        raise JoinRefused("Too many wrong codes from this device. Please wait 15 minutes or ask your teacher.")
    failures, _ = attempts.recent_failures(store, "join", target=normalise_code(code))
    if failures >= JOIN_FAILURES_PER_CODE:
        raise JoinRefused("Too many refused attempts for this code. Please wait a few minutes.")


def join(store: Store, code: str, raw_nickname: str, client: str) -> tuple[QuizInfo, PlayerInfo]:
    """Take a seat in the quiz with this code; raises :class:`JoinRefused` with a message."""
    check_join_allowed(store, client, code)
    quiz = by_code(store, code)
    if quiz is None:
        attempts.record(store, "join", client, normalise_code(code), False)
        raise JoinRefused("No quiz has this code. Check it with your teacher.")
    if quiz.state.phase == "ended" or (quiz.mode == "assignment" and quiz.closes_at and utcnow() >= quiz.closes_at):
        raise JoinRefused("This quiz is over.")
    nickname = clean_name(raw_nickname)
    try:
        with store.unit() as session:
            row = Player(quiz_id=quiz.id, nickname=nickname, nickname_key=normalise(nickname) or nickname.casefold(),
                         seat_token=secrets.token_urlsafe(24))
            session.add(row)
            session.flush()
            player = PlayerInfo(row.id, row.quiz_id, row.nickname, row.seat_token)
            announce(session, quiz.id, "join")
    except IntegrityError:
        attempts.record(store, "join", client, quiz.code, False)
        raise JoinRefused(f"Someone in this quiz already uses the name '{nickname}'. Pick another.") from None
    attempts.record(store, "join", client, quiz.code, True)
    return quiz, player


def seat(store: Store, seat_token: str) -> PlayerInfo | None:
    """The seat for a token from the student's URL (a reload or a reopened tab)."""
    if not seat_token or len(seat_token) > 64:
        return None
    with store.read() as session:
        row = session.scalar(select(Player).where(Player.seat_token == seat_token))
        return PlayerInfo(row.id, row.quiz_id, row.nickname, row.seat_token) if row else None


def players(store: Store, quiz_id: int) -> list[PlayerInfo]:
    with store.read() as session:
        rows = session.scalars(select(Player).where(Player.quiz_id == quiz_id).order_by(Player.id))
        return [PlayerInfo(r.id, r.quiz_id, r.nickname, r.seat_token) for r in rows]


def player_count(store: Store, quiz_id: int) -> int:
    """How many joined (the waiting room shows it to every student: no need to load every seat)."""
    with store.read() as session:
        return int(session.scalar(select(func.count(Player.id)).where(Player.quiz_id == quiz_id)) or 0)


def submit(store: Store, quiz_id: int, player_id: int, question_id: str, response: Any, score: float,
           now: dt.datetime | None = None) -> tuple[str, ClassAnswerInfo | None]:
    """Record an answer. Returns (outcome, answer): ``recorded``, ``duplicate`` (the earlier answer
    stands), ``closed`` (time up, paused, or outside the window) or ``not_current``."""
    now = now or utcnow()
    quiz = get(store, quiz_id)
    if quiz is None or question_id not in quiz.question_ids:
        return "not_current", None
    if quiz.mode == "live":
        if quiz.current_question != question_id:
            return ("closed" if quiz.question_ids.index(question_id) < quiz.state.index else "not_current"), None
        clock = live.personal(quiz.state, shown_at(store, player_id, question_id))  # this student's clock
        if not live.accepting(clock, now):
            return "closed", None
        gained = live.points(score, clock, now)
    else:
        if not quiz.is_open(now):
            return "closed", None
        gained = round(1000 * score)
    try:
        with store.unit() as session:
            row = ClassAnswer(quiz_id=quiz_id, player_id=player_id, question_id=question_id, response=response,
                              score=score, points=gained, answered_at=now)
            session.add(row)
            session.flush()
            if quiz.mode == "live":
                announce(session, quiz_id, "answer")
            return "recorded", ClassAnswerInfo(player_id, question_id, response, score, gained, now)
    except IntegrityError:
        return "duplicate", answer_of(store, player_id, question_id)


def mark_shown(store: Store, quiz_id: int, player_id: int, question_id: str,
               now: dt.datetime | None = None) -> dt.datetime:
    """Record that this student's page showed this question now, unless it did before; return when it first did.

    The classroom page's record when no server loop can stamp the page as it is sent (AppTest,
    ``streamlit run quiz_app/app.py``); on a server the moment goes with the class's batch
    (:func:`confirm_many`, from ``ui/sent_clock``), so a class's pages wait for no write.
    """
    insert = postgres_insert if store.engine.dialect.name == "postgresql" else sqlite_insert
    # One statement in autocommit, one round trip: a whole class's pages make this call, one after
    # another, right after the teacher's click. RETURNING gives a row only when this call inserted.
    with store.read() as session:
        first = session.scalar(insert(QuestionView).values(quiz_id=quiz_id, player_id=player_id,
                                                           question_id=question_id, shown_at=now or utcnow())
                               .on_conflict_do_nothing(index_elements=["player_id", "question_id"])
                               .returning(QuestionView.shown_at))
    if first is None:  # shown before (a reload, another device): that moment stands
        first = shown_at(store, player_id, question_id)
    assert first is not None
    return first


def confirm_shown(store: Store, quiz_id: int, player_id: int, question_id: str,
                  now: dt.datetime | None = None) -> bool:
    """This student's page left the server with ``question_id`` at ``now``: start that clock there.

    Only for the quiz's open question. With no record yet this is the record; over the fallback
    record of :func:`mark_shown` it moves the clock, once, and only later (never earlier), so waiting
    behind the rest of the class costs no one time or points; a moment already confirmed (an
    earlier tab or device) stands. The delay it can give stays capped by ``classroom.live.GRACE_SECONDS``.
    Returns whether it set the clock.
    """
    return (player_id, question_id) in confirm_many(store, [(quiz_id, player_id, question_id, now or utcnow())])


def confirm_many(store: Store, moments: list[tuple[int, int, str, dt.datetime]]) -> set[tuple[int, str]]:
    """:func:`confirm_shown` for many (quiz id, player id, question id, moment) at once: one read of
    the quizzes and one transaction, however many; returns the (player id, question id) it set."""
    if not moments:
        return set()
    with store.read() as session:
        quizzes = {row.id: _quiz(row) for row in session.scalars(
            select(ClassQuiz).where(ClassQuiz.id.in_(sorted({quiz_id for quiz_id, _, _, _ in moments}))))}
    insert = postgres_insert if store.engine.dialect.name == "postgresql" else sqlite_insert
    moved: set[tuple[int, str]] = set()
    with store.unit() as session:
        for quiz_id, player_id, question_id, now in moments:
            quiz = quizzes.get(quiz_id)
            live_question = quiz is not None and quiz.mode == "live" and quiz.state.phase == "question"
            if not live_question or quiz.current_question != question_id:
                continue  # the teacher moved on (or the quiz went) meanwhile: nothing to start
            statement = insert(QuestionView).values(quiz_id=quiz_id, player_id=player_id, question_id=question_id,
                                                    shown_at=now, confirmed=True)
            statement = statement.on_conflict_do_update(
                index_elements=["player_id", "question_id"],
                set_={"shown_at": statement.excluded.shown_at, "confirmed": True},
                where=(QuestionView.confirmed.is_(False)) & (QuestionView.shown_at <= statement.excluded.shown_at),
            ).returning(QuestionView.id)
            if session.scalar(statement) is not None:
                moved.add((player_id, question_id))
    return moved


def shown_many(store: Store, pages: Iterable[tuple[int, str]]) -> dict[tuple[int, str], dt.datetime]:
    """When each (player id, question id) was first shown, for those that were (one read)."""
    wanted = set(pages)
    if not wanted:
        return {}
    with store.read() as session:
        rows = session.execute(select(QuestionView.player_id, QuestionView.question_id, QuestionView.shown_at).where(
            QuestionView.player_id.in_(sorted({p for p, _ in wanted})),
            QuestionView.question_id.in_(sorted({q for _, q in wanted}))))
        return {(p, q): shown for p, q, shown in rows if (p, q) in wanted}


def shown_at(store: Store, player_id: int, question_id: str) -> dt.datetime | None:
    """When this student's page first showed this question, if it did."""
    with store.read() as session:
        return session.scalar(select(QuestionView.shown_at).where(QuestionView.player_id == player_id,
                                                                  QuestionView.question_id == question_id))


def fingerprints(store: Store, quiz_ids: set[int]) -> dict[int, tuple[int, int, int]]:
    """(revision, seats, answers) of each quiz: what the safety poll compares between two looks."""
    if not quiz_ids:
        return {}
    seats = select(func.count(Player.id)).where(Player.quiz_id == ClassQuiz.id).scalar_subquery()
    answered = select(func.count(ClassAnswer.id)).where(ClassAnswer.quiz_id == ClassQuiz.id).scalar_subquery()
    with store.read() as session:
        rows = session.execute(select(ClassQuiz.id, ClassQuiz.revision, seats, answered)
                               .where(ClassQuiz.id.in_(sorted(quiz_ids))))
        return {int(q): (int(r), int(p), int(a)) for q, r, p, a in rows}


def answer_of(store: Store, player_id: int, question_id: str) -> ClassAnswerInfo | None:
    with store.read() as session:
        row = session.scalar(select(ClassAnswer).where(ClassAnswer.player_id == player_id,
                                                       ClassAnswer.question_id == question_id))
        return ClassAnswerInfo(row.player_id, row.question_id, row.response, row.score, row.points,
                               row.answered_at) if row else None


def answered_players(store: Store, quiz_id: int, question_id: str) -> frozenset[int]:
    """The players who have answered this question of the quiz."""
    with store.read() as session:
        return frozenset(session.scalars(select(ClassAnswer.player_id).where(
            ClassAnswer.quiz_id == quiz_id, ClassAnswer.question_id == question_id)))


def answer_count(store: Store, quiz_id: int, question_id: str) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(ClassAnswer.id)).where(
            ClassAnswer.quiz_id == quiz_id, ClassAnswer.question_id == question_id)) or 0)


def answers(store: Store, quiz_id: int, question_id: str | None = None) -> list[ClassAnswerInfo]:
    """Every answer of the quiz (or of one question), in the order received."""
    query = select(ClassAnswer).where(ClassAnswer.quiz_id == quiz_id)
    if question_id is not None:
        query = query.where(ClassAnswer.question_id == question_id)
    with store.read() as session:
        return [ClassAnswerInfo(r.player_id, r.question_id, r.response, r.score, r.points, r.answered_at)
                for r in session.scalars(query.order_by(ClassAnswer.id))]


def leaderboard(store: Store, quiz_id: int, limit: int = 10) -> list[tuple[str, int]]:
    """(nickname, points) of the best players, ties by earliest join."""
    with store.read() as session:
        rows = session.execute(
            select(Player.nickname, func.coalesce(func.sum(ClassAnswer.points), 0).label("total"))
            .join(ClassAnswer, ClassAnswer.player_id == Player.id, isouter=True)
            .where(Player.quiz_id == quiz_id).group_by(Player.id, Player.nickname)
            .order_by(func.coalesce(func.sum(ClassAnswer.points), 0).desc(), Player.id).limit(limit))
        return [(name, int(total)) for name, total in rows]
