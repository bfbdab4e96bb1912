"""round origin: whether a round is a self-assessment or an external one

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


CHECK = "origin IS NULL OR origin IN ('self', 'external')"


def upgrade() -> None:
    # Nullable: rounds made before, and rounds nobody said, are neither. The column sits
    # on the assessments table, so its grants and row-level policies cover it already.
    # Not a batch (copy-and-move) on SQLite: answers and events point at assessments.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE assessments ADD COLUMN origin VARCHAR(10) "
            f"CONSTRAINT origin_known CHECK ({CHECK})"
        )
        return
    op.add_column("assessments", sa.Column("origin", sa.String(length=10), nullable=True))
    op.create_check_constraint("origin_known", "assessments", CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("origin_known", "assessments", type_="check")
    op.drop_column("assessments", "origin")
