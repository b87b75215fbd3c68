"""Classroom tables: teachers, logins, attempts, class quizzes, players and their answers.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_client", ["kind", "client", "at"], unique=False)
        batch_op.create_index("ix_attempts_target", ["kind", "target", "at"], unique=False)

    op.create_table(
        "teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "class_quizzes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("pack_id", sa.String(length=80), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("timer_seconds", sa.Integer(), nullable=True),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("phase", sa.String(length=12), nullable=False),
        sa.Column("current_index", sa.Integer(), nullable=False),
        sa.Column("question_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teachers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("class_quizzes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_class_quizzes_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "teacher_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teachers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("teacher_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teacher_sessions_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "players",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("nickname", sa.String(length=40), nullable=False),
        sa.Column("nickname_key", sa.String(length=100), nullable=False),
        sa.Column("seat_token", sa.String(length=64), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["quiz_id"], ["class_quizzes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quiz_id", "nickname_key", name="uq_nickname_per_quiz"),
        sa.UniqueConstraint("seat_token"),
    )
    with op.batch_alter_table("players", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_players_quiz_id"), ["quiz_id"], unique=False)

    op.create_table(
        "class_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["player_id"], ["players.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["quiz_id"], ["class_quizzes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("player_id", "question_id", name="uq_class_answer_once"),
    )
    with op.batch_alter_table("class_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_class_answers_quiz_id"), ["quiz_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("class_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_answers_quiz_id"))

    op.drop_table("class_answers")
    with op.batch_alter_table("players", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_players_quiz_id"))

    op.drop_table("players")
    with op.batch_alter_table("teacher_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_sessions_teacher_id"))

    op.drop_table("teacher_sessions")
    with op.batch_alter_table("class_quizzes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_quizzes_teacher_id"))

    op.drop_table("class_quizzes")
    op.drop_table("teachers")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_target")
        batch_op.drop_index("ix_attempts_client")

    op.drop_table("attempts")
