"""Bulk reads of the project register: every project in two queries, the rounds that
before/after needs, and the latest final rounds the need-against-assistance view reads.

``_select`` and ``_info`` are ``reading``'s own way of reading ``AssessmentInfo`` rows,
shared rather than copied.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ctcap.domain.before_after import ItemChange, ItemRound, bracket, item_change
from ctcap.domain.marks import Release
from ctcap.domain.model import AssistanceArea, Checklist, Item
from ctcap.domain.projects import ItemLink
from ctcap.domain.rounds import reworded

from .models import AnswerRow, AssessmentRow, ChecklistVersionRow
from .project_models import ProjectLinkRow, ProjectRow
from .projects import _COLUMNS, ProjectRecord, project_from_values
from .reading import _info, _select, driver_rows, stored_response
from .records import AssessmentInfo
from .snapshots import checklist_snapshot

_CHUNK = 900


@dataclass(frozen=True)
class ProjectFilter:
    country: str | None = None
    donor: str | None = None
    area: AssistanceArea | None = None
    checklist_id: str | None = None
    release: Release | None = None  # leaves out projects marked above its level


def list_projects(session: Session, where: ProjectFilter | None = None) -> list[ProjectRecord]:
    """Every project (or those ``where`` selects), by identifier: two queries in all."""
    where = where or ProjectFilter()
    columns = [getattr(ProjectRow, name) for name in _COLUMNS]
    query = select(
        ProjectRow.id, ProjectRow.uid, ProjectRow.created_at, ProjectRow.updated_at,
        ProjectRow.mark, *columns,
    )  # fmt: skip
    if where.country is not None:
        query = query.where(ProjectRow.recipient_country == where.country)
    if where.donor is not None:
        query = query.where(ProjectRow.funding_org == where.donor)
    if where.area is not None:
        query = query.where(ProjectRow.area == where.area.value)
    rows = session.connection().execute(query.order_by(ProjectRow.identifier)).all()
    links: dict[int, dict[ItemLink, int]] = {row[0]: {} for row in rows}
    link_query = select(
        ProjectLinkRow.project_id,
        ProjectLinkRow.checklist_id,
        ProjectLinkRow.item_id,
        ProjectLinkRow.checklist_version_id,
    )
    for project_id, checklist_id, item_id, version_id in driver_rows(session, link_query):
        if project_id in links:
            links[project_id][ItemLink(checklist_id, item_id)] = version_id
    found = []
    for row in rows:
        if where.release is not None and not where.release.shows(row[4]):
            continue
        values = dict(zip(_COLUMNS, row[5:], strict=True))
        project = project_from_values(values, list(links[row[0]]))
        if where.checklist_id and not any(
            link.checklist_id == where.checklist_id for link in project.links
        ):
            continue
        found.append(ProjectRecord(row[0], row[1], project, links[row[0]], row[2], row[3], row[4]))
    return found


class AssistanceProject(NamedTuple):
    """What the need-against-assistance view reads of a project: amounts in hundredths."""

    identifier: str
    title: str
    funding_org: str
    recipient_country: str | None
    recipient_region: str | None
    area: str | None
    status: int | None
    currency: str | None
    committed: int | None
    disbursed: int | None
    synthetic: bool
    start: str | None  # as ``Project.start``: actual, else planned start, else decided
    end: str | None  # as ``Project.end``: actual, else planned end
    links: tuple[tuple[str, str], ...]


def assistance_projects(session: Session) -> list[AssistanceProject]:
    """Every project, narrowly, in two queries of driver tuples (no ``Project`` objects)."""
    links: dict[int, list[tuple[str, str]]] = {}
    query = select(ProjectLinkRow.project_id, ProjectLinkRow.checklist_id, ProjectLinkRow.item_id)
    for project_id, checklist_id, item_id in driver_rows(session, query):
        links.setdefault(project_id, []).append((checklist_id, item_id))
    columns = (
        ProjectRow.id, ProjectRow.identifier, ProjectRow.title, ProjectRow.funding_org,
        ProjectRow.recipient_country, ProjectRow.recipient_region, ProjectRow.area,
        ProjectRow.status, ProjectRow.currency, ProjectRow.committed, ProjectRow.disbursed,
        ProjectRow.synthetic,
        func.coalesce(ProjectRow.actual_start, ProjectRow.planned_start, ProjectRow.decided),
        func.coalesce(ProjectRow.actual_end, ProjectRow.planned_end),
    )  # fmt: skip
    ordered = select(*columns).order_by(ProjectRow.identifier)
    return [
        AssistanceProject(
            identifier, title, donor, country, region, area, status, currency, committed,
            disbursed, bool(synthetic), start, end, tuple(links.get(project_id, ())),
        )
        for (project_id, identifier, title, donor, country, region, area, status, currency,
             committed, disbursed, synthetic, start, end) in driver_rows(session, ordered)
    ]  # fmt: skip


@dataclass(frozen=True)
class LinkState:
    """A link as ``projects show`` lists it: the item now, and whether it was reworded."""

    link: ItemLink
    title: str | None  # None: the item is gone from the current checklist
    reworded: bool  # its question changed since the version the link was checked on


def link_states(
    session: Session, record: ProjectRecord, checklists: Mapping[str, Checklist]
) -> list[LinkState]:
    """Each link against today's checklist: a reworded item keeps its link but is flagged."""
    states = []
    for link in record.project.links:
        current = checklists.get(link.checklist_id)
        item = next((i for i in current.items() if i.id == link.item_id), None) if current else None
        old = checklist_snapshot(session, record.link_versions[link])
        old_item = next((i for i in old.items() if i.id == link.item_id), None)
        changed = bool(
            current and item and old_item and reworded(old_item, old.scale, item, current.scale)
        )
        states.append(LinkState(link, item.title if item else None, changed))
    return states


def _final_rounds(
    session: Session, keys: Iterable[tuple[str, str]], levels: Collection[str] | None = None
) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """Final rounds by (country, checklist id): (id, as_of, version id, based-on id);
    with ``levels`` (a release's), only the rounds marked one of them."""
    wanted = set(keys)
    countries = sorted({country for country, _ in wanted})
    found: dict[tuple[str, str], list[tuple[Any, ...]]] = {key: [] for key in wanted}
    for start in range(0, len(countries), _CHUNK):
        query = (
            select(
                AssessmentRow.id,
                AssessmentRow.country_code,
                ChecklistVersionRow.checklist_id,
                AssessmentRow.as_of,
                AssessmentRow.checklist_version_id,
                AssessmentRow.based_on_id,
            )
            .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
            .where(
                AssessmentRow.status == "final",
                AssessmentRow.country_code.in_(countries[start : start + _CHUNK]),
            )
        )
        if levels is not None:
            query = query.where(AssessmentRow.mark.in_(sorted(levels)))
        for row in session.connection().execute(query).all():
            key = (row.country_code, row.checklist_id)
            if key in found:
                found[key].append((row.id, row.as_of, row.checklist_version_id, row.based_on_id))
    return found


def _responses(
    session: Session, round_ids: Sequence[int], items: set[str]
) -> dict[tuple[int, str], Any]:
    found: dict[tuple[int, str], Any] = {}
    columns = (AnswerRow.assessment_id, AnswerRow.item_id, AnswerRow.level, AnswerRow.special)
    for start in range(0, len(round_ids), _CHUNK):
        chunk = round_ids[start : start + _CHUNK]
        query = select(*columns).where(
            AnswerRow.assessment_id.in_(chunk), AnswerRow.item_id.in_(sorted(items))
        )
        for assessment_id, item_id, level, special in driver_rows(session, query):
            found[(assessment_id, item_id)] = stored_response(level, special)
    return found


class _Dated(NamedTuple):
    id: int
    as_of: Any
    version_id: int
    based_on_id: int | None
    is_final: bool = True


def before_after(
    session: Session, records: Sequence[ProjectRecord], levels: Collection[str] | None = None
) -> dict[int, list[ItemChange]]:
    """Every linked item's before/after, by project id (``domain.before_after``).

    The bracketing rounds are chosen from their dates first (among the rounds marked one
    of ``levels``, a release's, if given); only their answers to the linked items are
    read (not every round's).
    """
    keys = {
        (r.project.recipient_country, link.checklist_id)
        for r in records
        if r.project.recipient_country
        for link in r.project.links
    }
    rounds = {
        key: [_Dated(*row) for row in found]
        for key, found in _final_rounds(session, keys, levels).items()
    }
    chosen: dict[tuple[str, str, str | None, str | None], list[_Dated]] = {}
    for record in records:
        project = record.project
        for link in project.links:
            key = (project.recipient_country or "", link.checklist_id, project.start, project.end)
            if project.recipient_country and key not in chosen:
                around = bracket(rounds.get(key[:2], []), project.start, project.end)
                chosen[key] = [r for r in around if r is not None]
    wanted = sorted({r.id for found in chosen.values() for r in found})
    items = {link.item_id for r in records for link in r.project.links}
    responses = _responses(session, wanted, items) if wanted and items else {}
    snapshots: dict[int, tuple[Checklist, dict[str, Item]]] = {}

    def item_round(found: _Dated, link: ItemLink) -> ItemRound:
        if found.version_id not in snapshots:
            snapshot = checklist_snapshot(session, found.version_id)
            snapshots[found.version_id] = (snapshot, {i.id: i for i in snapshot.items()})
        checklist, by_id = snapshots[found.version_id]
        response = responses.get((found.id, link.item_id))
        return ItemRound(found.id, found.as_of, link.checklist_id, found.based_on_id, response,
                         by_id.get(link.item_id), checklist.scale)  # fmt: skip

    changes: dict[int, list[ItemChange]] = {}
    for record in records:
        project = record.project
        country = project.recipient_country
        found_changes = []
        for link in project.links:
            key = (country or "", link.checklist_id, project.start, project.end)
            pair = chosen[key] if country else []
            found_changes.append(item_change(
                link.checklist_id, link.item_id, [item_round(r, link) for r in pair],
                project.start, project.end, regional=country is None,
            ))  # fmt: skip
        changes[record.id] = found_changes
    return changes


def latest_finals(session: Session) -> list[AssessmentInfo]:
    """The latest final round of each country × checklist: ``domain.rounds.reported_round``
    among finals (the greatest as-of date, then id), ranked by the database in one query."""
    rank = (
        func.row_number()
        .over(
            partition_by=(AssessmentRow.country_code, ChecklistVersionRow.checklist_id),
            order_by=(AssessmentRow.as_of.desc(), AssessmentRow.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(AssessmentRow.id, rank)
        .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
        .where(AssessmentRow.status == "final")
        .subquery()
    )
    query = _select().join(ranked, ranked.c.id == AssessmentRow.id).where(ranked.c.rank == 1)
    return [_info(row) for row in session.connection().execute(query).all()]
