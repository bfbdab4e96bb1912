"""Members' audit chains: one hash chain per member of a panel round, anchored at reveal.

Why a chain per member rather than member events in the round's chain: the round's
chain is read by everyone on the team (and travels in bundles), so member answers in it
would be visible to the other members before reveal; and twelve members scoring at once
would all queue on the round's lock to append to one chain. Each member's chain is
hashed exactly as the round's (``audit.chain_hash``), under the id ``<uid>/<member>``,
and is appended to under a lock on that member's row only. At reveal the round's chain
gets a ``reveal`` event naming every member chain's head, which anchors them: a member
chain rewritten afterwards, or grown after reveal, no longer matches it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .audit import GENESIS, ChainBreak, chain_hash, dumps
from .models import AnswerEventRow, AssessmentRow
from .panel_models import MemberAnswerRow, MemberEventRow, PanelRow


def chain_id(uid: str, member: str) -> str:
    return f"{uid}/{member}"


def last_event(session: Session, assessment_id: int, member: str) -> tuple[int, str]:
    row = session.execute(
        select(MemberEventRow.seq, MemberEventRow.hash)
        .where(MemberEventRow.assessment_id == assessment_id, MemberEventRow.member == member)
        .order_by(MemberEventRow.seq.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def append_member_event(
    session: Session,
    assessment_id: int,
    uid: str,
    member: str,
    *,
    kind: str,
    item_id: str | None,
    at: str,
    before: Any,
    after: Any,
) -> MemberEventRow:
    """Append to ``member``'s chain; the caller holds the lock on the member's row."""
    seq, prev_hash = last_event(session, assessment_id, member)
    event = MemberEventRow(
        assessment_id=assessment_id,
        member=member,
        seq=seq + 1,
        kind=kind,
        item_id=item_id,
        actor=member,
        at=at,
        before=dumps(before),
        after=dumps(after),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = chain_hash(
        prev_hash, chain_id(uid, member), event.seq, kind, item_id, member, at,
        event.before, event.after,
    )  # fmt: skip
    session.add(event)
    return event


def heads(session: Session, assessment_id: int, members: list[str]) -> dict[str, list[Any]]:
    """Each member's chain head as [seq, hash] (0 and the genesis hash when empty)."""
    return {member: list(last_event(session, assessment_id, member)) for member in members}


def _reveal_heads(session: Session, assessment_id: int) -> dict[str, list[Any]] | None:
    after = session.scalar(
        select(AnswerEventRow.after)
        .where(AnswerEventRow.assessment_id == assessment_id, AnswerEventRow.kind == "reveal")
        .order_by(AnswerEventRow.seq.desc())
        .limit(1)
    )
    return None if after is None else dict(json.loads(after)["heads"])


def verify_member_chains(
    session: Session, assessment_id: int | None = None
) -> tuple[int, ChainBreak | None]:
    """Check every member chain (or one round's): links, hashes, replay, reveal anchor."""
    query = select(PanelRow.assessment_id, AssessmentRow.uid, PanelRow.revealed_at).join(
        AssessmentRow, AssessmentRow.id == PanelRow.assessment_id
    )
    if assessment_id is not None:
        query = query.where(PanelRow.assessment_id == assessment_id)
    checked = 0
    for round_id, uid, revealed_at in session.execute(query.order_by(PanelRow.assessment_id)):
        events: dict[str, list[MemberEventRow]] = {}
        for event in session.scalars(
            select(MemberEventRow)
            .where(MemberEventRow.assessment_id == round_id)
            .order_by(MemberEventRow.id)
        ):
            events.setdefault(event.member, []).append(event)
        answers: dict[str, list[MemberAnswerRow]] = {}
        for answer in session.scalars(
            select(MemberAnswerRow).where(MemberAnswerRow.assessment_id == round_id)
        ):
            answers.setdefault(answer.member, []).append(answer)
        anchored = _reveal_heads(session, round_id) if revealed_at is not None else None
        for member in sorted(set(events) | set(answers) | set(anchored or {})):
            checked += 1
            broken = _check_member(
                round_id, chain_id(uid, member), events.get(member, []), answers.get(member, [])
            )
            if broken is None and anchored is not None:
                mine = events.get(member, [])
                head = [mine[-1].seq, mine[-1].hash] if mine else [0, GENESIS]
                if anchored.get(member) != head:
                    broken = ChainBreak(
                        round_id,
                        None,
                        f"member {member!r}: chain differs from the head anchored at reveal",
                    )
            if broken is not None:
                return checked, broken
    return checked, None


def _settled(state: dict[str, Any]) -> dict[str, Any]:
    """A cleared answer is the same as no answer (as in the round's chain)."""
    return {} if state.get("response") is None else state


def _check_member(
    round_id: int, chain: str, events: list[MemberEventRow], answers: list[MemberAnswerRow]
) -> ChainBreak | None:
    member = chain.split("/", 1)[1]
    prev_hash, replayed = GENESIS, {}
    for expected, event in enumerate(events, start=1):
        where = f"member {member!r} event {event.seq}"
        if event.seq != expected:
            return ChainBreak(round_id, None, f"{where}: missing or out of order")
        if event.prev_hash != prev_hash:
            return ChainBreak(round_id, None, f"{where}: does not link to the event before it")
        digest = chain_hash(
            prev_hash, chain, event.seq, event.kind, event.item_id, event.actor, event.at,
            event.before, event.after,
        )  # fmt: skip
        if digest != event.hash:
            return ChainBreak(round_id, None, f"{where}: content does not match its hash")
        prev_hash = event.hash
        if event.kind == "answer" and event.item_id is not None:
            replayed[event.item_id] = _settled(json.loads(event.after))
    for answer in answers:
        state = _settled(audit.member_state(answer))
        if replayed.get(answer.item_id, {}) != state:
            return ChainBreak(
                round_id,
                None,
                f"member {member!r}: answer to {answer.item_id!r} differs from its audit trail",
            )
    return None
