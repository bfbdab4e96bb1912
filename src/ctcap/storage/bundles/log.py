"""The import log: who brought which bundle into this database, and what it did here.

Kept beside the audit chain, not in it (see ``models.ImportRow``): the chain of a shared
assessment stays the same on every copy that has seen the same events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import repository
from ..models import ImportRow

if TYPE_CHECKING:
    from .admission import Admission

# The outcome logged for an import that left the assessment as it was (up to date) but
# added or extended its projects: someone still brought them, and the log says who.
PROJECTS_ONLY = "projects only"


@dataclass(frozen=True)
class ImportRecord:
    bundle_sha256: str
    outcome: str
    actor: str
    at: str
    applied: int
    conflicts: int
    signature: str  # "verified", "unsigned", "unknown key", or "not checked" (before 0007)
    signer_key: str | None
    signer_name: str | None

    def describe_signature(self) -> str:
        if self.signature == "verified":
            return f"signed by {self.signer_name} (key {self.signer_key})"
        if self.signature == "unknown key":
            return f"signed by unknown key {self.signer_key}, let in by --allow-unsigned"
        if self.signature == "unsigned":
            return "UNSIGNED, let in by --allow-unsigned"
        return "signature not checked (imported before bundles were signed)"


def log_import(
    session: Session,
    assessment_id: int,
    *,
    bundle_sha256: str,
    outcome: str,
    actor: str,
    applied: int,
    conflicts: int,
    admission: Admission,
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
            signature=admission.signature,
            signer_key=admission.key_id,
            signer_name=admission.name,
        )
    )
    session.flush()


def import_log(session: Session, assessment_id: int) -> list[ImportRecord]:
    """The imports of one assessment into this database, oldest first."""
    rows = session.scalars(
        select(ImportRow).where(ImportRow.assessment_id == assessment_id).order_by(ImportRow.id)
    )
    return [
        ImportRecord(
            r.bundle_sha256,
            r.outcome,
            r.actor,
            r.at,
            r.applied,
            r.conflicts,
            r.signature,
            r.signer_key,
            r.signer_name,
        )
        for r in rows
    ]
