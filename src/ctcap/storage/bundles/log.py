"""The import log: who brought which bundle into this database, and what it did here.

Kept beside the audit chain, not in it (see ``models.ImportRow``): the chain of a shared
assessment stays the same on every copy that has seen the same events.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import repository
from ..models import ImportRow


@dataclass(frozen=True)
class ImportRecord:
    bundle_sha256: str
    outcome: str
    actor: str
    at: str
    applied: int
    conflicts: int


def log_import(
    session: Session,
    assessment_id: int,
    *,
    bundle_sha256: str,
    outcome: str,
    actor: str,
    applied: int,
    conflicts: int,
) -> None:
    session.add(
        ImportRow(
            assessment_id=assessment_id,
            bundle_sha256=bundle_sha256,
            outcome=outcome,
            actor=actor,
            at=repository.stamp_now(),
            applied=applied,
            conflicts=conflicts,
        )
    )
    session.flush()


def import_log(session: Session, assessment_id: int) -> list[ImportRecord]:
    """The imports of one assessment into this database, oldest first."""
    rows = session.scalars(
        select(ImportRow).where(ImportRow.assessment_id == assessment_id).order_by(ImportRow.id)
    )
    return [
        ImportRecord(r.bundle_sha256, r.outcome, r.actor, r.at, r.applied, r.conflicts)
        for r in rows
    ]
