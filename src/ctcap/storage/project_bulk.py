"""A bulk write path for many projects (synthetic portfolios): Core executemany.

The rows are those ``projects.add_project`` writes one at a time, with the same checks
and one ``create`` event per project chained as ``project_audit.append`` chains it, so
``verify_projects`` passes afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ctcap.domain.model import Checklist
from ctcap.domain.projects import Project, check_project

from .audit import GENESIS, chain_hash, dumps
from .currencies import iso_currencies
from .handling import mark_scheme
from .project_models import ProjectEventRow, ProjectLinkRow, ProjectRow
from .projects import ProjectError, project_state, row_values
from .reading import driver_rows
from .repository import record_checklist_version

_CHUNK = 500


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def bulk_add_projects(
    session: Session,
    projects: Sequence[Project],
    *,
    actor: str,
    at: datetime,
    checklists: Mapping[str, Checklist],
    mark: str | None = None,
) -> int:
    """Insert new ``projects`` (countries must exist), each marked ``mark`` (None: the
    scheme's default); return how many were written."""
    level = mark_scheme(session).default if mark is None else mark_scheme(session).parse(mark)
    currencies = iso_currencies()
    items = {c.id: {item.id for item in c.items()} for c in checklists.values()}
    versions = {c.id: record_checklist_version(session, c) for c in checklists.values()}
    for project in projects:
        problems = check_project(project, currencies)
        bad = [
            link for link in project.links if link.item_id not in items.get(link.checklist_id, ())
        ]
        if problems or bad:
            field, message = problems[0] if problems else ("links", f"no item {bad[0]}")
            raise ProjectError(project.identifier, field, message)
    stamp = at.isoformat(timespec="microseconds") + "Z"
    for start in range(0, len(projects), _CHUNK):
        chunk = projects[start : start + _CHUNK]
        uids = {p.identifier: uuid.uuid4().hex for p in chunk}
        rows = [
            {
                **row_values(p),
                "uid": uids[p.identifier],
                "created_at": at,
                "updated_at": at,
                "mark": level,
            }
            for p in chunk
        ]
        session.execute(insert(_table(ProjectRow)), rows)
        query = select(ProjectRow.identifier, ProjectRow.id).where(
            ProjectRow.identifier.in_(list(uids))
        )
        ids = dict(driver_rows(session, query))
        links, events = [], []
        for project in chunk:
            project_id = ids[project.identifier]
            links += [
                {"project_id": project_id, "checklist_id": link.checklist_id,
                 "item_id": link.item_id, "checklist_version_id": versions[link.checklist_id]}
                for link in project.links
            ]  # fmt: skip
            after = dumps(project_state(project, level))
            digest = chain_hash(GENESIS, uids[project.identifier], 1, "create", None, actor,
                                stamp, "{}", after)  # fmt: skip
            events.append({"project_id": project_id, "seq": 1, "kind": "create", "actor": actor,
                           "at": stamp, "before": "{}", "after": after, "prev_hash": GENESIS,
                           "hash": digest})  # fmt: skip
        if links:
            session.execute(insert(_table(ProjectLinkRow)), links)
        session.execute(insert(_table(ProjectEventRow)), events)
    return len(projects)
