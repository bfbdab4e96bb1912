"""Bulk reads of the project register: every project in two queries, and the rounds that
before/after needs, read once per country and checklist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.before_after import ItemChange, ItemRound, item_change
from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import ItemLink, Project
from ctcap.domain.rounds import reworded

from .models import AnswerRow, AssessmentRow, ChecklistVersionRow
from .project_models import ProjectLinkRow, ProjectRow
from .projects import _COLUMNS, ProjectRecord, project_from_values
from .reading import driver_rows, stored_response
from .snapshots import checklist_snapshot

_CHUNK = 900


@dataclass(frozen=True)
class ProjectFilter:
    country: str | None = None
    donor: str | None = None
    area: AssistanceArea | None = None
    checklist_id: str | None = None


def list_projects(session: Session, where: ProjectFilter | None = None) -> list[ProjectRecord]:
    """Every project (or those ``where`` selects), by identifier: two queries in all."""
    where = where or ProjectFilter()
    columns = [getattr(ProjectRow, name) for name in _COLUMNS]
    query = select(
        ProjectRow.id, ProjectRow.uid, ProjectRow.created_at, ProjectRow.updated_at, *columns
    )
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
        values = dict(zip(_COLUMNS, row[4:], strict=True))
        project = project_from_values(values, list(links[row[0]]))
        if where.checklist_id and not any(
            link.checklist_id == where.checklist_id for link in project.links
        ):
            continue
        found.append(ProjectRecord(row[0], row[1], project, links[row[0]], row[2], row[3]))
    return found


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
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """Final rounds by (country, checklist id): (id, as_of, version id, based-on id)."""
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


def before_after(session: Session, records: Sequence[ProjectRecord]) -> dict[int, list[ItemChange]]:
    """Every linked item's before/after, by project id (``domain.before_after``)."""
    keys = {
        (r.project.recipient_country, link.checklist_id)
        for r in records
        if r.project.recipient_country
        for link in r.project.links
    }
    rounds = _final_rounds(session, keys)
    items = {link.item_id for r in records for link in r.project.links}
    ids = sorted(row[0] for found in rounds.values() for row in found)
    responses = _responses(session, ids, items) if ids and items else {}
    snapshots: dict[int, Checklist] = {}

    def item_rounds(country: str, link: ItemLink) -> list[ItemRound]:
        out = []
        for round_id, as_of, version_id, based_on in rounds.get((country, link.checklist_id), []):
            if version_id not in snapshots:
                snapshots[version_id] = checklist_snapshot(session, version_id)
            checklist = snapshots[version_id]
            item = next((i for i in checklist.items() if i.id == link.item_id), None)
            response = responses.get((round_id, link.item_id))
            out.append(
                ItemRound(
                    round_id, as_of, link.checklist_id, based_on, response, item, checklist.scale
                )
            )
        return out

    changes: dict[int, list[ItemChange]] = {}
    for record in records:
        project: Project = record.project
        country = project.recipient_country
        changes[record.id] = [
            item_change(
                link.checklist_id,
                link.item_id,
                item_rounds(country, link) if country else [],
                project.start,
                project.end,
                regional=country is None,
            )
            for link in project.links
        ]
    return changes
