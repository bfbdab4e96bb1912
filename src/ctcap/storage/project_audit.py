"""Each project's own hash chain: one event per change, holding the whole project.

Projects get their own chains rather than events in an assessment's: a project spans
many rounds (and may have no assessment at all), and its changes are a donor's record,
not an assessor's. The links are those of ``audit``: each event hashes the previous hash
and itself (``audit.chain_hash``, with the project's uid in place of an assessment's),
so an edited, deleted or reordered event breaks every link after it; and the last
event's ``after`` must equal the project as stored, which catches a deleted last event
or a row edited outside ctcap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .audit import GENESIS, chain_hash, dumps
from .project_models import ProjectEventRow, ProjectRow
from .reading import driver_rows

if TYPE_CHECKING:
    from .projects import ProjectRecord

_LAST = (
    select(ProjectEventRow.seq, ProjectEventRow.hash)
    .where(ProjectEventRow.project_id == bindparam("project_id"))
    .order_by(ProjectEventRow.seq.desc())
    .limit(1)
)


def append(
    session: Session, row: ProjectRow, *, kind: str, actor: str, at: str, before: Any, after: Any
) -> ProjectEventRow:
    """Append one event to ``row``'s chain (the caller's transaction holds the row)."""
    last = session.execute(_LAST, {"project_id": row.id}).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = ProjectEventRow(
        project_id=row.id,
        seq=seq,
        kind=kind,
        actor=actor,
        at=at,
        before=dumps(before),
        after=dumps(after),
        prev_hash=prev_hash,
    )
    event.hash = chain_hash(
        prev_hash, row.uid, seq, kind, None, actor, at, event.before, event.after
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ProjectEvent:
    seq: int
    kind: str
    actor: str
    at: str
    before: dict[str, Any]
    after: dict[str, Any]
    hash: str


def events(session: Session, project_id: int) -> list[ProjectEvent]:
    query = (
        select(ProjectEventRow)
        .where(ProjectEventRow.project_id == project_id)
        .order_by(ProjectEventRow.seq)
    )
    return [
        ProjectEvent(
            e.seq, e.kind, e.actor, e.at, json.loads(e.before), json.loads(e.after), e.hash
        )
        for e in session.scalars(query)
    ]


@dataclass(frozen=True)
class ProjectChainBreak:
    identifier: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        at = f" event {self.seq}" if self.seq is not None else ""
        return f"project {self.identifier!r}{at}: {self.reason}"


_EVENT_COLUMNS = (
    ProjectEventRow.project_id,
    ProjectEventRow.seq,
    ProjectEventRow.kind,
    ProjectEventRow.actor,
    ProjectEventRow.at,
    ProjectEventRow.before,
    ProjectEventRow.after,
    ProjectEventRow.prev_hash,
    ProjectEventRow.hash,
)
_CHUNK = 500


def _check(uid: str, identifier: str, chain: Sequence[tuple[Any, ...]]) -> ProjectChainBreak | None:
    prev_hash = GENESIS
    for expected, (_, seq, kind, actor, at, before, after, prev, digest) in enumerate(chain, 1):
        if seq != expected:
            return ProjectChainBreak(identifier, expected, f"event missing or out of order ({seq})")
        if prev != prev_hash:
            return ProjectChainBreak(identifier, seq, "does not link to the event before it")
        if digest != chain_hash(prev_hash, uid, seq, kind, None, actor, at, before, after):
            return ProjectChainBreak(identifier, seq, "content does not match its hash")
        prev_hash = digest
    if not chain:
        return ProjectChainBreak(identifier, None, "has no audit events")
    return None


def verify_projects(session: Session) -> tuple[int, ProjectChainBreak | None]:
    """Check every project's chain and that its last event equals the stored project."""
    from .projects import get_project, project_state

    rows = driver_rows(
        session,
        select(ProjectRow.id, ProjectRow.uid, ProjectRow.identifier).order_by(ProjectRow.id),
    )
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        query = (
            select(*_EVENT_COLUMNS)
            .where(ProjectEventRow.project_id.in_([r[0] for r in chunk]))
            .order_by(ProjectEventRow.project_id, ProjectEventRow.seq)
        )
        chains: dict[int, list[tuple[Any, ...]]] = {}
        for event in driver_rows(session, query):
            chains.setdefault(event[0], []).append(event)
        for project_id, uid, identifier in chunk:
            chain = chains.get(project_id, [])
            broken = _check(uid, identifier, chain)
            if broken is None:
                record: ProjectRecord = get_project(session, project_id)
                stored = project_state(record.project, record.mark)
                if json.loads(chain[-1][6]) != json.loads(dumps(stored)):
                    broken = ProjectChainBreak(
                        identifier, None, "differs from its audit trail (edited outside ctcap, "
                        "or an event was deleted)",
                    )  # fmt: skip
            if broken is not None:
                return len(rows), broken
    return len(rows), None
