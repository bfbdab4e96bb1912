"""panels, members' blind answers, consensus, four-eyes review, teams; PostgreSQL security

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

On PostgreSQL this also installs the roles (ctcap_assessor, ctcap_reviewer, ctcap_manager,
ctcap_admin), the table privileges and the row-level security policies that limit each
login to its country teams' rounds and keep members' answers blind until reveal. Roles
are cluster-wide: they are created only when missing and left in place on downgrade.
Running it needs a login that may create roles (superuser or CREATEROLE), which then
owns the tables and, as owner, is not subject to the policies (the administrator).
On SQLite (single-user) only the tables are made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _answer_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("special", sa.String(length=10), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _event_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
    ]


def _create_panel_tables() -> None:
    op.create_table(
        "panels",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("lead", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revealed_by", sa.String(length=200), nullable=True),
        sa.Column("revealed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_table(
        "panel_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["panels.assessment_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "member"),
    )
    op.create_table(
        "member_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        *_answer_columns(),
        sa.CheckConstraint("level IS NULL OR special IS NULL", name="member_one_kind_of_answer"),
        sa.CheckConstraint(
            "special IS NULL OR special IN ('na', 'unknown')", name="member_special_known"
        ),
        sa.ForeignKeyConstraint(["assessment_id"], ["panels.assessment_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "member", "item_id"),
    )
    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=False),
        *_event_columns(),
        sa.ForeignKeyConstraint(["assessment_id"], ["panels.assessment_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "member", "seq"),
    )
    op.create_table(
        "consensus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("answer_version", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("special", sa.String(length=10), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["panels.assessment_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "item_id", "answer_version"),
    )
    op.create_table(
        "consensus_sources",
        sa.Column("consensus_id", sa.Integer(), nullable=False),
        sa.Column("member_answer_id", sa.Integer(), nullable=False),
        sa.Column("member_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consensus_id"], ["consensus.id"]),
        sa.ForeignKeyConstraint(["member_answer_id"], ["member_answers.id"]),
        sa.PrimaryKeyConstraint("consensus_id", "member_answer_id"),
    )
    for table in ("panel_members", "member_answers", "member_events", "consensus"):
        op.create_index(op.f(f"ix_{table}_assessment_id"), table, ["assessment_id"])


def _create_review_tables() -> None:
    op.create_table(
        "round_reviews",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'in_review', 'changes_requested', 'approved')",
            name="review_state_known",
        ),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "team_members",
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=3), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["country_code"], ["countries.code"]),
        sa.PrimaryKeyConstraint("login", "country_code"),
    )


def upgrade() -> None:
    _create_panel_tables()
    _create_review_tables()
    if op.get_bind().dialect.name == "postgresql":
        from ctcap.storage.migrations.security_0005 import install

        install(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from ctcap.storage.migrations.security_0005 import uninstall

        uninstall(op.execute)
    for table in ("panel_members", "member_answers", "member_events", "consensus"):
        op.drop_index(op.f(f"ix_{table}_assessment_id"), table_name=table)
    for table in (
        "team_members",
        "settings",
        "round_reviews",
        "consensus_sources",
        "consensus",
        "member_events",
        "member_answers",
        "panel_members",
        "panels",
    ):
        op.drop_table(table)
