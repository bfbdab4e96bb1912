"""Countries and checklist versions as stored: the catalogue assessments point into."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.model import Checklist, canonical_json, content_hash
from ctcap.errors import NotFoundError

from .clock import utcnow
from .countries import iso_name, normalise_code
from .models import ChecklistVersionRow, CountryRow
from .records import CountryInfo


def ensure_country(session: Session, code: str, name: str | None = None) -> CountryInfo:
    """The country row for ``code``, created from ISO 3166-1 (or ``name`` for fiction)."""
    code = normalise_code(code)
    row = session.get(CountryRow, code)
    if row is None:
        official = iso_name(code)
        if official is None and name is None:
            raise NotFoundError(
                f"unknown country {code!r}: user-assigned codes are for fictional demo "
                "countries, which `ctcap demo` creates"
            )
        row = CountryRow(code=code, name=name or official, fictional=official is None)
        session.add(row)
        session.flush()
    return CountryInfo(row.code, row.name, row.fictional)


def list_countries(session: Session) -> list[CountryInfo]:
    rows = session.scalars(select(CountryRow).order_by(CountryRow.code))
    return [CountryInfo(r.code, r.name, r.fictional) for r in rows]


# Checklist versions ----------------------------------------------------------------------


def record_checklist_version(session: Session, checklist: Checklist) -> int:
    """The id of this exact checklist content, storing a snapshot the first time."""
    digest = content_hash(checklist)
    found = session.scalar(
        select(ChecklistVersionRow.id).where(
            ChecklistVersionRow.checklist_id == checklist.id,
            ChecklistVersionRow.content_hash == digest,
        )
    )
    if found is not None:
        return found
    row = ChecklistVersionRow(
        checklist_id=checklist.id,
        version=checklist.version,
        title=checklist.title,
        content_hash=digest,
        snapshot=canonical_json(checklist),
        loaded_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row.id
