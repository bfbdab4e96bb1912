"""projects: the register of capacity-building projects, their item links and audit chain

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("identifier", sa.String(length=150), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reporting_org", sa.String(length=300), nullable=False),
        sa.Column("reporting_org_ref", sa.String(length=300), nullable=False),
        sa.Column("funding_org", sa.String(length=300), nullable=False),
        sa.Column("funding_org_ref", sa.String(length=300), nullable=False),
        sa.Column("implementing_org", sa.String(length=300), nullable=False),
        sa.Column("implementing_org_ref", sa.String(length=300), nullable=False),
        sa.Column("programme", sa.String(length=300), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("recipient_country", sa.String(length=3), nullable=True),
        sa.Column("recipient_region", sa.String(length=40), nullable=True),
        sa.Column("parent", sa.String(length=150), nullable=True),
        sa.Column("area", sa.String(length=40), nullable=True),
        sa.Column("decided", sa.String(length=10), nullable=True),
        sa.Column("planned_start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("actual_start", sa.String(length=10), nullable=True),
        sa.Column("actual_end", sa.String(length=10), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("committed", sa.BigInteger(), nullable=True),
        sa.Column("disbursed", sa.BigInteger(), nullable=True),
        sa.Column("donor_currency", sa.String(length=3), nullable=True),
        sa.Column("donor_budget", sa.BigInteger(), nullable=True),
        sa.Column("donor_committed", sa.BigInteger(), nullable=True),
        sa.Column("donor_disbursed", sa.BigInteger(), nullable=True),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recipient_country"], ["countries.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index(op.f("ix_projects_funding_org"), "projects", ["funding_org"], unique=False)
    op.create_index(
        op.f("ix_projects_recipient_country"), "projects", ["recipient_country"], unique=False
    )
    op.create_table(
        "project_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.String(length=80), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("checklist_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["checklist_version_id"], ["checklist_versions.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "checklist_id", "item_id"),
    )
    op.create_index(
        op.f("ix_project_links_project_id"), "project_links", ["project_id"], unique=False
    )
    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "seq"),
    )
    op.create_index(
        op.f("ix_project_events_project_id"), "project_events", ["project_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        from ctcap.storage.migrations.security_0005 import grant_on_new_tables

        grant_on_new_tables(op.execute, PROJECT_GRANTS)


# The register is assistance data, not a round: everyone reads it, programme managers and
# administrators keep it (the round tables' country teams do not apply).
PROJECT_GRANTS = (
    "GRANT SELECT ON projects, project_links, project_events TO {roles}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles}",
    "GRANT INSERT, UPDATE, DELETE ON projects, project_links TO ctcap_manager, ctcap_admin",
    "GRANT INSERT ON project_events TO ctcap_manager, ctcap_admin",
)


def downgrade() -> None:
    op.drop_index(op.f("ix_project_events_project_id"), table_name="project_events")
    op.drop_table("project_events")
    op.drop_index(op.f("ix_project_links_project_id"), table_name="project_links")
    op.drop_table("project_links")
    op.drop_index(op.f("ix_projects_recipient_country"), table_name="projects")
    op.drop_index(op.f("ix_projects_funding_org"), table_name="projects")
    op.drop_table("projects")
