"""The tamper-evident audit chain: each event hashes the previous hash and itself.

Like git, an event's hash covers everything before it, so an edited, deleted or
reordered event breaks every link after it. Replaying the chain must also give
the answers table exactly, which catches a deleted last event or an edited answer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ctcap.domain.summary import RULES as SUMMARY_RULES
from ctcap.domain.summary import summarise, summary_to_json

from .models import AnswerEventRow, AnswerRow, AssessmentRow, RoundScoreRow
from .reading import responses_of
from .snapshots import checklist_snapshot

GENESIS = "0" * 64


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def chain_hash(
    prev_hash: str,
    uid: str,
    seq: int,
    kind: str,
    item_id: str | None,
    actor: str,
    at: str,
    before: str,
    after: str,
) -> str:
    """SHA-256 over the previous hash and the canonical event.

    The canonical event is ``dumps`` of {actor, after, assessment, at, before, item, kind,
    seq}; it is assembled directly because ``before`` and ``after`` are stored as canonical
    JSON already (a stored value that is not canonical no longer matches: an edit).
    """
    body = (
        f'{{"actor":{_text(actor)},"after":{after},"assessment":{_text(uid)},'
        f'"at":{_text(at)},"before":{before},"item":{_text(item_id)},'
        f'"kind":{_text(kind)},"seq":{seq}}}'
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def event_hash(prev_hash: str, uid: str, event: AnswerEventRow) -> str:
    return chain_hash(
        prev_hash,
        uid,
        event.seq,
        event.kind,
        event.item_id,
        event.actor,
        event.at,
        event.before,
        event.after,
    )


# Built once: appending runs on every answer.
_LAST_EVENT = (
    select(AnswerEventRow.seq, AnswerEventRow.hash)
    .where(AnswerEventRow.assessment_id == bindparam("assessment_id"))
    .order_by(AnswerEventRow.seq.desc())
    .limit(1)
)


def append_event(
    session: Session,
    assessment: AssessmentRow,
    *,
    kind: str,
    item_id: str | None,
    actor: str,
    at: str,
    before: Any,
    after: Any,
) -> AnswerEventRow:
    """Append one event. The caller holds the assessment's write lock."""
    last = session.execute(_LAST_EVENT, {"assessment_id": assessment.id}).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AnswerEventRow(
        assessment_id=assessment.id,
        seq=seq,
        kind=kind,
        item_id=item_id,
        actor=actor,
        at=at,
        before=dumps(before),
        after=dumps(after),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = event_hash(prev_hash, assessment.uid, event)
    session.add(event)
    return event


@dataclass(frozen=True)
class ChainBreak:
    assessment_id: int
    seq: int | None
    reason: str

    def __str__(self) -> str:
        at = f" event {self.seq}" if self.seq is not None else ""
        return f"assessment {self.assessment_id}{at}: {self.reason}"


def answer_state(row: AnswerRow | None) -> dict[str, Any]:
    """An answer as recorded in events: what the chain promises the table holds."""
    if row is None:
        return {}
    response: Any = row.special if row.special is not None else row.level
    return {
        "response": response,
        "rationale": row.rationale,
        "evidence": json.loads(row.evidence),
    }


def _settled(state: dict[str, Any]) -> dict[str, Any]:
    """A cleared answer is the same as no answer."""
    return {} if state.get("response") is None else state


def verify_assessment(session: Session, assessment: AssessmentRow) -> ChainBreak | None:
    """The first broken link of one assessment's chain, or None when it is intact."""
    events = session.scalars(
        select(AnswerEventRow)
        .where(AnswerEventRow.assessment_id == assessment.id)
        .order_by(AnswerEventRow.id)
    ).all()
    prev_hash, replayed = GENESIS, {}
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return ChainBreak(
                assessment.id,
                expected_seq,
                f"event missing or out of order (found seq {event.seq})",
            )
        if event.prev_hash != prev_hash:
            return ChainBreak(assessment.id, event.seq, "does not link to the event before it")
        if event.hash != event_hash(prev_hash, assessment.uid, event):
            return ChainBreak(assessment.id, event.seq, "content does not match its hash")
        prev_hash = event.hash
        if event.kind == "answer" and event.item_id is not None:
            replayed[event.item_id] = _settled(json.loads(event.after))
    rows = session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == assessment.id))
    for row in rows:
        if replayed.get(row.item_id, {}) != _settled(answer_state(row)):
            return ChainBreak(
                assessment.id,
                None,
                f"answer to {row.item_id!r} differs from "
                "its audit trail (edited outside ctcap, or an event was deleted)",
            )
    return _check_stored_scores(session, assessment, events[-1].seq if events else 0)


def _check_stored_scores(
    session: Session, assessment: AssessmentRow, last_seq: int
) -> ChainBreak | None:
    """A stored summary that would be used must equal the scores of the answers."""
    stored = session.get(RoundScoreRow, assessment.id)
    if stored is None or stored.event_seq != last_seq or stored.rules != SUMMARY_RULES:
        return None  # absent or outdated: never used, so nothing to trust
    checklist = checklist_snapshot(session, assessment.checklist_version_id)
    expected = summary_to_json(summarise(checklist, responses_of(session, assessment.id)))
    if stored.summary != expected:
        return ChainBreak(
            assessment.id,
            None,
            "stored round scores differ from its answers (edited outside ctcap)",
        )
    return None


def verify_all(session: Session, assessment_id: int | None = None) -> tuple[int, ChainBreak | None]:
    """Verify every chain (or one); return how many were checked and the first break."""
    from ctcap.errors import NotFoundError

    query = select(AssessmentRow).order_by(AssessmentRow.id)
    if assessment_id is not None:
        query = query.where(AssessmentRow.id == assessment_id)
    rows = session.scalars(query).all()
    if assessment_id is not None and not rows:
        raise NotFoundError(f"assessment {assessment_id} not found")
    for row in rows:
        broken = verify_assessment(session, row)
        if broken is not None:
            return len(rows), broken
    return len(rows), None
