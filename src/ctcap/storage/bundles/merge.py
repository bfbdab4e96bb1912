"""Exporting an assessment to a bundle, and importing one by comparing audit chains.

Importing matches the assessment by ``uid`` and compares chains as git compares
histories (an event's hash covers every event before it):

- not here yet: created exactly as exported: the country, the checklist version
  (by content hash), the answers with their versions, the chain verbatim;
- this copy's chain is a prefix of the bundle's: fast-forward, chain verbatim;
- the bundle holds nothing this database has not seen: nothing changes, so
  importing twice is importing once;
- both sides went on from a common base: a merge, see ``import_bundle``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ctcap.domain.answers import Special
from ctcap.errors import CtcapError, DatabaseError, FinalizedError

from .. import audit, repository
from ..models import AnswerEventRow, AnswerRow, AssessmentRow, ChecklistVersionRow, CountryRow
from .conflicts import Conflict, open_conflicts
from .format import ABOUT, FORMAT, FORMAT_VERSION, Bundle, EventPart, canonical, settled
from .log import log_import


@dataclass(frozen=True)
class ImportResult:
    assessment_id: int
    outcome: str  # "created", "fast-forward", "merged" or "up to date"
    applied: tuple[str, ...]  # items whose answer the import changed
    conflicts: tuple[Conflict, ...]  # open conflicts of this assessment, after the import
    notes: tuple[str, ...]


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


# Export ----------------------------------------------------------------------------------


def export_bundle(session: Session, assessment_id: int) -> dict[str, Any]:
    """The bundle of one assessment, read under its write lock: one consistent state."""
    row = repository._row(session, assessment_id, lock=True)
    broken = audit.verify_assessment(session, row)
    if broken is not None:
        raise CtcapError(f"not exported: audit chain broken: {broken}")
    country = session.get(CountryRow, row.country_code)
    version = session.get(ChecklistVersionRow, row.checklist_version_id)
    assert country is not None and version is not None  # foreign keys
    based_on = session.get(AssessmentRow, row.based_on_id) if row.based_on_id else None
    answers = session.scalars(
        select(AnswerRow).where(AnswerRow.assessment_id == row.id).order_by(AnswerRow.item_id)
    )
    content = {
        "exported_at": repository.utcnow().isoformat(),
        "country": {"code": country.code, "name": country.name, "fictional": country.fictional},
        "checklist": {
            "id": version.checklist_id,
            "version": version.version,
            "content_hash": version.content_hash,
            "snapshot": json.loads(version.snapshot),
        },
        "assessment": {
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
        },
        "answers": [
            {
                "item": a.item_id,
                **audit.answer_state(a),
                "assessor": a.assessor,
                "updated_at": a.updated_at.isoformat(),
                "version": a.version,
                "needs_rescore": a.needs_rescore,
            }
            for a in answers
        ],
        "events": [_event_json(e) for e in _events(session, row.id)],
    }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "about": ABOUT,
        "sha256": hashlib.sha256(canonical(content)).hexdigest(),
        "content": content,
    }


def _events(session: Session, assessment_id: int) -> list[AnswerEventRow]:
    query = select(AnswerEventRow).where(AnswerEventRow.assessment_id == assessment_id)
    return list(session.scalars(query.order_by(AnswerEventRow.seq)))


def _event_json(event: AnswerEventRow) -> dict[str, Any]:
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


# Import ----------------------------------------------------------------------------------


def import_bundle(session: Session, bundle: Bundle, *, actor: str) -> ImportResult:
    """Load a checked bundle; the caller commits. Nothing is ever overwritten unseen.

    A merge applies each item the bundle changed since the base that this database
    did not also change, through ``record_answer`` (an audited answer event by the
    bundle's assessor). An item both sides changed to different answers is a
    conflict: this database keeps its answer, and an ``import`` event records the
    bundle's head hash, its new events verbatim and each conflict with the bundle's
    answer, so nothing is lost. That event also marks the bundle's changes as seen:
    a later bundle from the same copy merges from there, as a git merge commit does.
    A conflict stays open (reported by every import of that assessment) until the
    item is answered again here. The CLI exits 1 while conflicts are open. Each import
    that changed something is logged (``log.import_log``): who, when, which bundle.
    """
    try:
        result = _import(session, bundle, actor)
        if result.outcome != "up to date":  # importing twice is importing once
            log_import(
                session,
                result.assessment_id,
                bundle_sha256=bundle.sha256,
                outcome=result.outcome,
                actor=actor,
                applied=len(result.applied),
                conflicts=len(result.conflicts),
            )
        return result
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"import failed, nothing was changed: {reason}") from None


def _import(session: Session, bundle: Bundle, actor: str) -> ImportResult:
    content = bundle.content
    row = session.scalar(
        select(AssessmentRow)
        .where(AssessmentRow.uid == content.assessment.uid)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        row = _create(session, bundle)
        answered = tuple(a.item for a in content.answers if a.response is not None)
        return ImportResult(row.id, "created", answered, open_conflicts(session, row.id), ())
    version = session.get(ChecklistVersionRow, row.checklist_version_id)
    if version is None or version.content_hash != content.checklist.content_hash:
        raise CtcapError(
            f"assessment {row.id} has this bundle's uid but another checklist version: refused"
        )
    broken = audit.verify_assessment(session, row)
    if broken is not None:
        raise CtcapError(f"not imported: this database's audit chain is broken: {broken}")
    ours, theirs = _events(session, row.id), content.events
    base = 0
    while base < min(len(ours), len(theirs)) and ours[base].hash == theirs[base].hash:
        base += 1
    seen_by_us = _seen(base, [json.loads(e.after) for e in ours if e.kind == "import"], theirs)
    seen_by_them = _seen(base, [e.after for e in theirs if e.kind == "import"], ours)
    notes: list[str] = []
    if seen_by_us >= len(theirs):
        outcome, applied = "up to date", []
    elif base == len(ours):
        outcome, applied = "fast-forward", _fast_forward(session, row, bundle, theirs[base:])
    else:
        outcome = "merged"
        applied = _merge(
            session, row, bundle, actor, base, theirs[seen_by_us:], ours[seen_by_them:]
        )
        if content.assessment.status != row.status:
            notes.append(
                f"the bundle's copy is {content.assessment.status}, this one stays {row.status}"
            )
    session.flush()
    return ImportResult(
        row.id, outcome, tuple(applied), open_conflicts(session, row.id), tuple(notes)
    )


def _seen(base: int, imports: list[dict[str, Any]], chain: list[Any]) -> int:
    """How much of ``chain`` the other side has seen: the common base, or a merged head."""
    position = {event.hash: n for n, event in enumerate(chain, start=1)}
    heads = [position.get(str(after.get("bundle_head")), 0) for after in imports]
    return max([base, *heads])


def _answer_row(assessment_id: int, part: Any) -> AnswerRow:
    return AnswerRow(assessment_id=assessment_id, item_id=part.item)


def _put_answer(row: AnswerRow, part: Any) -> None:
    special = part.response if isinstance(part.response, str) else None
    row.special = special
    row.level = part.response if special is None else None
    row.rationale = part.rationale
    row.evidence = json.dumps(part.evidence, ensure_ascii=False)
    row.assessor, row.updated_at = part.assessor, datetime.fromisoformat(part.updated_at)
    row.version, row.needs_rescore = part.version, part.needs_rescore


def _put_events(session: Session, assessment_id: int, events: list[EventPart]) -> None:
    for event in events:
        session.add(
            AnswerEventRow(
                assessment_id=assessment_id,
                seq=event.seq,
                kind=event.kind,
                item_id=event.item,
                actor=event.actor,
                at=event.at,
                before=audit.dumps(event.before),
                after=audit.dumps(event.after),
                prev_hash=event.prev_hash,
                hash=event.hash,
            )
        )


def _create(session: Session, bundle: Bundle) -> AssessmentRow:
    content, part = bundle.content, bundle.content.assessment
    country = content.country
    if session.get(CountryRow, country.code) is None:
        repository.ensure_country(
            session, country.code, country.name if country.fictional else None
        )
    based_on = None
    if part.based_on_uid is not None:
        query = select(AssessmentRow.id).where(AssessmentRow.uid == part.based_on_uid)
        based_on = session.scalar(query)
    row = AssessmentRow(
        uid=part.uid,
        country_code=country.code,
        checklist_version_id=repository.record_checklist_version(session, bundle.checklist),
        title=part.title,
        as_of=date.fromisoformat(part.as_of),
        assessor=part.assessor,
        status=part.status,
        synthetic=part.synthetic,
        based_on_id=based_on,
        created_at=_time(part.created_at),
        updated_at=_time(part.updated_at),
        finalized_at=_time(part.finalized_at),
    )
    session.add(row)
    session.flush()
    for answer in content.answers:
        new = _answer_row(row.id, answer)
        _put_answer(new, answer)
        session.add(new)
    _put_events(session, row.id, content.events)
    return row


def _fast_forward(
    session: Session, row: AssessmentRow, bundle: Bundle, new: list[EventPart]
) -> list[str]:
    current = {
        a.item_id: a
        for a in session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == row.id))
    }
    for answer in bundle.content.answers:
        target = current.get(answer.item)
        if target is None:
            target = _answer_row(row.id, answer)
            session.add(target)
        _put_answer(target, answer)
    _put_events(session, row.id, new)
    part = bundle.content.assessment
    row.status, row.finalized_at = part.status, _time(part.finalized_at)
    row.updated_at = max(row.updated_at, _time(part.updated_at) or row.updated_at)
    return sorted({e.item for e in new if e.kind == "answer" and e.item is not None})


def _merge(
    session: Session,
    row: AssessmentRow,
    bundle: Bundle,
    actor: str,
    base: int,
    theirs: list[EventPart],
    ours: list[AnswerEventRow],
) -> list[str]:
    changed: dict[str, tuple[dict[str, Any], str]] = {}
    for event in theirs:
        if event.kind == "answer" and event.item is not None:
            changed[event.item] = (settled(event.after), event.actor)
    applied_here: set[int] = set()  # answer events that applied an earlier bundle's changes
    for mine in ours:
        if mine.kind == "import":
            count = len(json.loads(mine.after).get("applied", []))
            applied_here.update(range(mine.seq - count, mine.seq))
    ours_changed = {e.item_id for e in ours if e.kind == "answer" and e.seq not in applied_here}
    current = {
        a.item_id: a
        for a in session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == row.id))
    }
    apply, conflicts = [], []
    for item, (state, by) in sorted(changed.items()):
        if settled(audit.answer_state(current.get(item))) == state:
            continue  # both sides agree
        if item in ours_changed:
            conflicts.append({"item": item, "theirs": state, "by": by})
        else:
            apply.append((item, state, by))
    if apply and row.status == "final":
        raise FinalizedError(
            f"assessment {row.id} is final here; reopen it to import the bundle's changes"
        )
    for item, state, by in apply:
        response = state.get("response")
        repository.record_answer(
            session,
            row.id,
            item,
            Special(response) if isinstance(response, str) else response,
            actor=by,
            rationale=state.get("rationale", ""),
            evidence=state.get("evidence", []),
        )
    audit.append_event(
        session,
        row,
        kind="import",
        item_id=None,
        actor=actor,
        at=repository.stamp_now(),
        before={},
        after={
            "bundle": bundle.sha256,
            "bundle_head": bundle.content.events[-1].hash,
            "base": base,
            "applied": [item for item, _, _ in apply],
            "conflicts": conflicts,
            "events": [event.model_dump() for event in theirs],
        },
    )
    return [item for item, _, _ in apply]
