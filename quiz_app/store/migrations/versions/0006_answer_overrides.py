"""Self-study answers a learner marked right ("I was right"): the original score is kept beside the new one.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("overridden_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("overridden_at")
        batch_op.drop_column("original_score")
