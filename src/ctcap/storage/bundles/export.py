"""Exporting an assessment to a bundle: signed, and only if an import would accept it.

The bundle is built under the assessment's write lock (one consistent state), each event
names the key that vouches for it (the key it arrived under, else the exporting key),
the whole is signed, and then it is read back with every check an import makes: what
this database cannot hand over whole (a chain broken here, a rationale that makes the
bundle too large) is refused now, not by the field team later.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.marks import Release
from ctcap.errors import CtcapError, InputFileError

from .. import audit, repository
from ..countries import iso_name
from ..models import (
    AnswerEventRow,
    AnswerRow,
    AssessmentRow,
    ChecklistVersionRow,
    CountryRow,
    EventSignerRow,
)
from .format import (
    ABOUT,
    FORMAT,
    FORMAT_VERSION,
    PROJECTS_VERSION,
    bundle_bytes,
    canonical,
    parse_bundle,
)
from .projects import project_parts
from .signing import SigningKey


def export_bundle(
    session: Session,
    assessment_id: int,
    *,
    signer: SigningKey | None = None,
    release: Release | None = None,
) -> dict[str, Any]:
    """The bundle of one assessment, signed by ``signer`` (unsigned without one).

    With ``release``, a round with anything marked above its level is refused whole (see
    ``check_release``): a bundle carries the whole audit chain, whose hashes cover every
    rationale and evidence entry ever recorded, so no part can be left out of it.
    """
    row = repository._row(session, assessment_id, lock=True)
    broken = audit.verify_assessment(session, row)
    if broken is not None:
        raise CtcapError(f"not exported: audit chain broken: {broken}")
    if release is not None:
        check_release(session, row, release)
    content = {
        "exported_at": repository.utcnow().isoformat(),
        "country": _country(session, row.country_code),
        "checklist": _checklist(session, row.checklist_version_id),
        "assessment": _assessment(session, row),
        "answers": _answers(session, row.id),
        "events": _events(session, row.id, signer),
    }
    projects = project_parts(session, row, release)
    if projects:  # a bundle without them stays version 2, which older ctcaps read
        content["projects"] = projects
    sha256 = hashlib.sha256(canonical(content)).hexdigest()
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": PROJECTS_VERSION if projects else FORMAT_VERSION,
        "about": ABOUT,
        "sha256": sha256,
        "content": content,
    }
    if signer is not None:
        document["signature"] = {
            "algorithm": "ed25519",
            "key": signer.key_id,
            "value": signer.sign(sha256),
        }
    _importable(document, assessment_id)
    return document


def check_release(session: Session, row: AssessmentRow, release: Release) -> None:
    """Refuse the round when it, its names, or any answer its chain ever held is marked
    above the release level (a mark later lowered still guarded what was written then)."""
    withheld = release.withheld(row.mark)
    if withheld is not None:
        raise CtcapError(
            f"not exported: assessment {row.id} is marked {release.scheme.label(withheld)}, "
            f"above the release level {release.scheme.label(str(release.level))}"
        )
    names = release.withheld(row.mark, row.names_mark)
    marks: list[tuple[str | None, str]] = [(None, names)] if names is not None else []
    for event in events_of(session, row.id):
        for state in (json.loads(event.before), json.loads(event.after)):
            mark = state.get("mark") if event.kind == "answer" else None
            if isinstance(mark, str) and release.withheld(mark) is not None:
                marks.append((event.item_id, mark))
    if marks:
        item, mark = marks[0]
        what = f"the answer to {item}" if item else "the names of its assessor and team"
        raise CtcapError(
            f"not exported: {what} in assessment {row.id} is marked "
            f"{release.scheme.label(str(mark))}, above the release level "
            f"{release.scheme.label(str(release.level))}; a bundle carries the whole audit "
            "chain, so it cannot leave that out"
        )


def _importable(document: dict[str, Any], assessment_id: int) -> None:
    """Refuse to write a bundle that ctcap's import would refuse (same checks, same words)."""
    try:
        parse_bundle(bundle_bytes(document), f"assessment {assessment_id}")
    except InputFileError as exc:
        raise CtcapError(f"not exported: an import would refuse it: {exc}") from None


def _country(session: Session, code: str) -> dict[str, Any]:
    country = session.get(CountryRow, code)
    assert country is not None  # a foreign key
    # A real country's name is pycountry's, whatever this database once stored.
    return {"code": code, "name": iso_name(code) or country.name, "fictional": country.fictional}


def _checklist(session: Session, version_id: int) -> dict[str, Any]:
    version = session.get(ChecklistVersionRow, version_id)
    assert version is not None  # a foreign key
    return {
        "id": version.checklist_id,
        "version": version.version,
        "content_hash": version.content_hash,
        "snapshot": json.loads(version.snapshot),
    }


def _assessment(session: Session, row: AssessmentRow) -> dict[str, Any]:
    based_on = session.get(AssessmentRow, row.based_on_id) if row.based_on_id else None
    return {
        "uid": row.uid,
        "title": row.title,
        "as_of": row.as_of.isoformat(),
        "assessor": row.assessor,
        "status": row.status,
        "synthetic": row.synthetic,
        "based_on_uid": based_on.uid if based_on else None,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "finalized_at": row.finalized_at.isoformat() if row.finalized_at else None,
        **audit.handling_state(row),
    }


def _answers(session: Session, assessment_id: int) -> list[dict[str, Any]]:
    query = select(AnswerRow).where(AnswerRow.assessment_id == assessment_id)
    return [
        {
            "item": a.item_id,
            **audit.answer_state(a),
            "assessor": a.assessor,
            "updated_at": a.updated_at.isoformat(),
            "version": a.version,
            "needs_rescore": a.needs_rescore,
        }
        for a in session.scalars(query.order_by(AnswerRow.item_id))
    ]


def events_of(session: Session, assessment_id: int) -> list[AnswerEventRow]:
    query = select(AnswerEventRow).where(AnswerEventRow.assessment_id == assessment_id)
    return list(session.scalars(query.order_by(AnswerEventRow.seq)))


def _events(session: Session, assessment_id: int, signer: SigningKey | None) -> list[Any]:
    query = select(EventSignerRow.seq, EventSignerRow.signer).where(
        EventSignerRow.assessment_id == assessment_id
    )
    vouched = {seq: signer for seq, signer in session.execute(query)}
    events = []
    for event in events_of(session, assessment_id):
        part = event_json(event)
        if signer is not None:  # an unsigned bundle names nobody: it could not vouch
            part["signer"] = vouched.get(event.seq, signer.key_id)
        events.append(part)
    return events


def event_json(event: AnswerEventRow) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "item": event.item_id,
        "actor": event.actor,
        "at": event.at,
        "before": json.loads(event.before),
        "after": json.loads(event.after),
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
