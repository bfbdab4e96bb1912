"""A project's handling mark: changed by a ``mark`` event in its own chain.

The mark is a level of the database's scheme (``domain.marks``), like a round's: a
release at a level leaves out the projects marked above it (``project_reading``'s
``ProjectFilter.release``, the assistance reports, the IATI export, bundles).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.marks import Release
from ctcap.errors import CtcapError, NotFoundError

from . import project_audit
from .clock import stamp_now, utcnow
from .project_models import ProjectRow
from .projects import ProjectRecord, get_project, parse_mark, project_state


def set_project_mark(session: Session, identifier: str, mark: str, *, actor: str) -> ProjectRecord:
    """Mark the project ``mark`` (a level of this database's scheme), as one audited
    ``mark`` event holding the whole project before and after; the same mark is no change."""
    row = session.scalars(
        select(ProjectRow).where(ProjectRow.identifier == identifier).with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(f"no project {identifier!r}")
    level = parse_mark(session, identifier, mark)
    record = get_project(session, row.id)
    if level == record.mark:
        return record
    row.mark, row.updated_at = level, utcnow()
    project_audit.append(
        session, row, kind="mark", actor=actor, at=stamp_now(),
        before=project_state(record.project, record.mark),
        after=project_state(record.project, level),
    )  # fmt: skip
    return get_project(session, row.id)


def check_released(record: ProjectRecord, release: Release) -> None:
    """Refuse, in one line, to show a project marked above the release level."""
    withheld = release.withheld(record.mark)
    if withheld is not None:
        scheme = release.scheme
        raise CtcapError(
            f"project {record.project.identifier!r} is marked {scheme.label(withheld)}, above "
            f"the release level {scheme.label(str(release.level))}: not shown"
        )
