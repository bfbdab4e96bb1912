"""Projects in bundles: exported with their whole chain, imported without rewriting one.

Export: the projects of the assessment's country that link items of its checklist, each
with every event of its chain (so the receiving side verifies it) and, for each link,
the content hash of the checklist version it was checked against. A release leaves out
a project marked above its level now or at any point of its chain (a mark later lowered
still guarded what was written then). A chain broken here is refused, not handed on.

Import, by identifier and uid: a project not here is added exactly as its chain states
it; the same history is nothing to do; a history that extends this one (the sender went
on) is appended, and one this one extends (the bundle is older) changes nothing. Any
other difference is refused, naming the project: a recorded history is never rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.marks import MarkError, Release
from ctcap.errors import CtcapError

from ..handling import mark_scheme
from ..models import AssessmentRow, ChecklistVersionRow
from ..project_audit import ProjectChainBreak, _check
from ..project_models import ProjectEventRow, ProjectRow
from ..project_reading import ProjectFilter, list_projects
from ..projects import ProjectRecord, _put_links, project_state, row_values
from ..repository import record_checklist_version
from .format import Bundle
from .project_format import ProjectEventPart, ProjectPart, state_project

_EVENT_COLUMNS = ("seq", "kind", "actor", "at", "before", "after", "prev_hash", "hash")


def _chain(session: Session, project_id: int) -> list[ProjectEventRow]:
    query = select(ProjectEventRow).where(ProjectEventRow.project_id == project_id)
    return list(session.scalars(query.order_by(ProjectEventRow.seq)))


def project_parts(
    session: Session, row: AssessmentRow, release: Release | None
) -> list[dict[str, Any]]:
    """The bundle's ``projects``: those of the round's country linking its checklist."""
    version = session.get(ChecklistVersionRow, row.checklist_version_id)
    assert version is not None  # a foreign key
    where = ProjectFilter(country=row.country_code, checklist_id=version.checklist_id)
    query = select(ChecklistVersionRow.id, ChecklistVersionRow.content_hash)
    hashes = {version_id: digest for version_id, digest in session.execute(query)}
    parts = []
    for record in list_projects(session, where):
        chain = _chain(session, record.id)
        _check_exportable(record, chain)
        states = [json.loads(e.after) for e in chain]
        if release is not None and any(
            release.withheld(str(s.get("mark", record.mark))) for s in states
        ):
            continue
        links = [{"checklist": link.checklist_id, "item": link.item_id,
                  "content_hash": hashes[version_id]}
                 for link, version_id in sorted(record.link_versions.items())]  # fmt: skip
        events = [
            {**{c: getattr(e, c) for c in _EVENT_COLUMNS},
             "before": json.loads(e.before), "after": json.loads(e.after)}
            for e in chain
        ]  # fmt: skip
        parts.append({"uid": record.uid, "identifier": record.project.identifier,
                      "links": links, "events": events})  # fmt: skip
    return parts


def _check_exportable(record: ProjectRecord, chain: Sequence[ProjectEventRow]) -> None:
    rows = [(e.project_id, *(getattr(e, c) for c in _EVENT_COLUMNS)) for e in chain]
    broken = _check(record.uid, record.project.identifier, rows)
    if broken is None and json.loads(chain[-1].after) != project_state(record.project, record.mark):
        broken = ProjectChainBreak(record.project.identifier, None, "differs from its audit trail")
    if broken is not None:
        raise CtcapError(f"not exported: audit chain broken: {broken}")


def import_projects(session: Session, bundle: Bundle) -> tuple[str, ...]:
    """Add (or bring up to date) the bundle's projects; the identifiers that changed."""
    scheme = mark_scheme(session)
    changed = []
    for part in bundle.content.projects:
        mark = str(part.events[-1].after["mark"])
        try:
            scheme.rank(mark)
        except MarkError:
            raise CtcapError(
                f"not imported: project {part.identifier!r} is marked {mark[:40]!r}, not a "
                f"level of this database's scheme ({', '.join(scheme.levels)})"
            ) from None
        if _import_one(session, bundle, part):
            changed.append(part.identifier)
    return tuple(changed)


def _refuse(part: ProjectPart, rule: str) -> CtcapError:
    return CtcapError(
        f"not imported: project {part.identifier!r}: {rule}; a recorded history is never rewritten"
    )


def _import_one(session: Session, bundle: Bundle, part: ProjectPart) -> bool:
    by_identifier = session.scalars(
        select(ProjectRow).where(ProjectRow.identifier == part.identifier).with_for_update()
    ).first()
    by_uid = session.scalar(select(ProjectRow.identifier).where(ProjectRow.uid == part.uid))
    if by_identifier is None and by_uid is None:
        _put(session, bundle, part, None)
        return True
    if by_identifier is None or by_identifier.uid != part.uid:
        raise _refuse(part, "this database holds another project under its identifier or uid")
    ours = [e.hash for e in _chain(session, by_identifier.id)]
    theirs = [e.hash for e in part.events]
    if theirs[: len(ours)] == ours:
        if len(theirs) == len(ours):
            return False  # the same history
        _put(session, bundle, part, by_identifier, since=len(ours))
        return True
    if ours[: len(theirs)] == theirs:
        return False  # the bundle is older: this database has seen all of it
    raise _refuse(part, "its history here differs from the bundle's")


def _time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.removesuffix("Z"))


def _put(
    session: Session, bundle: Bundle, part: ProjectPart, row: ProjectRow | None, since: int = 0
) -> None:
    """The project as the bundle's last event states it, and the events after ``since``."""
    parsed = state_project(part.events[-1].after)
    assert parsed is not None  # checked when the bundle was read
    project, mark = parsed
    assert mark is not None
    if row is None:
        row = ProjectRow(uid=part.uid, created_at=_time(part.events[0].at))
        session.add(row)
    for name, value in row_values(project).items():
        setattr(row, name, value)
    row.mark, row.updated_at = mark, _time(part.events[-1].at)
    session.flush()
    _put_links(session, row, _link_versions(session, bundle, part))
    for event in part.events[since:]:
        session.add(_event_row(row.id, event))
    session.flush()


def _event_row(project_id: int, event: ProjectEventPart) -> ProjectEventRow:
    from ..audit import dumps

    return ProjectEventRow(
        project_id=project_id, seq=event.seq, kind=event.kind, actor=event.actor, at=event.at,
        before=dumps(event.before), after=dumps(event.after), prev_hash=event.prev_hash,
        hash=event.hash,
    )  # fmt: skip


def _link_versions(session: Session, bundle: Bundle, part: ProjectPart) -> dict[Any, int]:
    """Each link's checklist version here, by the content hash the bundle names."""
    from ctcap.domain.projects import ItemLink

    versions: dict[Any, int] = {}
    for link in part.links:
        found = session.scalar(
            select(ChecklistVersionRow.id)
            .where(ChecklistVersionRow.content_hash == link.content_hash)
            .limit(1)
        )
        if found is None and link.content_hash == bundle.content.checklist.content_hash:
            found = record_checklist_version(session, bundle.checklist)
        if found is None:
            raise _refuse(
                part,
                f"it links {link.checklist}:{link.item} as checked against a version of "
                f"{link.checklist!r} this database does not hold",
            )
        versions[ItemLink(link.checklist, link.item)] = found
    return versions
