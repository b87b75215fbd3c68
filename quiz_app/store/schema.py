"""Database tables (SQLAlchemy 2 declarative). Constraints live here, not in UI code.

Changing a table means adding an Alembic revision in ``migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    """Timezone-aware now; every timestamp in the database is UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite stores them without a zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use utcnow()")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        dict[str, Any]: JSON,
        list[Any]: JSON,
        dt.datetime: UTCDateTime(),
    }


class Learner(Base):
    """A student using self-study. ``token`` is the secret in the personal resume link."""

    __tablename__ = "learners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Set when this learner's work was moved to another learner: the old link then opens that one.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))


class QuizSession(Base):
    """One self-study quiz: the questions drawn (in order) and, when finished, the score."""

    __tablename__ = "quiz_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    pack_id: Mapped[str] = mapped_column(String(80))
    question_ids: Mapped[list[Any]]
    settings: Mapped[dict[str, Any]]
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)


class Answer(Base):
    """One answer to one question of a quiz session; at most one per question per session.

    After "I was right" (self-study only) ``score`` and ``correct`` are full marks, ``original_score``
    keeps the score the grading gave and ``overridden_at`` says when the learner overrode it.
    """

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("session_id", "question_id", name="uq_answer_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    response: Mapped[Any] = mapped_column(JSON)
    correct: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    original_score: Mapped[float | None] = mapped_column(Float)
    overridden_at: Mapped[dt.datetime | None]


class CardState(Base):
    """A learner's FSRS state for one card (``card_key`` is ``card:<id>`` or ``question:<id>``)."""

    __tablename__ = "card_states"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    card_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(80))
    fsrs: Mapped[dict[str, Any]]
    due: Mapped[dt.datetime]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


Index("ix_card_states_due", CardState.learner_id, CardState.due)


class Review(Base):
    """One flashcard grade, kept as history (FSRS can be re-optimised from it)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    card_key: Mapped[str] = mapped_column(String(100))
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    first_review: Mapped[bool] = mapped_column(default=False)


# --- classroom ------------------------------------------------------------------------------


class Teacher(Base):
    """A teacher account; ``password_hash`` is an argon2id hash (never the password)."""

    __tablename__ = "teachers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TeacherSession(Base):
    """A login. Only the SHA-256 of the session token is stored; it expires at ``expires_at``."""

    __tablename__ = "teacher_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]


class Attempt(Base):
    """A login or join attempt, kept briefly to slow down guessing (``kind``: login or join)."""

    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    client: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(100))
    ok: Mapped[bool]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


Index("ix_attempts_client", Attempt.kind, Attempt.client, Attempt.at)
Index("ix_attempts_target", Attempt.kind, Attempt.target, Attempt.at)


class ClassQuiz(Base):
    """A quiz a teacher runs for a class. ``revision`` grows with every change of its state."""

    __tablename__ = "class_quizzes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    pack_id: Mapped[str] = mapped_column(String(80))
    question_ids: Mapped[list[Any]]
    mode: Mapped[str] = mapped_column(String(12))  # live | assignment
    timer_seconds: Mapped[int | None] = mapped_column(Integer)
    opens_at: Mapped[dt.datetime | None]
    closes_at: Mapped[dt.datetime | None]
    phase: Mapped[str] = mapped_column(String(12), default="lobby")
    current_index: Mapped[int] = mapped_column(Integer, default=-1)
    question_started_at: Mapped[dt.datetime | None]
    paused_at: Mapped[dt.datetime | None]
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Player(Base):
    """A student seat in one class quiz. ``seat_token`` in the student's URL restores the seat."""

    __tablename__ = "players"
    __table_args__ = (UniqueConstraint("quiz_id", "nickname_key", name="uq_nickname_per_quiz"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("class_quizzes.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(40))
    nickname_key: Mapped[str] = mapped_column(String(100))
    seat_token: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClassAnswer(Base):
    """One student's answer to one question of a class quiz: at most one, by constraint."""

    __tablename__ = "class_answers"
    __table_args__ = (UniqueConstraint("player_id", "question_id", name="uq_class_answer_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("class_quizzes.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    response: Mapped[Any] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    points: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class QuestionView(Base):
    """When a student's page first showed a live question: that student's clock starts there
    (``classroom.live.personal``). Recorded once per student and question, by constraint: first by
    the run that draws the page, then moved once (``confirmed``) to when the page left the server."""

    __tablename__ = "question_views"
    __table_args__ = (UniqueConstraint("player_id", "question_id", name="uq_question_view_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("class_quizzes.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    shown_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


# --- authoring ------------------------------------------------------------------------------


class TeacherPack(Base):
    """A pack teachers edit in the app. Its items and their history are in ``pack_items``/``item_revisions``."""

    __tablename__ = "teacher_packs"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PackItem(Base):
    """The current version of one item of a teacher pack: ``pack.yaml`` metadata, a question or a card."""

    __tablename__ = "pack_items"
    pack_id: Mapped[str] = mapped_column(ForeignKey("teacher_packs.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # meta | question | flashcard
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # SQL NULL once deleted
    revision: Mapped[int] = mapped_column(Integer)


class ItemRevision(Base):
    """Every saved version of an item: who, when, what changed. Never updated, only added."""

    __tablename__ = "item_revisions"
    __table_args__ = (UniqueConstraint("pack_id", "item_id", "revision", name="uq_item_revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("teacher_packs.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id", ondelete="SET NULL"))
    teacher_name: Mapped[str] = mapped_column(String(40))
    changed: Mapped[list[Any]]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PackMedia(Base):
    """An image of a teacher pack, by its path in the pack (``media/<stem>-<hash>.png``).

    Names carry the first hex digits of the content's SHA-256, so a row is never changed: replacing an
    image adds a new row and the item's new revision points at it, while old revisions keep pointing
    at the old one (restoring a revision restores its picture).
    """

    __tablename__ = "pack_media"
    pack_id: Mapped[str] = mapped_column(ForeignKey("teacher_packs.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


Index("ix_pack_media_sha256", PackMedia.sha256)
