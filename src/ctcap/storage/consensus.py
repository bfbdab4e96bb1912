"""Consensus: the panel's answer to each item, linked to the members' answers it came from.

The consensus *is* the round's answer: it is written through ``repository.record_answer``
(so scoring, reports, finalize and the round's audit chain work unchanged) and a
``consensus`` row records how it was reached (``adopted`` where every member answered
alike, else ``decided``), its own rationale, and the version of each member's answer
it came from (``consensus_sources``). A ``consensus`` event in the round's chain names
them too. Only the lead records consensus, and only after reveal.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special, response_label
from ctcap.domain.evidence import EvidenceEntry

from . import audit, panels, reading, repository
from .panel_models import ConsensusRow, ConsensusSourceRow, MemberAnswerRow
from .panel_records import ConsensusRecord, ConsensusSource


def record_consensus(
    session: Session,
    assessment_id: int,
    item_id: str,
    response: Response,
    *,
    actor: str,
    rationale: str,
    evidence: Sequence[EvidenceEntry] | None = None,
    method: str = "decided",
) -> ConsensusRecord:
    """Write the panel's answer to ``item_id`` with its rationale and its sources."""
    _check_may_decide(session, assessment_id, item_id, actor, rationale)
    record = repository.record_answer(
        session, assessment_id, item_id, response, actor=actor, rationale=rationale,
        evidence=evidence, consensus=True,
    )  # fmt: skip
    special = response if isinstance(response, Special) else None
    row = ConsensusRow(
        assessment_id=assessment_id, item_id=item_id, answer_version=record.version,
        level=None if special is not None else int(response),
        special=None if special is None else special.value,
        method=method, rationale=rationale, actor=actor, at=repository.utcnow(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    _link_sources(session, row)
    session.flush()
    return _record(session, row)


def _check_may_decide(
    session: Session, assessment_id: int, item_id: str, actor: str, rationale: str
) -> None:
    panel = panels.panel_info(session, assessment_id)
    if actor != panel.lead:
        raise panels.PanelError(
            f"only the panel's lead ({panel.lead}) records consensus on assessment "
            f"{assessment_id}; you are {actor}"
        )
    if not panel.revealed:
        raise panels.PanelError(
            f"assessment {assessment_id}: reveal the panel first (`ctcap panel reveal`); "
            "consensus is reached on answers everyone has seen"
        )
    if not rationale.strip():
        raise panels.PanelError(f"{item_id}: a consensus answer needs its own rationale")


def _link_sources(session: Session, row: ConsensusRow) -> None:
    """Link every member's answer to the item, and say so in the round's chain."""
    assessment_id, item_id = row.assessment_id, row.item_id
    sources = session.execute(
        select(MemberAnswerRow.id, MemberAnswerRow.member, MemberAnswerRow.version,
               MemberAnswerRow.level, MemberAnswerRow.special)
        .where(MemberAnswerRow.assessment_id == assessment_id, MemberAnswerRow.item_id == item_id)
        .order_by(MemberAnswerRow.member)
    ).all()  # fmt: skip
    for answer_id, _member, version, _level, _special in sources:
        session.add(
            ConsensusSourceRow(
                consensus_id=row.id, member_answer_id=answer_id, member_version=version
            )
        )
    assessment = repository.writable_assessment(session, assessment_id)
    audit.append_event(
        session, assessment, kind="consensus", item_id=item_id, actor=row.actor,
        at=repository.stamp_now(), before={},
        after={
            "method": row.method,
            "answer_version": row.answer_version,
            "sources": [
                [member, version, reading.stored_response(level, special)]
                for _id, member, version, level, special in sources
            ],
        },
    )  # fmt: skip


def adopt_unanimous(
    session: Session, assessment_id: int, *, actor: str, rationale: str | None = None
) -> list[ConsensusRecord]:
    """Adopt, in one step, every item all members answered alike and not yet decided."""
    view = panels.panel_view(session, assessment_id, actor)
    if not view.panel.revealed:
        raise panels.PanelError(
            f"assessment {assessment_id}: reveal the panel first (`ctcap panel reveal`)"
        )
    decided = set(reading.responses_of(session, assessment_id))
    adopted = []
    members = view.panel.names
    for item in view.checklist.items():
        if item.id in decided:
            continue
        given = [view.answers.get(member, {}).get(item.id) for member in members]
        responses = {answer.response for answer in given if answer is not None}
        if len(responses) != 1 or any(answer is None for answer in given):
            continue
        response = next(iter(responses))
        assert response is not None
        label = response_label(response, view.checklist.scale)
        adopted.append(
            record_consensus(
                session, assessment_id, item.id, response, actor=actor, method="adopted",
                rationale=rationale or f"All {len(members)} members answered {label}.",
            )
        )  # fmt: skip
    return adopted


def consensus_of(session: Session, assessment_id: int) -> dict[str, ConsensusRecord]:
    """The latest consensus of each item (a decision may be revised: the last one holds).

    Two queries, whatever the number of items: the decisions, then all their sources.
    """
    rows = list(
        session.scalars(
            select(ConsensusRow)
            .where(ConsensusRow.assessment_id == assessment_id)
            .order_by(ConsensusRow.id)
        )
    )
    if not rows:
        return {}
    found: dict[int, list[ConsensusSource]] = {row.id: [] for row in rows}
    for consensus_id, member, version, level, special in session.execute(
        select(ConsensusSourceRow.consensus_id, MemberAnswerRow.member,
               ConsensusSourceRow.member_version, MemberAnswerRow.level, MemberAnswerRow.special)
        .join(MemberAnswerRow, MemberAnswerRow.id == ConsensusSourceRow.member_answer_id)
        .join(ConsensusRow, ConsensusRow.id == ConsensusSourceRow.consensus_id)
        .where(ConsensusRow.assessment_id == assessment_id)
        .order_by(ConsensusSourceRow.consensus_id, MemberAnswerRow.member)
    ):  # fmt: skip
        found[consensus_id].append(
            ConsensusSource(member, version, reading.stored_response(level, special))
        )
    return {row.item_id: _record(session, row, found[row.id]) for row in rows}


def _record(
    session: Session, row: ConsensusRow, sources: list[ConsensusSource] | None = None
) -> ConsensusRecord:
    if sources is None:
        sources = [
            ConsensusSource(member, version, reading.stored_response(level, special))
            for member, version, level, special in session.execute(
                select(MemberAnswerRow.member, ConsensusSourceRow.member_version,
                       MemberAnswerRow.level, MemberAnswerRow.special)
                .join(MemberAnswerRow, MemberAnswerRow.id == ConsensusSourceRow.member_answer_id)
                .where(ConsensusSourceRow.consensus_id == row.id)
                .order_by(MemberAnswerRow.member)
            )
        ]  # fmt: skip
    return ConsensusRecord(
        item_id=row.item_id,
        response=reading.stored_response(row.level, row.special),
        rationale=row.rationale,
        method=row.method,
        actor=row.actor,
        at=row.at,
        answer_version=row.answer_version,
        sources=tuple(sources),
    )
