"""What the need-against-assistance view reads of the register, aggregated in SQL.

Thousands of projects are summed by the database (GROUP BY recipient, area and currency)
rather than read one by one; only the projects on an item that two or more donors
address come back whole, for the overlap check. Cancelled projects (IATI status 5) are
left out of everything but the count of them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from .models import CountryRow
from .project_models import ProjectLinkRow, ProjectRow
from .reading import driver_rows

CANCELLED = 5
_CHUNK = 900
_LIVE = or_(ProjectRow.status.is_(None), ProjectRow.status != CANCELLED)


class PlaceTotal(NamedTuple):
    """Projects of one recipient (country or region), area, currency and donor; cents."""

    country: str | None
    region: str | None
    area: str | None
    currency: str | None
    donor: str
    cancelled: bool  # IATI status 5: counted apart, never summed
    committed: int
    disbursed: int
    projects: int
    with_amounts: int  # of them, those that state a commitment or disbursement
    synthetic: bool  # any of them


class SharedItemProject(NamedTuple):
    """A live project on an item that projects of two or more donors address."""

    country: str
    checklist_id: str
    item_id: str
    identifier: str
    title: str
    donor: str
    start: str | None  # as ``Project.start``
    end: str | None  # as ``Project.end``


def place_totals(session: Session) -> list[PlaceTotal]:
    """Every project summed by recipient, area, currency, donor and cancelled-or-not: one
    GROUP BY gives the view its amounts, donors and counts together."""
    has_amount = or_(ProjectRow.committed.is_not(None), ProjectRow.disbursed.is_not(None))
    cancelled = case((ProjectRow.status == CANCELLED, 1), else_=0)
    keys = (ProjectRow.recipient_country, ProjectRow.recipient_region, ProjectRow.area,
            ProjectRow.currency, ProjectRow.funding_org, cancelled)  # fmt: skip
    query = select(
        *keys,
        func.coalesce(func.sum(ProjectRow.committed), 0),
        func.coalesce(func.sum(ProjectRow.disbursed), 0),
        func.count(),
        func.sum(case((has_amount, 1), else_=0)),
        func.max(case((ProjectRow.synthetic, 1), else_=0)),
    ).group_by(*keys)
    # PostgreSQL sums bigints as numeric (Decimal): back to ints, which they are.
    return [
        PlaceTotal(country, region, area, currency, donor, bool(gone), int(c), int(d), int(n),
                   int(m), bool(s))
        for country, region, area, currency, donor, gone, c, d, n, m, s
        in driver_rows(session, query)
    ]  # fmt: skip


def shared_items(
    session: Session, among: Mapping[tuple[str, str], Collection[str]]
) -> list[SharedItemProject]:
    """Live projects on each item that projects of several donors address in one country,
    among the items ``among`` gives for each (country, checklist id).

    Narrow link rows first, grouped here (SQLite answered a grouped subquery joined back to
    the links ten times slower); then the details of the projects that share an item.
    """
    linked = and_(ProjectLinkRow.project_id == ProjectRow.id, _LIVE,
                  ProjectRow.recipient_country.is_not(None))  # fmt: skip
    narrow = (
        select(ProjectRow.recipient_country, ProjectLinkRow.checklist_id, ProjectLinkRow.item_id,
               ProjectRow.funding_org, ProjectRow.id)
        .select_from(ProjectLinkRow)
        .join(ProjectRow, linked)
    )  # fmt: skip
    groups: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    empty: Collection[str] = ()
    for country, checklist_id, item_id, donor, project_id in driver_rows(session, narrow):
        if item_id in among.get((country, checklist_id), empty):
            groups.setdefault((country, checklist_id, item_id), []).append((donor, project_id))
    shared = {key: ids for key, ids in groups.items() if len({d for d, _ in ids}) > 1}
    wanted = sorted({project_id for ids in shared.values() for _, project_id in ids})
    details: dict[int, tuple[Any, ...]] = {}
    columns = (
        ProjectRow.id, ProjectRow.identifier, ProjectRow.title, ProjectRow.funding_org,
        func.coalesce(ProjectRow.actual_start, ProjectRow.planned_start, ProjectRow.decided),
        func.coalesce(ProjectRow.actual_end, ProjectRow.planned_end),
    )  # fmt: skip
    for start in range(0, len(wanted), _CHUNK):
        query = select(*columns).where(ProjectRow.id.in_(wanted[start : start + _CHUNK]))
        for project_id, *rest in driver_rows(session, query):
            details[project_id] = tuple(rest)
    found = []
    for key in sorted(shared):
        members = []
        for _, project_id in shared[key]:
            identifier, title, donor, start, end = details[project_id]
            members.append(SharedItemProject(*key, identifier, title, donor, start, end))
        found += sorted(members, key=lambda member: member.identifier)
    return found


def country_names(session: Session) -> dict[str, str]:
    return dict(driver_rows(session, select(CountryRow.code, CountryRow.name)))
