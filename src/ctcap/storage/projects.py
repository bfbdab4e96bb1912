"""The project register: adding, updating and linking projects, each change an audited event.

Every write checks the whole project first (``domain.projects.check_project``, the
recipient country against ISO 3166-1, each linked item against its checklist) and raises
``ProjectError`` naming the field before anything is written; the caller's transaction
then leaves the database as it was. Each change appends one event to the project's own
hash chain (``project_audit``), holding the whole project before and after.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.marks import MarkError
from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import ItemLink, Money, Project, Scheme, Status, check_project
from ctcap.errors import CtcapError, NotFoundError

from . import project_audit
from .countries import normalise_code
from .currencies import iso_currencies
from .handling import mark_scheme
from .project_models import ProjectLinkRow, ProjectRow
from .repository import ensure_country, record_checklist_version, stamp_now, utcnow


class ProjectError(CtcapError):
    """A project that cannot be stored as given; ``field`` names what is wrong."""

    def __init__(self, identifier: str, field: str, message: str) -> None:
        self.identifier, self.field, self.reason = identifier, field, message
        super().__init__(f"project {identifier!r}: {field}: {message}")


@dataclass(frozen=True)
class ProjectRecord:
    id: int
    uid: str
    project: Project
    link_versions: Mapping[ItemLink, int]  # the checklist version each link was checked on
    created_at: datetime
    updated_at: datetime
    mark: str  # a level of the database's mark scheme (``domain.marks``)


_SIMPLE = (
    "identifier",
    "title",
    "description",
    "reporting_org",
    "reporting_org_ref",
    "funding_org",
    "funding_org_ref",
    "implementing_org",
    "implementing_org_ref",
    "programme",
    "recipient_country",
    "recipient_region",
    "parent",
    "decided",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "approximate",
    "source",
    "synthetic",
    "note",
)
_MONEY = ("budget", "committed", "disbursed")


def to_minor(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def from_minor(value: int | None) -> Decimal | None:
    return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


def _money_columns(project: Project) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "currency": project.money.currency,
        "donor_currency": project.donor_money.currency,
    }
    for part in _MONEY:
        columns[part] = to_minor(getattr(project.money, part))
        columns[f"donor_{part}"] = to_minor(getattr(project.donor_money, part))
    return columns


def row_values(project: Project) -> dict[str, Any]:
    """The ``projects`` columns of ``project`` (without id, uid and times)."""
    values = {name: getattr(project, name) for name in _SIMPLE}
    values["scheme"] = project.scheme.value if project.scheme else None
    values["status"] = int(project.status) if project.status else None
    values["area"] = project.area.value if project.area else None
    return values | _money_columns(project)


def project_from_values(values: Mapping[str, Any], links: Sequence[ItemLink]) -> Project:
    """A ``Project`` from column values (a row's mapping), and its links."""
    money = Money(values["currency"], *(from_minor(values[p]) for p in _MONEY))
    donor = Money(values["donor_currency"], *(from_minor(values[f"donor_{p}"]) for p in _MONEY))
    return Project(
        **{name: values[name] for name in _SIMPLE},
        scheme=Scheme(values["scheme"]) if values["scheme"] else None,
        status=Status(values["status"]) if values["status"] else None,
        area=AssistanceArea(values["area"]) if values["area"] else None,
        money=money,
        donor_money=donor,
        links=tuple(sorted(links)),
    )


def project_state(project: Project, mark: str) -> dict[str, Any]:
    """The project as its audit events record it: plain JSON values, links sorted, and its
    handling mark (events before migration 0010 have none)."""
    state = row_values(project)
    for key, value in state.items():
        if isinstance(value, Decimal):
            state[key] = str(value)
    state["links"] = [str(link) for link in sorted(project.links)]
    state["mark"] = mark
    return state


def parse_mark(session: Session, identifier: str, mark: str | None) -> str:
    """``mark`` as a level of this database's scheme (None: the scheme's default)."""
    scheme = mark_scheme(session)
    if mark is None:
        return scheme.default
    try:
        return scheme.parse(mark)
    except MarkError as exc:
        raise ProjectError(identifier, "mark", str(exc)) from None


def _refuse(project: Project, field: str, message: str) -> ProjectError:
    return ProjectError(project.identifier, field, message)


def checked(
    session: Session, project: Project, checklists: Mapping[str, Checklist]
) -> tuple[Project, dict[ItemLink, int]]:
    """``project`` with its country code normalised, and each link's checklist version id.

    Raises ``ProjectError`` for the first problem found; nothing is written but the
    checklist snapshot (and country row) the links and recipient need.
    """
    problems = check_project(project, iso_currencies())
    if problems:
        raise _refuse(project, *problems[0])
    if project.recipient_country is not None:
        try:
            code = normalise_code(project.recipient_country)
        except NotFoundError as exc:
            raise _refuse(project, "recipient_country", str(exc)) from None
        project = replace(project, recipient_country=code)
    versions: dict[ItemLink, int] = {}
    for link in project.links:
        checklist = checklists.get(link.checklist_id)
        if checklist is None:
            known = ", ".join(sorted(checklists))
            raise _refuse(
                project, "links", f"unknown checklist {link.checklist_id!r} (known: {known})"
            )
        if link.item_id not in {item.id for item in checklist.items()}:
            raise _refuse(
                project, "links", f"checklist {link.checklist_id!r} has no item {link.item_id!r}"
            )
        versions[link] = record_checklist_version(session, checklist)
    if project.recipient_country is not None:
        try:
            ensure_country(session, project.recipient_country)
        except NotFoundError as exc:
            raise _refuse(project, "recipient_country", str(exc)) from None
    return project, versions


def _row_for(session: Session, identifier: str, *, lock: bool = False) -> ProjectRow | None:
    query = select(ProjectRow).where(ProjectRow.identifier == identifier)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def _put_links(session: Session, row: ProjectRow, versions: Mapping[ItemLink, int]) -> None:
    existing = {
        ItemLink(link.checklist_id, link.item_id): link
        for link in session.scalars(
            select(ProjectLinkRow).where(ProjectLinkRow.project_id == row.id)
        )
    }
    for link, stored in existing.items():
        if link not in versions:
            session.delete(stored)
    for link, version_id in versions.items():
        if link not in existing:
            session.add(
                ProjectLinkRow(
                    project_id=row.id,
                    checklist_id=link.checklist_id,
                    item_id=link.item_id,
                    checklist_version_id=version_id,
                )
            )
    session.flush()


def add_project(
    session: Session,
    project: Project,
    *,
    actor: str,
    checklists: Mapping[str, Checklist],
    mark: str | None = None,
) -> ProjectRecord:
    """Store a new project (its identifier must be new) with a ``create`` event, marked
    ``mark`` (None: the scheme's default)."""
    if _row_for(session, project.identifier) is not None:
        raise _refuse(project, "identifier", "a project with this identifier exists already")
    level = parse_mark(session, project.identifier, mark)
    project, versions = checked(session, project, checklists)
    now = utcnow()
    row = ProjectRow(
        uid=uuid.uuid4().hex, created_at=now, updated_at=now, mark=level, **row_values(project)
    )
    session.add(row)
    session.flush()
    _put_links(session, row, versions)
    project_audit.append(
        session,
        row,
        kind="create",
        actor=actor,
        at=stamp_now(),
        before={},
        after=project_state(project, level),
    )
    return get_project(session, project.identifier)


def save_project(
    session: Session,
    project: Project,
    *,
    actor: str,
    checklists: Mapping[str, Checklist],
    kind: str = "update",
    mark: str | None = None,
) -> tuple[ProjectRecord, str]:
    """Create or update ``project`` by identifier: ``created``, ``updated`` or ``unchanged``.

    An update replaces every field and the links with those given, as one event; its mark
    stays unless ``mark`` names another.
    """
    row = _row_for(session, project.identifier, lock=True)
    if row is None:
        record = add_project(session, project, actor=actor, checklists=checklists, mark=mark)
        return record, "created"
    level = row.mark if mark is None else parse_mark(session, project.identifier, mark)
    project, versions = checked(session, project, checklists)
    before = get_project(session, project.identifier)
    old, new = project_state(before.project, before.mark), project_state(project, level)
    if old == new:
        return before, "unchanged"
    for name, value in row_values(project).items():
        setattr(row, name, value)
    row.mark = level
    row.updated_at = utcnow()
    kept = {link: before.link_versions[link] for link in versions if link in before.link_versions}
    _put_links(session, row, {**versions, **kept})
    project_audit.append(
        session, row, kind=kind, actor=actor, at=stamp_now(), before=old, after=new
    )
    return get_project(session, project.identifier), "updated"


def link_items(
    session: Session,
    identifier: str,
    links: Sequence[ItemLink],
    *,
    actor: str,
    checklists: Mapping[str, Checklist],
    remove: bool = False,
) -> ProjectRecord:
    """Add (or with ``remove``, take away) item links, as one audited ``link`` event."""
    current = get_project(session, identifier).project
    if remove:
        missing = [str(link) for link in links if link not in current.links]
        if missing:
            raise ProjectError(identifier, "links", f"not linked: {', '.join(missing)}")
        changed = tuple(link for link in current.links if link not in links)
    else:
        changed = tuple(sorted(set(current.links) | set(links)))
    kind = "unlink" if remove else "link"
    return save_project(
        session, replace(current, links=changed), actor=actor, checklists=checklists, kind=kind
    )[0]


def get_project(session: Session, key: str | int) -> ProjectRecord:
    """A project by identifier (or database id)."""
    query = select(ProjectRow)
    query = query.where(
        ProjectRow.id == key if isinstance(key, int) else ProjectRow.identifier == key
    )
    row = session.scalars(query).first()
    if row is None:
        raise NotFoundError(f"no project {key!r}")
    return _record(session, row)


def _record(session: Session, row: ProjectRow) -> ProjectRecord:
    stored = session.scalars(select(ProjectLinkRow).where(ProjectLinkRow.project_id == row.id))
    versions = {ItemLink(s.checklist_id, s.item_id): s.checklist_version_id for s in stored}
    values = {column: getattr(row, column) for column in _COLUMNS}
    project = project_from_values(values, list(versions))
    return ProjectRecord(
        row.id, row.uid, project, versions, row.created_at, row.updated_at, row.mark
    )


_COLUMNS = (
    *_SIMPLE,
    "scheme",
    "status",
    "area",
    "currency",
    "donor_currency",
    *_MONEY,
    *(f"donor_{part}" for part in _MONEY),
)
