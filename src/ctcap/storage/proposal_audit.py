"""The proposal log: a hash chain per assessment, beside the round's answer chain.

Why a chain of its own: the answer chain is the record of the round, and it travels in
bundles (``storage.bundles``) and must read the same on every copy; proposals are local
working material, like the import log. What they change in the record does go into the
answer chain: an accepted or edited proposal writes its answer through
``repository.record_answer``, whose ``answer`` event carries the provenance in its
rationale and evidence. The proposal log's ``accept`` and ``edit`` events name that
answer event (seq and hash), and ``verify`` checks the link, the log's own hashes, and
that replaying the log gives the proposals table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .audit import GENESIS, ChainBreak, chain_hash, dumps
from .models import AnswerEventRow, AssessmentRow
from .proposal_models import ProposalEventRow, ProposalRow
from .reading import driver_rows

# The log's hashes are domain-separated from the answer chain's by this suffix on the uid.
LOG_SUFFIX = "/proposals"

_LAST = (
    select(ProposalEventRow.seq, ProposalEventRow.hash)
    .where(ProposalEventRow.assessment_id == bindparam("assessment_id"))
    .order_by(ProposalEventRow.seq.desc())
    .limit(1)
)


def append_proposal_event(
    session: Session,
    assessment: AssessmentRow,
    *,
    kind: str,
    item_id: str | None,
    actor: str,
    at: str,
    before: Any,
    after: Any,
) -> ProposalEventRow:
    """Append one event to the proposal log. The caller holds the assessment's write lock."""
    last = session.execute(_LAST, {"assessment_id": assessment.id}).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = ProposalEventRow(
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
    event.hash = chain_hash(
        prev_hash, assessment.uid + LOG_SUFFIX, seq, kind, item_id, actor, at,
        event.before, event.after,
    )  # fmt: skip
    session.add(event)
    return event


_EVENTS = (
    ProposalEventRow.assessment_id,
    ProposalEventRow.seq,
    ProposalEventRow.kind,
    ProposalEventRow.item_id,
    ProposalEventRow.actor,
    ProposalEventRow.at,
    ProposalEventRow.before,
    ProposalEventRow.after,
    ProposalEventRow.prev_hash,
    ProposalEventRow.hash,
)
_PROPOSALS = (
    ProposalRow.assessment_id,
    ProposalRow.id,
    ProposalRow.item_id,
    ProposalRow.level,
    ProposalRow.special,
    ProposalRow.status,
)


def verify_logs(session: Session, assessments: Sequence[tuple[int, str]]) -> ChainBreak | None:
    """The first break in the proposal logs of ``assessments`` (id, uid), or None."""
    ids = [assessment_id for assessment_id, _ in assessments]
    events = _grouped(
        session,
        select(*_EVENTS)
        .where(ProposalEventRow.assessment_id.in_(ids))
        .order_by(ProposalEventRow.assessment_id, ProposalEventRow.id),
    )
    if not events:
        return None
    proposals = _grouped(session, select(*_PROPOSALS).where(ProposalRow.assessment_id.in_(ids)))
    answers = _answer_hashes(session, events)
    for assessment_id, uid in assessments:
        broken = _check_log(
            assessment_id, uid, events.get(assessment_id, []),
            proposals.get(assessment_id, []), answers,
        )  # fmt: skip
        if broken is not None:
            return broken
    return None


def _grouped(session: Session, query: Any) -> dict[int, list[tuple[Any, ...]]]:
    found: dict[int, list[tuple[Any, ...]]] = {}
    for row in driver_rows(session, query):
        found.setdefault(row[0], []).append(row)
    return found


def _answer_hashes(
    session: Session, events: dict[int, list[tuple[Any, ...]]]
) -> dict[tuple[int, int], str]:
    """The hashes of the answer events that accept and edit events name."""
    wanted: dict[int, set[int]] = {}
    for assessment_id, rows in events.items():
        for row in rows:
            if row[2] in ("accept", "edit"):
                wanted.setdefault(assessment_id, set()).add(json.loads(row[7])["answer"]["seq"])
    found: dict[tuple[int, int], str] = {}
    for assessment_id, seqs in wanted.items():
        query = select(AnswerEventRow.seq, AnswerEventRow.hash).where(
            AnswerEventRow.assessment_id == assessment_id, AnswerEventRow.seq.in_(sorted(seqs))
        )
        for seq, digest in driver_rows(session, query):
            found[(assessment_id, seq)] = digest
    return found


def _check_log(
    assessment_id: int,
    uid: str,
    events: list[tuple[Any, ...]],
    proposals: list[tuple[Any, ...]],
    answers: dict[tuple[int, int], str],
) -> ChainBreak | None:
    prev_hash, replayed = GENESIS, {}
    for expected_seq, event in enumerate(events, start=1):
        _, seq, kind, item_id, actor, at, before, after, prev, digest = event
        where = f"proposal log event {seq}"
        if seq != expected_seq:
            return ChainBreak(assessment_id, None, f"proposal log event {expected_seq} missing")
        if prev != prev_hash:
            return ChainBreak(assessment_id, None, f"{where} does not link to the one before")
        if digest != chain_hash(
            prev_hash, uid + LOG_SUFFIX, seq, kind, item_id, actor, at, before, after
        ):
            return ChainBreak(assessment_id, None, f"{where}: content does not match its hash")
        prev_hash = digest
        state = json.loads(after)
        if kind == "propose":
            for made in state["proposals"]:
                replayed[made["id"]] = (made["item"], made["response"], "pending")
            for old in state.get("superseded", []):
                item, response, _ = replayed.get(old, ("?", None, ""))
                replayed[old] = (item, response, "superseded")
        else:
            old = replayed.get(state["proposal"], (item_id, None, ""))
            replayed[state["proposal"]] = (old[0], old[1], state["status"])
            link = state.get("answer")
            if link is not None and answers.get((assessment_id, link["seq"])) != link["hash"]:
                return ChainBreak(
                    assessment_id, None, f"{where} names answer event {link['seq']}, "
                    "which is not in the answer chain with that hash",
                )  # fmt: skip
    return _check_replay(assessment_id, replayed, proposals)


def _check_replay(
    assessment_id: int,
    replayed: dict[int, tuple[str, Any, str]],
    proposals: list[tuple[Any, ...]],
) -> ChainBreak | None:
    table = {}
    for _, proposal_id, item_id, level, special, status in proposals:
        table[proposal_id] = (item_id, special if special is not None else level, status)
    if table != replayed:
        changed = sorted(set(table.items()) ^ set(replayed.items()))
        first = changed[0][0] if changed else "?"
        return ChainBreak(
            assessment_id,
            None,
            f"proposal {first} differs from the proposal log "
            "(edited outside ctcap, or a log event was deleted)",
        )
    return None
