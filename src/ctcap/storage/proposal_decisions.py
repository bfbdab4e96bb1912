"""Deciding proposals: accept, edit or reject, one item at a time or all at once.

Accepting or editing writes the answer through ``repository.record_answer`` (the one
audited write path) with the provenance in its rationale and evidence, and only for an
unanswered item: a proposal never overwrites an answer. Each decision appends an event
to the round's proposal log that names the answer event it caused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, response_label
from ctcap.domain.model import Scale
from ctcap.domain.proposals import evidence_entries, rationale
from ctcap.domain.treaty import APPLIED, IN_LAW, TreatyFacts, treaty_level
from ctcap.errors import ConflictError, CtcapError

from . import repository
from .models import AnswerEventRow, AnswerRow
from .proposal_audit import append_proposal_event
from .proposals import (
    ProposalRecord,
    answered_items,
    list_proposals,
    pending_row,
    response_json,
    to_record,
)
from .reading import stored_response
from .snapshots import checklist_snapshot


@dataclass(frozen=True)
class Decision:
    proposal: ProposalRecord
    written: Response | None  # the answer written (None for a rejection)
    answer_version: int | None


# Deciding -------------------------------------------------------------------------------


def accept(session: Session, assessment_id: int, item_id: str, *, actor: str) -> Decision:
    """Write the proposed level as the item's answer, with its provenance."""
    return _decide(session, assessment_id, item_id, actor=actor, written=None, note="")


def edit(
    session: Session,
    assessment_id: int,
    item_id: str,
    response: Response,
    *,
    actor: str,
    note: str = "",
) -> Decision:
    """Write ``response`` instead of the proposed level; the proposal is kept as its source."""
    return _decide(session, assessment_id, item_id, actor=actor, written=response, note=note)


def accept_all(
    session: Session, assessment_id: int, *, actor: str
) -> tuple[list[Decision], list[tuple[str, str]]]:
    """Accept every pending proposal on an unanswered item; list the others with why."""
    repository.writable_assessment(session, assessment_id)
    answered = answered_items(session, assessment_id)
    done: list[Decision] = []
    left: list[tuple[str, str]] = []
    for record in list_proposals(session, assessment_id):
        if record.item_id in answered:
            left.append((record.item_id, "answered already; a proposal never overwrites an answer"))
            continue
        done.append(accept(session, assessment_id, record.item_id, actor=actor))
    return done, left


def reject(
    session: Session, assessment_id: int, item_id: str, *, actor: str, reason: str
) -> Decision:
    """Turn the proposal down, with the reason, leaving the answer as it is."""
    if not reason.strip():
        raise CtcapError("a rejection needs a reason (--reason)")
    assessment = repository.writable_assessment(session, assessment_id)
    row, imported = pending_row(session, assessment_id, item_id)
    at = repository.stamp_now()
    row.status, row.decided_by, row.decided_at, row.reason = "rejected", actor, at, reason
    session.flush()
    append_proposal_event(
        session, assessment, kind="reject", item_id=item_id, actor=actor, at=at,
        before={"proposal": row.id, "status": "pending"},
        after={"proposal": row.id, "status": "rejected", "reason": reason},
    )  # fmt: skip
    return Decision(to_record(row, imported), None, None)


def _decide(
    session: Session,
    assessment_id: int,
    item_id: str,
    *,
    actor: str,
    written: Response | None,
    note: str,
) -> Decision:
    assessment = repository.writable_assessment(session, assessment_id)
    row, imported = pending_row(session, assessment_id, item_id)
    record = to_record(row, imported)
    scale = checklist_snapshot(session, assessment.checklist_version_id).scale
    version = _unanswered_version(session, assessment_id, item_id, scale)
    text = rationale(
        record.source_title, record.mapping, record.evidence, [record.why],
        response_label(record.response, scale),
    )  # fmt: skip
    response = record.response if written is None else written
    if written is not None:
        text = (
            f"{actor} scored {response_label(written, scale)} where the data proposed "
            f"{response_label(record.response, scale)}"
            + (f": {note}" if note else "")
            + f". {text}"
        )
    evidence = evidence_entries(
        record.source, record.file_name, record.file_sha256, record.evidence
    )
    answer = repository.record_answer(
        session, assessment_id, item_id, response, actor=actor, rationale=text,
        evidence=evidence, expected_version=version,
        facts=_facts_for(record.facts, written, assessment.as_of),
    )  # fmt: skip
    session.flush()
    link = _last_answer_event(session, assessment_id)
    status = "accepted" if written is None else "edited"
    at = repository.stamp_now()
    row.status, row.decided_by, row.decided_at = status, actor, at
    row.reason, row.answer_version = note, answer.version
    after = {"proposal": row.id, "status": status, "response": response_json(response),
             "answer": link}  # fmt: skip
    if note:
        after["note"] = note
    append_proposal_event(
        session, assessment, kind="accept" if written is None else "edit", item_id=item_id,
        actor=actor, at=at, before={"proposal": row.id, "status": "pending"}, after=after,
    )  # fmt: skip
    return Decision(to_record(row, imported), response, answer.version)


def _facts_for(
    facts: TreatyFacts | None, written: Response | None, as_of: date
) -> TreatyFacts | None:
    """The treaty facts the answer records: as proposed when accepted; when the assessor
    scores 4 or 5 instead, the same facts with that as the implementation finding (the
    one rule then gives their level); for any other edit, none (the facts do not say it)."""
    if facts is None or written is None:
        return facts
    if isinstance(written, int) and written in (IN_LAW, APPLIED):
        found = facts.model_copy(update={"implementation": written})
        if treaty_level(found, as_of).level == written:
            return found
    return None


def _unanswered_version(session: Session, assessment_id: int, item_id: str, scale: Scale) -> int:
    """The answer's version if the item is unanswered; refuse if it has an answer."""
    row = session.scalars(
        select(AnswerRow).where(
            AnswerRow.assessment_id == assessment_id, AnswerRow.item_id == item_id
        )
    ).first()
    if row is None:
        return 0
    current = stored_response(row.level, row.special)
    if current is not None:
        label = response_label(current, scale)
        raise ConflictError(
            f"{item_id} is answered already ({label} by {row.assessor}, version {row.version}); "
            "a proposal never overwrites an answer: reject it, or answer the item yourself",
            current=None,
        )
    return row.version


def _last_answer_event(session: Session, assessment_id: int) -> dict[str, object]:
    seq, digest = session.execute(
        select(AnswerEventRow.seq, AnswerEventRow.hash)
        .where(AnswerEventRow.assessment_id == assessment_id)
        .order_by(AnswerEventRow.seq.desc())
        .limit(1)
    ).one()
    return {"seq": seq, "hash": digest}
