"""signing: trusted keys, who signed each imported event, and the signer in the import log

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_keys",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "event_signers",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("signer", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id", "seq"),
    )
    with op.batch_alter_table("imports") as batch:
        batch.add_column(
            sa.Column(
                "signature", sa.String(length=20), nullable=False, server_default="not checked"
            )
        )
        batch.add_column(sa.Column("signer_key", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("signer_name", sa.String(length=200), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        from ctcap.storage.migrations.security_0005 import grant_on_new_tables

        grant_on_new_tables(op.execute, SIGNING_GRANTS)


# Everyone reads whom the database trusts and who vouched for an event; importers record
# signers; only administrators decide whom to trust.
SIGNING_GRANTS = (
    "GRANT SELECT ON trusted_keys, event_signers TO {roles}",
    "GRANT INSERT ON event_signers TO ctcap_assessor",
    "GRANT INSERT, UPDATE, DELETE ON trusted_keys TO ctcap_admin",
)


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("signer_name")
        batch.drop_column("signer_key")
        batch.drop_column("signature")
    op.drop_table("event_signers")
    op.drop_table("trusted_keys")
