"""Learners merged into another keep their row, pointing at the learner that now holds their work.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_learners_merged_into", "learners", ["merged_into_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.drop_constraint("fk_learners_merged_into", type_="foreignkey")
        batch.drop_column("merged_into_id")
