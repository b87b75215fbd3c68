"""Question views: when each student's page first showed each live question (fair per-student timing).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["player_id"], ["players.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["quiz_id"], ["class_quizzes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("player_id", "question_id", name="uq_question_view_once"),
    )
    with op.batch_alter_table("question_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_views_quiz_id"), ["quiz_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("question_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_views_quiz_id"))
    op.drop_table("question_views")
