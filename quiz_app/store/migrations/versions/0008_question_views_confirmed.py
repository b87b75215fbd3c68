"""Question views: whether the clock was moved to when the page left the server (``confirmed``).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question_views", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("question_views", schema=None) as batch_op:
        batch_op.drop_column("confirmed")
