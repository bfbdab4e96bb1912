"""The tamper-evident audit chain: each event hashes the previous hash and itself.

Like git, an event's hash covers everything before it, so an edited, deleted or
reordered event breaks every link after it. Replaying the chain must also give
the answers table exactly, which catches a deleted last event or an edited answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ctcap.domain.summary import RULES as SUMMARY_RULES
from ctcap.domain.summary import summarise, summary_to_json

from .answer_codec import normal_state, state_of
from .models import AnswerEventRow, AnswerRow, AssessmentRow, RoundScoreRow
from .reading import driver_rows, stored_response
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
    return state_of(
        row.level, row.special, row.rationale, row.evidence, row.confidence, row.facts, row.mark
    )


def handling_state(row: AssessmentRow) -> dict[str, Any]:
    """Who assessed, how, and the marks, as the create event (and ``mark`` events) record them."""
    return {
        "assessment_type": row.assessment_type,
        "team": json.loads(row.team),
        "mark": row.mark,
        "names_mark": row.names_mark,
    }


def member_state(row: Any) -> dict[str, Any]:
    """A panel member's own answer as their chain records it: references stay plain text."""
    response: Any = row.special if row.special is not None else row.level
    return {"response": response, "rationale": row.rationale, "evidence": json.loads(row.evidence)}


def settled(state: Any) -> dict[str, Any]:
    """A cleared answer is the same as no answer; an event of either format, as today's."""
    return normal_state(state)


# Verifying -------------------------------------------------------------------------------

# Read for many assessments at once, as the driver's tuples: verifying a portfolio of
# 11,700 assessments one ORM query at a time spent most of its time building objects.
_EVENTS = (
    AnswerEventRow.assessment_id,
    AnswerEventRow.seq,
    AnswerEventRow.kind,
    AnswerEventRow.item_id,
    AnswerEventRow.actor,
    AnswerEventRow.at,
    AnswerEventRow.before,
    AnswerEventRow.after,
    AnswerEventRow.prev_hash,
    AnswerEventRow.hash,
)
_ANSWERS = (
    AnswerRow.assessment_id,
    AnswerRow.item_id,
    AnswerRow.level,
    AnswerRow.special,
    AnswerRow.rationale,
    AnswerRow.evidence,
    AnswerRow.confidence,
    AnswerRow.facts,
    AnswerRow.mark,
)
_SCORES = (
    RoundScoreRow.assessment_id,
    RoundScoreRow.event_seq,
    RoundScoreRow.rules,
    RoundScoreRow.summary,
)
_CHUNK = 200  # assessments read together


_HEADS = (
    AssessmentRow.id,
    AssessmentRow.uid,
    AssessmentRow.checklist_version_id,
    AssessmentRow.assessment_type,
    AssessmentRow.team,
    AssessmentRow.mark,
    AssessmentRow.names_mark,
)


def verify_assessment(session: Session, assessment: AssessmentRow) -> ChainBreak | None:
    """The first broken link of one assessment's chain, or None when it is intact."""
    head = tuple(getattr(assessment, column.key) for column in _HEADS)
    return _verify_chunk(session, [head])


def verify_all(session: Session, assessment_id: int | None = None) -> tuple[int, ChainBreak | None]:
    """Verify every chain (or one); return how many were checked and the first break."""
    from ctcap.errors import NotFoundError

    query = select(*_HEADS)
    if assessment_id is not None:
        query = query.where(AssessmentRow.id == assessment_id)
    rows = [tuple(row) for row in driver_rows(session, query.order_by(AssessmentRow.id))]
    if assessment_id is not None and not rows:
        raise NotFoundError(f"assessment {assessment_id} not found")
    from .proposal_audit import verify_logs

    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        broken = _verify_chunk(session, chunk) or verify_logs(session, [r[:2] for r in chunk])
        if broken is not None:
            return len(rows), broken
    return len(rows), None


def _verify_chunk(session: Session, assessments: Sequence[tuple[Any, ...]]) -> ChainBreak | None:
    ids = [assessment[0] for assessment in assessments]
    events = _grouped(
        session,
        select(*_EVENTS)
        .where(AnswerEventRow.assessment_id.in_(ids))
        .order_by(AnswerEventRow.assessment_id, AnswerEventRow.id),
    )
    answers = _grouped(
        session,
        select(*_ANSWERS)
        .where(AnswerRow.assessment_id.in_(ids))
        .order_by(AnswerRow.assessment_id, AnswerRow.id),
    )
    query = select(*_SCORES).where(RoundScoreRow.assessment_id.in_(ids))
    scores = {row[0]: row for row in driver_rows(session, query)}
    for assessment_id, uid, version_id, *handling in assessments:
        mine = events.get(assessment_id, [])
        broken = _check_chain(assessment_id, uid, mine, answers.get(assessment_id, []))
        if broken is None:
            broken = _check_handling(assessment_id, mine, handling)
        if broken is None:
            last_seq = mine[-1][1] if mine else 0
            broken = _check_stored_scores(
                session, assessment_id, version_id, last_seq, scores.get(assessment_id),
                answers.get(assessment_id, []),
            )  # fmt: skip
        if broken is not None:
            return broken
    return None


def _grouped(session: Session, query: Any) -> dict[int, list[tuple[Any, ...]]]:
    found: dict[int, list[tuple[Any, ...]]] = {}
    for row in driver_rows(session, query):
        found.setdefault(row[0], []).append(row)
    return found


def _check_chain(
    assessment_id: int, uid: str, events: list[tuple[Any, ...]], answers: list[tuple[Any, ...]]
) -> ChainBreak | None:
    """Hash links in insertion order, then the replay of the answer events against the table."""
    prev_hash, replayed = GENESIS, {}
    for expected_seq, event in enumerate(events, start=1):
        _, seq, kind, item_id, actor, at, before, after, prev, digest = event
        if seq != expected_seq:
            return ChainBreak(
                assessment_id, expected_seq, f"event missing or out of order (found seq {seq})"
            )
        if prev != prev_hash:
            return ChainBreak(assessment_id, seq, "does not link to the event before it")
        if digest != chain_hash(prev_hash, uid, seq, kind, item_id, actor, at, before, after):
            return ChainBreak(assessment_id, seq, "content does not match its hash")
        prev_hash = digest
        if kind == "answer" and item_id is not None:
            replayed[item_id] = settled(json.loads(after))
    for _, item_id, *columns in answers:
        if replayed.get(item_id, {}) != settled(state_of(*columns)):
            return ChainBreak(
                assessment_id,
                None,
                f"answer to {item_id!r} differs from "
                "its audit trail (edited outside ctcap, or an event was deleted)",
            )
    return None


def _check_handling(
    assessment_id: int, events: list[tuple[Any, ...]], stored: list[Any]
) -> ChainBreak | None:
    """The round's type, team and marks as its chain last stated them (chains from before
    0008 state none until a ``mark`` event: then only what that event names is checked)."""
    stated: dict[str, Any] = {}
    for event in events:
        kind, after = event[2], event[7]
        if kind in ("create", "mark") and '"mark"' in after:
            stated.update(
                (key, value)
                for key, value in json.loads(after).items()
                if key in ("assessment_type", "team", "mark", "names_mark")
            )
    assessment_type, team, mark, names_mark = stored
    actual = {
        "assessment_type": assessment_type,
        "team": json.loads(team),
        "mark": mark,
        "names_mark": names_mark,
    }
    for key, value in stated.items():
        if actual[key] != value:
            return ChainBreak(
                assessment_id,
                None,
                f"its {key.replace('_', ' ')} differs from its audit trail (edited outside ctcap)",
            )
    return None


def _check_stored_scores(
    session: Session,
    assessment_id: int,
    version_id: int,
    last_seq: int,
    stored: tuple[Any, ...] | None,
    answers: list[tuple[Any, ...]],
) -> ChainBreak | None:
    """A stored summary that would be used must equal the scores of the answers."""
    if stored is None or stored[1] != last_seq or stored[2] != SUMMARY_RULES:
        return None  # absent or outdated: never used, so nothing to trust
    responses = {}
    for _, item_id, level, special, *_rest in answers:
        response = stored_response(level, special)
        if response is not None:
            responses[item_id] = response
    checklist = checklist_snapshot(session, version_id)
    if stored[3] != summary_to_json(summarise(checklist, responses)):
        return ChainBreak(
            assessment_id,
            None,
            "stored round scores differ from its answers (edited outside ctcap)",
        )
    return None
