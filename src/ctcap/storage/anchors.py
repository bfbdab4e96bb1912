"""Chain heads: what to keep outside the database so that a rewritten trail shows.

``audit verify`` proves each chain consistent with itself. Someone who can write to the
database could still rewrite a chain from some event on and recompute every hash after
it. The head of each chain (its last event's number and hash), kept where the database's
users cannot change it (mailed, printed, committed to another repository), pins the
history up to that point: later, each recorded event must still be there with the same
hash. Chains only grow (answers, finalize, reopen and imports append events), so heads
recorded long ago stay valid.

Projects keep chains of their own (``project_audit``); since version 2 of the file their
heads are recorded beside the assessments', under the same digest. A version 1 file
(assessments only) is still read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .bundles.format import loads_bounded, read_bounded, refuse
from .models import AnswerEventRow, AssessmentRow
from .project_models import ProjectEventRow, ProjectRow
from .reading import driver_rows

FORMAT = "ctcap-audit-heads"
VERSION = 2  # 2: project chains too
READABLE = (1, 2)
MAX_HEADS_BYTES = 32 * 1024 * 1024
_CHUNK = 500  # assessments per query


@dataclass(frozen=True)
class ChainHead:
    assessment_uid: str
    assessment_id: int
    seq: int
    hash: str


def chain_heads(session: Session) -> list[ChainHead]:
    """The last event of every assessment's chain, by assessment id."""
    last = (
        select(AnswerEventRow.assessment_id, func.max(AnswerEventRow.seq).label("seq"))
        .group_by(AnswerEventRow.assessment_id)
        .subquery()
    )
    query = (
        select(AssessmentRow.uid, AssessmentRow.id, AnswerEventRow.seq, AnswerEventRow.hash)
        .join(last, last.c.assessment_id == AssessmentRow.id)
        .join(
            AnswerEventRow,
            (AnswerEventRow.assessment_id == last.c.assessment_id)
            & (AnswerEventRow.seq == last.c.seq),
        )
        .order_by(AssessmentRow.id)
    )
    return [ChainHead(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class ProjectHead:
    project_uid: str
    project_id: int
    seq: int
    hash: str


def project_heads(session: Session) -> list[ProjectHead]:
    """The last event of every project's chain, by project id."""
    last = (
        select(ProjectEventRow.project_id, func.max(ProjectEventRow.seq).label("seq"))
        .group_by(ProjectEventRow.project_id)
        .subquery()
    )
    query = (
        select(ProjectRow.uid, ProjectRow.id, ProjectEventRow.seq, ProjectEventRow.hash)
        .join(last, last.c.project_id == ProjectRow.id)
        .join(
            ProjectEventRow,
            (ProjectEventRow.project_id == last.c.project_id) & (ProjectEventRow.seq == last.c.seq),
        )
        .order_by(ProjectRow.id)
    )
    return [ProjectHead(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class RecordedHeads:
    """What a heads file holds: the assessments' chain heads and the projects'."""

    assessments: list[ChainHead]
    projects: list[ProjectHead]


def heads_digest(heads: list[ChainHead], projects: list[ProjectHead] | None = None) -> str:
    """SHA-256 over the heads: one short value that stands for all of them (version 1:
    ``projects`` None, the assessments' alone)."""
    lines = "".join(f"{h.assessment_uid} {h.seq} {h.hash}\n" for h in heads)
    if projects is not None:
        lines += "".join(f"project {h.project_uid} {h.seq} {h.hash}\n" for h in projects)
    return hashlib.sha256(lines.encode()).hexdigest()


def heads_document(
    heads: list[ChainHead], recorded_at: str, projects: list[ProjectHead] | None = None
) -> str:
    projects = projects or []
    document = {
        "format": FORMAT,
        "version": VERSION,
        "recorded_at": recorded_at,
        "digest": heads_digest(heads, projects),
        "heads": [
            {"assessment": h.assessment_uid, "id": h.assessment_id, "seq": h.seq, "hash": h.hash}
            for h in heads
        ],
        "projects": [
            {"project": h.project_uid, "id": h.project_id, "seq": h.seq, "hash": h.hash}
            for h in projects
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def read_heads(path: Path) -> RecordedHeads:
    """Recorded heads from ``path``; a bad file is refused naming the file and field."""
    name = str(path)
    document = loads_bounded(
        read_bounded(path, "heads file", MAX_HEADS_BYTES), name, "heads file", MAX_HEADS_BYTES
    )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise refuse(name, f"not a {FORMAT} file (write one with `ctcap audit head`)", "format")
    version = document.get("version")
    if version not in READABLE or isinstance(version, bool):
        raise refuse(name, f"version {version!r} is not one of {READABLE}", "version")
    heads = [ChainHead(*_head(entry, name, f"heads[{n}]", "assessment"))
             for n, entry in enumerate(_list(document, "heads", name))]  # fmt: skip
    projects: list[ProjectHead] | None = None
    if version >= 2:
        projects = [ProjectHead(*_head(entry, name, f"projects[{n}]", "project"))
                    for n, entry in enumerate(_list(document, "projects", name))]  # fmt: skip
    if document.get("digest") != heads_digest(heads, projects):
        raise refuse(name, "does not match the heads: the file was edited", "digest")
    return RecordedHeads(heads, projects or [])


def _list(document: dict[str, Any], field: str, name: str) -> list[Any]:
    entries = document.get(field)
    if not isinstance(entries, list):
        raise refuse(name, "must be a list", field)
    return entries


def _head(entry: Any, name: str, where: str, kind: str) -> tuple[str, int, int, str]:
    """One head: uid, id, seq, hash (``kind``: "assessment" or "project")."""
    if not isinstance(entry, dict):
        raise refuse(name, "must be an object", where)
    uid, digest = entry.get(kind), entry.get("hash")
    if not isinstance(uid, str) or not uid:
        article = "an" if kind == "assessment" else "a"
        raise refuse(name, f"must be {article} {kind} uid", f"{where}.{kind}")
    if not isinstance(digest, str) or len(digest) != 64:
        raise refuse(name, "must be a SHA-256 in hex", f"{where}.hash")
    return uid, _count(entry, "id", name, where), _count(entry, "seq", name, where), digest


def _count(entry: dict[str, Any], field: str, name: str, where: str) -> int:
    value = entry.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise refuse(name, "must be a positive whole number", f"{where}.{field}")
    return value


def check_heads(session: Session, heads: list[ChainHead]) -> list[str]:
    """What no longer matches the recorded heads: one line per assessment."""
    ids = {uid: i for uid, i in session.execute(select(AssessmentRow.uid, AssessmentRow.id))}
    wanted = {(ids[h.assessment_uid], h.seq) for h in heads if h.assessment_uid in ids}
    chained = sorted({assessment_id for assessment_id, _ in wanted})
    stored: dict[tuple[int, int], str] = {}
    for start in range(0, len(chained), _CHUNK):
        # Every event of these assessments, kept where recorded: one indexed range read
        # per chunk beats a query per head (and SQLite's row-value IN).
        query = select(AnswerEventRow.assessment_id, AnswerEventRow.seq, AnswerEventRow.hash)
        query = query.where(AnswerEventRow.assessment_id.in_(chained[start : start + _CHUNK]))
        for a, s, h in driver_rows(session, query):
            if (a, s) in wanted:
                stored[a, s] = h
    problems = []
    for head in heads:
        assessment_id = ids.get(head.assessment_uid)
        if assessment_id is None:
            problems.append(
                f"assessment {head.assessment_id} ({head.assessment_uid}) is gone from the database"
            )
            continue
        found = stored.get((assessment_id, head.seq))
        if found is None:
            problems.append(f"assessment {assessment_id}: recorded event {head.seq} is gone")
        elif found != head.hash:
            problems.append(
                f"assessment {assessment_id}: event {head.seq} is not the event recorded "
                "(its history was rewritten)"
            )
    return problems


def check_project_heads(session: Session, heads: list[ProjectHead]) -> list[str]:
    """What no longer matches the recorded project heads: one line per project."""
    rows = session.execute(select(ProjectRow.uid, ProjectRow.id, ProjectRow.identifier))
    known = {uid: (project_id, identifier) for uid, project_id, identifier in rows}
    chained = sorted({known[h.project_uid][0] for h in heads if h.project_uid in known})
    stored: dict[tuple[int, int], str] = {}
    for start in range(0, len(chained), _CHUNK):
        query = select(ProjectEventRow.project_id, ProjectEventRow.seq, ProjectEventRow.hash)
        query = query.where(ProjectEventRow.project_id.in_(chained[start : start + _CHUNK]))
        for project_id, seq, digest in driver_rows(session, query):
            stored[project_id, seq] = digest
    problems = []
    for head in heads:
        if head.project_uid not in known:
            problems.append(
                f"project {head.project_id} ({head.project_uid}) is gone from the database"
            )
            continue
        project_id, identifier = known[head.project_uid]
        found = stored.get((project_id, head.seq))
        if found is None:
            problems.append(f"project {identifier!r}: recorded event {head.seq} is gone")
        elif found != head.hash:
            problems.append(
                f"project {identifier!r}: event {head.seq} is not the event recorded "
                "(its history was rewritten)"
            )
    return problems
