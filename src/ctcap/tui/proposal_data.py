"""Proposals from published data, as the TUI reads and decides them.

Runs on the database thread (``database.py``). Every rule is storage's
(``storage.proposals``, ``storage.proposal_decisions``): a proposal never overwrites an
answer, never finalizes, and a final round takes none. A decision storage refuses comes
back as ``ProposalRefused``, in storage's words, with nothing changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctcap.domain.answers import Response, response_label
from ctcap.errors import CtcapError
from ctcap.storage import repository
from ctcap.storage.proposals import ProposalRecord, list_proposals

from .messages import ProposalDecided, ProposalRefused, ProposalsAcceptedAll, ProposalsLoaded
from .views import ProposalsView, ProposalView

if TYPE_CHECKING:
    from textual.message import Message

    from ctcap.domain.model import Checklist, Scale
    from ctcap.storage.engine import Database, ReadSession
    from ctcap.storage.records import AssessmentDetail


def _view(record: ProposalRecord, checklist: Checklist, answer_now: str | None) -> ProposalView:
    scale = checklist.scale
    try:
        title = checklist.item(record.item_id).title
    except KeyError:
        title = record.item_id
    return ProposalView(
        item_id=record.item_id,
        item_title=title,
        proposed=response_label(record.response, scale),
        source=record.source_title,
        file_name=record.file_name,
        file_sha256=record.file_sha256,
        mapping=record.mapping,
        data_date=record.data_date,
        rows=", ".join(dict.fromkeys(e.location for e in record.evidence if e.location)),
        evidence=tuple(
            f"{e.key} = {e.value} ({e.data_date}{', ' + e.location if e.location else ''})"
            for e in record.evidence
        ),
        why=record.why,
        answer_now=answer_now,
    )


def _answers_now(detail: AssessmentDetail) -> dict[str, str]:
    scale = detail.checklist.scale
    return {
        item_id: f"{response_label(answer.response, scale)} by {answer.assessor}"
        for item_id, answer in detail.answers.items()
        if answer.response is not None
    }


def load_proposals(db: Database, assessment_id: int) -> ProposalsLoaded:
    with db.read() as session:
        detail = repository.get_assessment(session, assessment_id)
        records = list_proposals(session, assessment_id)
    info, checklist = detail.info, detail.checklist
    answered = _answers_now(detail)
    return ProposalsLoaded(
        ProposalsView(
            assessment_id=assessment_id,
            title=f"{info.country_name} · {checklist.title} · as of {info.as_of.isoformat()}",
            is_final=info.is_final,
            levels=tuple(checklist.scale.values),
            proposals=tuple(_view(r, checklist, answered.get(r.item_id)) for r in records),
        )
    )


def pending_notes(session: ReadSession, detail: AssessmentDetail) -> dict[str, str]:
    """Item id → its pending proposal in words, for the scoring screen's item pane."""
    scale = detail.checklist.scale
    return {
        r.item_id: f"{response_label(r.response, scale)}, from {r.source_title} "
        f"({r.file_name}, data of {r.data_date or 'no date'})"
        for r in list_proposals(session, detail.info.id)
    }


def decide(
    db: Database,
    assessment_id: int,
    item_id: str,
    how: str,
    *,
    actor: str,
    response: Response | None = None,
    reason: str = "",
) -> Message:
    """Accept, edit (write ``response`` instead) or reject (with ``reason``) one proposal."""
    from ctcap.storage import proposal_decisions

    try:
        with db.write() as session:
            if how == "accept":
                decision = proposal_decisions.accept(session, assessment_id, item_id, actor=actor)
            elif how == "edit" and response is not None:
                decision = proposal_decisions.edit(
                    session, assessment_id, item_id, response, actor=actor
                )
            elif how == "reject":
                decision = proposal_decisions.reject(
                    session, assessment_id, item_id, actor=actor, reason=reason
                )
            else:
                raise ValueError(f"no such decision: {how!r}")
            scale = _scale(session, assessment_id)
    except CtcapError as exc:  # storage refused: nothing was written
        return ProposalRefused(assessment_id, item_id, _first_line(exc))
    written = response_label(decision.written, scale) if decision.written is not None else None
    return ProposalDecided(assessment_id, item_id, decision.proposal.status, written)


def accept_all(db: Database, assessment_id: int, *, actor: str) -> Message:
    from ctcap.storage import proposal_decisions

    try:
        with db.write() as session:
            done, left = proposal_decisions.accept_all(session, assessment_id, actor=actor)
    except CtcapError as exc:
        return ProposalRefused(assessment_id, None, _first_line(exc))
    return ProposalsAcceptedAll(assessment_id, tuple(d.proposal.item_id for d in done), tuple(left))


def _scale(session: ReadSession, assessment_id: int) -> Scale:
    return repository.get_assessment(session, assessment_id).checklist.scale


def _first_line(exc: CtcapError) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
