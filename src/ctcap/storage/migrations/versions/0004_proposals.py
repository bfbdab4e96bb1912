"""proposals: published values proposed as answers, their imports and their log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("mapping", sa.String(length=120), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("proposals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("special", sa.String(length=10), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answer_version", sa.Integer(), nullable=True),
        sa.CheckConstraint("level IS NULL OR special IS NULL", name="proposal_one_kind"),
        sa.CheckConstraint(
            "special IS NULL OR special IN ('na', 'unknown')", name="proposal_special_known"
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'edited', 'rejected', 'superseded')",
            name="proposal_status_known",
        ),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.ForeignKeyConstraint(["import_id"], ["proposal_imports.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_proposals_assessment_id"), "proposals", ["assessment_id"], unique=False
    )
    op.create_index(op.f("ix_proposals_import_id"), "proposals", ["import_id"], unique=False)
    op.create_table(
        "proposal_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "seq"),
    )
    op.create_index(
        op.f("ix_proposal_events_assessment_id"), "proposal_events", ["assessment_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_proposal_events_assessment_id"), table_name="proposal_events")
    op.drop_table("proposal_events")
    op.drop_index(op.f("ix_proposals_import_id"), table_name="proposals")
    op.drop_index(op.f("ix_proposals_assessment_id"), table_name="proposals")
    op.drop_table("proposals")
    op.drop_table("proposal_imports")
