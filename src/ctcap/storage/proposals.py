"""Proposals from published data: store and list them (deciding: ``proposal_decisions``).

Rules kept here, for every face:

- a proposal never overwrites an answer: accepting one for an item that has an answer is
  refused, and the proposal stays pending (an import notes when the item was answered);
- accepting or editing writes through ``repository.record_answer``, the one audited write
  path, with the provenance in the answer's rationale and evidence;
- nothing here finalizes a round, and a final round takes no proposals;
- every import, acceptance, edit and rejection is an event in the round's proposal log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.domain.mappings import SOURCE_TITLES
from ctcap.domain.proposals import Evidence, Proposal
from ctcap.domain.treaty import TreatyFacts, treaty_level
from ctcap.errors import NotFoundError

from . import repository
from .answer_codec import facts_json, facts_of
from .models import AnswerRow, AssessmentRow
from .proposal_audit import append_proposal_event
from .proposal_models import ProposalEventRow, ProposalImportRow, ProposalRow
from .reading import assessment_info, stored_response
from .records import AuditEvent
from .snapshots import checklist_snapshot


@dataclass(frozen=True)
class SourceFile:
    """The published file an import read, and how."""

    source: str  # who-gho, fatf or untc
    file_name: str
    sha256: str
    mapping: str  # mapping id and version
    rows_read: int
    rows_skipped: int


@dataclass(frozen=True)
class ProposalRecord:
    id: int
    assessment_id: int
    item_id: str
    response: Response
    status: str
    source: str
    file_name: str
    file_sha256: str
    mapping: str
    evidence: tuple[Evidence, ...]
    why: str
    note: str
    proposed_by: str
    proposed_at: str
    decided_by: str | None
    decided_at: str | None
    reason: str
    answer_version: int | None
    facts: TreatyFacts | None = None  # a treaty status row's facts, which give the level

    @property
    def source_title(self) -> str:
        return SOURCE_TITLES.get(self.source, self.source)

    @property
    def data_date(self) -> str:
        return max(e.data_date for e in self.evidence) if self.evidence else ""


@dataclass(frozen=True)
class Stored:
    """What an import stored in one assessment."""

    assessment_id: int
    proposed: tuple[str, ...]  # items with a new pending proposal
    unchanged: tuple[str, ...]  # already proposed from this very file, or decided
    superseded: tuple[str, ...]  # items whose older pending proposal this one replaces
    answered: tuple[str, ...]  # new proposals on items that already have an answer
    not_in_round: tuple[str, ...]  # items this round's checklist version does not have


def response_json(response: Response) -> str | int:
    return response.value if isinstance(response, Special) else int(response)


def _evidence_json(evidence: Sequence[Evidence]) -> str:
    rows = [
        {"key": e.key, "value": e.value, "date": e.data_date, "location": e.location}
        for e in evidence
    ]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)


def _evidence(text: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(e["key"], e["value"], e["date"], e["location"]) for e in json.loads(text))


def to_record(row: ProposalRow, imported: ProposalImportRow) -> ProposalRecord:
    response = stored_response(row.level, row.special)
    assert response is not None  # a proposal always proposes something
    return ProposalRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        item_id=row.item_id,
        response=response,
        status=row.status,
        source=imported.source,
        file_name=imported.file_name,
        file_sha256=imported.file_sha256,
        mapping=imported.mapping,
        evidence=_evidence(row.evidence),
        why=row.why,
        note=row.note,
        proposed_by=imported.actor,
        proposed_at=imported.at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
        answer_version=row.answer_version,
        facts=facts_of(row.facts),
    )


# Storing --------------------------------------------------------------------------------


def store_proposals(
    session: Session,
    file: SourceFile,
    batches: Mapping[int, Sequence[Proposal]],
    *,
    actor: str,
) -> tuple[int | None, list[Stored]]:
    """Store each assessment's proposals; return the import's id (None if nothing new).

    Assessments are locked in id order. A final one is refused (``FinalizedError``), which
    rolls the whole import back with the caller's transaction.
    """
    at = repository.stamp_now()
    imported = ProposalImportRow(
        source=file.source, file_name=file.file_name, file_sha256=file.sha256,
        mapping=file.mapping, actor=actor, at=at, rows_read=file.rows_read,
        rows_skipped=file.rows_skipped, proposals=0,
    )  # fmt: skip
    session.add(imported)
    session.flush()
    results = [
        _store_one(session, imported, assessment_id, batches[assessment_id], actor, at)
        for assessment_id in sorted(batches)
    ]
    imported.proposals = sum(len(r.proposed) for r in results)
    if imported.proposals == 0:
        session.delete(imported)
        session.flush()
        return None, results
    return imported.id, results


def _store_one(
    session: Session,
    imported: ProposalImportRow,
    assessment_id: int,
    proposals: Sequence[Proposal],
    actor: str,
    at: str,
) -> Stored:
    assessment = repository.writable_assessment(session, assessment_id)
    checklist = checklist_snapshot(session, assessment.checklist_version_id)
    known = {item.id for item in checklist.items()}
    existing = _proposals_by_item(session, assessment_id)
    answered = answered_items(session, assessment_id)
    made: list[ProposalRow] = []
    unchanged, superseded, on_answered, missing = [], [], [], []
    replaced: list[int] = []
    for proposal in proposals:
        if proposal.item_id not in known:
            missing.append(proposal.item_id)
            continue
        proposal = _as_of(proposal, assessment.as_of)
        response = response_json(proposal.response)
        earlier = existing.get(proposal.item_id, [])
        if any(_same(old, imported, response, session) for old in earlier):
            unchanged.append(proposal.item_id)
            continue
        for old in earlier:
            if old.status == "pending":
                old.status = "superseded"
                replaced.append(old.id)
                superseded.append(proposal.item_id)
        row = ProposalRow(
            assessment_id=assessment_id, import_id=imported.id, item_id=proposal.item_id,
            level=None if isinstance(proposal.response, Special) else int(proposal.response),
            special=proposal.response.value if isinstance(proposal.response, Special) else None,
            evidence=_evidence_json(proposal.evidence), why=" ".join(proposal.why),
            status="pending", note="", reason="", facts=facts_json(proposal.facts),
        )  # fmt: skip
        if proposal.item_id in answered:
            row.note = f"the item was answered already when this was proposed ({at})"
            on_answered.append(proposal.item_id)
        session.add(row)
        made.append(row)
    if made:
        session.flush()
        _log_proposals(session, assessment, imported, made, replaced, actor, at)
    return Stored(
        assessment_id, tuple(r.item_id for r in made), tuple(unchanged), tuple(superseded),
        tuple(on_answered), tuple(missing),
    )  # fmt: skip


def _as_of(proposal: Proposal, as_of: date) -> Proposal:
    """A treaty proposal's level as of the round's date, by the one rule (``domain.treaty``)."""
    if proposal.facts is None:
        return proposal
    return replace(proposal, response=treaty_level(proposal.facts, as_of).level)


def _same(
    old: ProposalRow, imported: ProposalImportRow, response: str | int, session: Session
) -> bool:
    """Proposed before from the same file with the same level: importing again adds nothing."""
    old_import = session.get(ProposalImportRow, old.import_id)
    old_response = old.special if old.special is not None else old.level
    return (
        old_import is not None
        and old_import.file_sha256 == imported.file_sha256
        and old_import.source == imported.source
        and old_response == response
    )


def _log_proposals(
    session: Session,
    assessment: AssessmentRow,
    imported: ProposalImportRow,
    made: Sequence[ProposalRow],
    replaced: Sequence[int],
    actor: str,
    at: str,
) -> None:
    after = {
        "import": imported.id,
        "source": imported.source,
        "file": imported.file_name,
        "sha256": imported.file_sha256,
        "mapping": imported.mapping,
        "proposals": [
            {
                "id": row.id,
                "item": row.item_id,
                "response": row.special if row.special is not None else row.level,
                "evidence": json.loads(row.evidence),
                **({"facts": json.loads(row.facts)} if row.facts is not None else {}),
            }
            for row in made
        ],
        "superseded": list(replaced),
    }
    append_proposal_event(
        session, assessment, kind="propose", item_id=None, actor=actor, at=at, before={},
        after=after,
    )  # fmt: skip


def _proposals_by_item(session: Session, assessment_id: int) -> dict[str, list[ProposalRow]]:
    found: dict[str, list[ProposalRow]] = {}
    rows = session.scalars(
        select(ProposalRow).where(ProposalRow.assessment_id == assessment_id).with_for_update()
    )
    for row in rows:
        found.setdefault(row.item_id, []).append(row)
    return found


def answered_items(session: Session, assessment_id: int) -> set[str]:
    query = select(AnswerRow.item_id).where(
        AnswerRow.assessment_id == assessment_id,
        (AnswerRow.level.is_not(None)) | (AnswerRow.special.is_not(None)),
    )
    return set(session.scalars(query))


# Reading --------------------------------------------------------------------------------


def list_proposals(
    session: Session, assessment_id: int, *, include_decided: bool = False
) -> list[ProposalRecord]:
    """The round's proposals (pending only, unless asked), in checklist order, then newest first."""
    info = assessment_info(session, assessment_id)  # NotFoundError for a bad id
    checklist = checklist_snapshot(session, info.checklist_version_id)
    query = (
        select(ProposalRow, ProposalImportRow)
        .join(ProposalImportRow, ProposalImportRow.id == ProposalRow.import_id)
        .where(ProposalRow.assessment_id == assessment_id)
    )
    if not include_decided:
        query = query.where(ProposalRow.status == "pending")
    records = [to_record(row, imported) for row, imported in session.execute(query)]
    order = {item.id: n for n, item in enumerate(checklist.items())}
    return sorted(records, key=lambda r: (order.get(r.item_id, len(order)), -r.id))


def pending_counts(session: Session, assessment_ids: Sequence[int]) -> dict[int, int]:
    """How many proposals wait in each assessment (for lists of rounds)."""
    if not assessment_ids:
        return {}
    query = (
        select(ProposalRow.assessment_id, func.count())
        .where(ProposalRow.assessment_id.in_(list(assessment_ids)), ProposalRow.status == "pending")
        .group_by(ProposalRow.assessment_id)
    )
    return {assessment_id: count for assessment_id, count in session.execute(query)}


def proposal_log(session: Session, assessment_id: int) -> list[AuditEvent]:
    """The round's proposal log, oldest first."""
    rows = session.scalars(
        select(ProposalEventRow)
        .where(ProposalEventRow.assessment_id == assessment_id)
        .order_by(ProposalEventRow.seq)
    )
    return [
        AuditEvent(
            r.assessment_id,
            r.seq,
            r.kind,
            r.item_id,
            r.actor,
            r.at,
            r.before,
            r.after,
            r.prev_hash,
            r.hash,
        )
        for r in rows
    ]


def pending_row(
    session: Session, assessment_id: int, item_id: str
) -> tuple[ProposalRow, ProposalImportRow]:
    query = (
        select(ProposalRow)
        .where(
            ProposalRow.assessment_id == assessment_id,
            ProposalRow.item_id == item_id,
            ProposalRow.status == "pending",
        )
        .with_for_update()
    )
    row = session.scalars(query).first()
    if row is None:
        raise NotFoundError(f"assessment {assessment_id} has no pending proposal for {item_id!r}")
    imported = session.get(ProposalImportRow, row.import_id)
    assert imported is not None
    return row, imported
