"""The steps of ``repository.record_answer``: its guards, the version check, the row's
fields, and the stored change with its audit event. Kept apart so the repository reads
as the sequence of these steps; nothing here opens a transaction or locks a row."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special, response_label
from ctcap.domain.evidence import Confidence, EvidenceEntry, entries_json
from ctcap.domain.model import Checklist
from ctcap.domain.treaty import TreatyFacts
from ctcap.errors import ConflictError, CtcapError

from . import audit, reading, review
from .answer_codec import Keep, confidence_of, evidence_of, facts_json, facts_of
from .clock import stamp, utcnow
from .models import AnswerRow, AssessmentRow
from .panel_models import PanelRow, RoundReviewRow
from .records import AnswerRecord

# What may stop an answer besides a final round: a review under way, or a panel (whose
# round takes only consensus answers). One statement, built once, on the scoring path.
_GUARDS = select(
    select(RoundReviewRow.state)
    .where(RoundReviewRow.assessment_id == bindparam("assessment_id"))
    .scalar_subquery(),
    select(PanelRow.lead)
    .where(PanelRow.assessment_id == bindparam("assessment_id"))
    .scalar_subquery(),
)


def answer_record(row: AnswerRow) -> AnswerRecord:
    return AnswerRecord(
        item_id=row.item_id,
        response=reading.stored_response(row.level, row.special),
        rationale=row.rationale,
        evidence=evidence_of(row.evidence),
        assessor=row.assessor,
        updated_at=row.updated_at,
        version=row.version,
        needs_rescore=row.needs_rescore,
        confidence=confidence_of(row.confidence),
        facts=facts_of(row.facts),
        mark=row.mark,
    )


def refuse_guarded(session: Session, assessment_id: int, *, consensus: bool) -> None:
    """Refuse an answer to a round in review, or to a panel's round but for its consensus."""
    review_state, panel_lead = session.execute(_GUARDS, {"assessment_id": assessment_id}).one()
    review.refuse_answers(assessment_id, review_state)
    if panel_lead is not None and not consensus:
        raise CtcapError(
            f"assessment {assessment_id} is scored by a panel: members answer with "
            f"`ctcap panel answer`, and its lead ({panel_lead}) records the consensus"
        )


def check_version(
    row: AnswerRow | None, item_id: str, expected_version: int | None, checklist: Checklist
) -> None:
    """Refuse a write made against another version than the stored one (0: no answer)."""
    current = row.version if row is not None else 0
    if expected_version is None or expected_version == current:
        return
    theirs = answer_record(row) if row is not None else None
    raise ConflictError(
        f"{item_id}: {theirs.assessor} changed it to "
        f"{response_label(theirs.response, checklist.scale)} first; reloaded their answer"
        if theirs is not None
        else f"{item_id}: expected version {expected_version}, but it has no answer yet",
        current=theirs,
    )


def set_response(row: AnswerRow, response: Response | None) -> None:
    """The level or special answer; clearing the item clears what supported it too."""
    special = response if isinstance(response, Special) else None
    row.special = special.value if special is not None else None
    row.level = None if special is not None or response is None else int(response)
    if response is None:
        row.rationale, row.evidence = "", "[]"
        row.confidence = row.facts = row.mark = None


def set_support(
    row: AnswerRow,
    rationale: str | None,
    evidence: Sequence[EvidenceEntry] | None,
    confidence: Confidence | Keep | None,
    facts: TreatyFacts | Keep | None,
    mark: str | Keep | None,
) -> None:
    """What supports an answer, where given (None or ``KEEP``: as stored)."""
    if rationale is not None:
        row.rationale = rationale
    if evidence is not None:
        row.evidence = json.dumps(entries_json(evidence), ensure_ascii=False)
    if not isinstance(confidence, Keep):
        row.confidence = None if confidence is None else Confidence(confidence).value
    if not isinstance(facts, Keep):
        row.facts = facts_json(facts)
    if not isinstance(mark, Keep):
        row.mark = mark


def store_change(
    session: Session,
    assessment: AssessmentRow,
    row: AnswerRow,
    *,
    actor: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """A new version of the answer, by ``actor`` now, and its ``answer`` event."""
    now = utcnow()
    row.version += 1
    row.assessor, row.updated_at, row.needs_rescore = actor, now, False
    assessment.updated_at = now
    session.flush()
    audit.append_event(
        session,
        assessment,
        kind="answer",
        item_id=row.item_id,
        actor=actor,
        at=stamp(now),
        before=before,
        after=after,
    )
