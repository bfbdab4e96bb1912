"""A bulk write path for large synthetic portfolios: Core executemany, not ORM objects.

Rows are the same as the repository writes one at a time (answers, and audit events
chained exactly as ``audit.append_event`` chains them), so the result verifies.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from json.encoder import encode_basestring
from typing import Any, cast

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.domain.model import Checklist

from .audit import GENESIS, chain_hash, dumps
from .models import AnswerEventRow, AnswerRow, AssessmentRow
from .repository import ensure_country, record_checklist_version


@dataclass(frozen=True)
class BulkRound:
    """One final assessment to write: every item answered."""

    country: str
    as_of: date
    responses: Sequence[tuple[str, Response, str]]  # item id, response, rationale


def _state(response: Response, rationale: str) -> str:
    """``audit.dumps`` of the answer state, assembled directly (it runs per answer)."""
    value = encode_basestring(response.value) if isinstance(response, Special) else response
    return f'{{"evidence":[],"rationale":{encode_basestring(rationale)},"response":{value}}}'


def _executemany(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One driver-level executemany: no per-row statement processing in SQLAlchemy."""
    if not rows:
        return
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(rows[0]))
    if compiled.positional:
        order = compiled.positiontup or []
        connection.exec_driver_sql(str(compiled), [tuple(r[k] for k in order) for r in rows])
    else:
        connection.exec_driver_sql(str(compiled), rows)


def bulk_insert_rounds(
    session: Session,
    checklist: Checklist,
    rounds: Sequence[BulkRound],
    *,
    assessor: str,
    at: datetime,
) -> int:
    """Insert final, synthetic assessments with answers and a valid audit chain."""
    version_id = record_checklist_version(session, checklist)
    for code in sorted({r.country for r in rounds}):
        ensure_country(session, code)
    stamp = at.isoformat(timespec="microseconds") + "Z"
    heads = [
        {
            "uid": uuid.uuid4().hex,
            "country_code": r.country,
            "checklist_version_id": version_id,
            "title": f"{r.country}: {checklist.title} as of {r.as_of.isoformat()} (synthetic)",
            "as_of": r.as_of,
            "assessor": assessor,
            "status": "final",
            "synthetic": True,
            "created_at": at,
            "updated_at": at,
            "finalized_at": at,
        }
        for r in rounds
    ]
    ids = (
        session.execute(
            insert(AssessmentRow).returning(AssessmentRow.id, sort_by_parameter_order=True), heads
        )
        .scalars()
        .all()
    )
    answers: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    for assessment_id, head, bulk_round in zip(ids, heads, rounds, strict=True):
        uid = str(head["uid"])
        chain: list[tuple[str, str | None, str, str]] = [
            (
                "create",
                None,
                "{}",
                dumps(
                    {
                        "checklist": checklist.id,
                        "version": checklist.version,
                        "country": bulk_round.country,
                        "as_of": bulk_round.as_of.isoformat(),
                    }
                ),
            ),
        ]
        for item_id, response, rationale in bulk_round.responses:
            special = response.value if isinstance(response, Special) else None
            answers.append(
                {
                    "assessment_id": assessment_id,
                    "item_id": item_id,
                    "level": None if special else int(response),
                    "special": special,
                    "rationale": rationale,
                    "evidence": "[]",
                    "assessor": assessor,
                    "updated_at": at,
                    "version": 1,
                    "needs_rescore": False,
                }
            )
            chain.append(("answer", item_id, "{}", _state(response, rationale)))
        chain.append(("finalize", None, dumps({"status": "draft"}), dumps({"status": "final"})))
        prev = GENESIS
        for seq, (kind, event_item, before, after) in enumerate(chain, start=1):
            digest = chain_hash(prev, uid, seq, kind, event_item, assessor, stamp, before, after)
            events.append(
                {
                    "assessment_id": assessment_id,
                    "seq": seq,
                    "kind": kind,
                    "item_id": event_item,
                    "actor": assessor,
                    "at": stamp,
                    "before": before,
                    "after": after,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
    # Driver-level executemany: the ORM's bulk insert splits rows by which keys are None,
    # and Core's processes each row's parameters; neither is needed for these plain values.
    connection = session.connection()
    _executemany(connection, cast(Table, AnswerRow.__table__), answers)
    _executemany(connection, cast(Table, AnswerEventRow.__table__), events)
    return len(answers)
