"""Teacher media: the images of teacher packs, stored once per pack and name, never changed.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_media",
        sa.Column("pack_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["teacher_packs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["teacher_id"], ["teachers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("pack_id", "name"),
    )
    with op.batch_alter_table("pack_media", schema=None) as batch_op:
        batch_op.create_index("ix_pack_media_sha256", ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pack_media", schema=None) as batch_op:
        batch_op.drop_index("ix_pack_media_sha256")
    op.drop_table("pack_media")
