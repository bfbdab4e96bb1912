"""evidence: graded evidence entries, confidence, treaty facts, handling marks, method, team

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Existing data is carried forward: each evidence reference (a string) becomes an entry
of unknown type, undated and not graded; answers get no confidence and no mark of their
own; assessments get the default mark (TLP:AMBER: no settings row names another scheme
before this revision), type "unknown" and an empty team. The audit chains are not
touched: events keep the format they were hashed in, and the replay reads both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DEFAULT_MARK = "AMBER"
TYPES = "('self-assessment', 'desk-review', 'on-site-visit', 'joint-external', 'unknown')"
_CHUNK = 1000


def upgrade() -> None:
    # Columns are added in place: SQLite cannot rebuild ``assessments`` (a batch
    # operation) while every other table's foreign keys point at it.
    op.add_column("assessments", sa.Column("team", sa.Text(), nullable=False, server_default="[]"))
    op.add_column(
        "assessments",
        sa.Column("mark", sa.String(40), nullable=False, server_default=DEFAULT_MARK),
    )
    op.add_column("assessments", sa.Column("names_mark", sa.String(40), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE assessments ADD COLUMN assessment_type VARCHAR(20) NOT NULL "
            f"DEFAULT 'unknown' CONSTRAINT assessment_type_known CHECK (assessment_type IN {TYPES})"
        )
    else:
        op.add_column(
            "assessments",
            sa.Column("assessment_type", sa.String(20), nullable=False, server_default="unknown"),
        )
        op.create_check_constraint(
            "assessment_type_known", "assessments", f"assessment_type IN {TYPES}"
        )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("confidence", sa.String(10), nullable=True))
        batch.add_column(sa.Column("facts", sa.Text(), nullable=True))
        batch.add_column(sa.Column("mark", sa.String(40), nullable=True))
        batch.create_check_constraint(
            "confidence_known", "confidence IS NULL OR confidence IN ('high', 'medium', 'low')"
        )
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("facts", sa.Text(), nullable=True))
    _rewrite_evidence(_as_entries)


def _as_entries(references: list[Any]) -> list[Any]:
    """Plain references → entries of unknown type (as ``domain.evidence.legacy_entry``)."""
    return [
        {"ref": item or "(empty reference)", "type": "unknown", "date": None, "grade": None,
         "link": None, "sha256": None}
        if isinstance(item, str) else item
        for item in references
    ]  # fmt: skip


def _as_references(entries: list[Any]) -> list[Any]:
    """Back to plain references (downgrade): only each entry's reference is kept."""
    return [item["ref"] if isinstance(item, dict) else item for item in entries]


def _rewrite_evidence(change: Callable[[list[Any]], list[Any]]) -> None:
    answers = sa.table("answers", sa.column("id", sa.Integer()), sa.column("evidence", sa.Text()))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(answers.c.id, answers.c.evidence)
            .where(answers.c.id > last, answers.c.evidence != "[]")
            .order_by(answers.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        updates = []
        for answer_id, text in rows:
            new = json.dumps(change(json.loads(text)), ensure_ascii=False)
            if new != text:
                updates.append({"answer_id": answer_id, "evidence": new})
        if updates:
            connection.execute(
                answers.update()
                .where(answers.c.id == sa.bindparam("answer_id"))
                .values(evidence=sa.bindparam("evidence")),
                updates,
            )
        last = rows[-1][0]


def downgrade() -> None:
    _rewrite_evidence(_as_references)
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("facts")
    with op.batch_alter_table("answers") as batch:
        batch.drop_constraint("confidence_known", type_="check")
        batch.drop_column("mark")
        batch.drop_column("facts")
        batch.drop_column("confidence")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("assessment_type_known", "assessments", type_="check")
    for column in ("assessment_type", "names_mark", "mark", "team"):
        op.drop_column("assessments", column)
