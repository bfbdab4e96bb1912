"""Build the before/after model (``outcomes_model``) from the register and the rounds.

The projects and their links come from ``storage.project_reading`` (two queries), the
bracketing rounds and their answers to the linked items from ``before_after``; the
domain (``domain.before_after``) decides each outcome. Nothing is rendered here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctcap.domain.before_after import GROUPINGS, ItemChange, Tally, tally, tally_by
from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import REGIONS, Project
from ctcap.gc_pause import gc_paused
from ctcap.storage import handling as handling_settings
from ctcap.storage.assistance_reading import country_names
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.project_reading import ProjectFilter, before_after, list_projects

from .common import handling_of, released_marks
from .outcomes_model import NO_AREA, Grouping, ItemOutcome, Outcomes, ProjectOutcome, TallyRow


def build_outcomes(
    session: Session,
    *,
    country: str | None = None,
    by: Sequence[str] = GROUPINGS,
    release: str | None = None,
) -> Outcomes:
    """Every project's linked items before and after (or one country's), tallied ``by``.

    ``release`` (a level) leaves out the projects and rounds marked above it."""
    unknown = [name for name in by if name not in GROUPINGS]
    if unknown:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {unknown[0]!r}")
    with gc_paused():
        let_out = handling_settings.release(session, release)
        records = list_projects(session, ProjectFilter(country=country, release=let_out))
        changes = before_after(session, records, let_out.shown_levels)
        names = country_names(session)
    label = let_out.scheme.label
    projects = tuple(
        _project(record.project, changes[record.id], names, label(record.mark))
        for record in records
    )
    pairs = [(record.project, changes[record.id]) for record in records]
    groupings = tuple(Grouping(name, _rows(name, tally_by(pairs, name), projects)) for name in by)
    every = [change for found in changes.values() for change in found]
    rounds = {r.id for c in every for r in (c.before, c.after) if r is not None}
    marks = released_marks(let_out, handling_settings.round_marks(session, rounds))
    marks += [record.mark for record in records]
    return Outcomes(
        handling=handling_of(let_out, marks),
        projects=projects,
        groupings=groupings,
        total=tally(every),
        country=country,
        synthetic=any(p.synthetic for p in projects),
    )


def _rows(
    by: str, tallies: Sequence[tuple[str, Tally]], projects: Sequence[ProjectOutcome]
) -> tuple[TallyRow, ...]:
    titles = {p.identifier: p.title for p in projects}
    areas = {area.value: area.title for area in AssistanceArea}
    rows = []
    for key, counted in tallies:
        if not counted.total:
            continue  # a project, area or donor with no linked item: nothing to tally
        if by == "project":
            label = titles.get(key, key)
        elif by == "area":
            label = areas.get(key, NO_AREA)
        else:
            label = key
        rows.append(TallyRow(key, label, counted))
    return tuple(rows)


def _project(
    project: Project, changes: Sequence[ItemChange], names: dict[str, str], mark: str
) -> ProjectOutcome:
    code = project.recipient
    name = names.get(code) or REGIONS.get(code, code)
    return ProjectOutcome(
        identifier=project.identifier,
        title=project.title,
        donor=project.funding_org,
        scheme=project.scheme,
        status=project.status,
        recipient=code,
        recipient_name=name,
        area=project.area,
        start=project.start,
        end=project.end,
        money=project.money,
        synthetic=project.synthetic,
        items=tuple(_item(change) for change in changes),
        tally=tally(changes),
        mark=mark,
    )


def _item(change: ItemChange) -> ItemOutcome:
    before, after = change.before, change.after
    known = (after.item if after else None) or (before.item if before else None)
    return ItemOutcome(
        checklist_id=change.checklist_id,
        item_id=change.item_id,
        item_title=known.title if known is not None else change.item_id,
        outcome=change.outcome,
        reason=change.reason,
        before_id=before.id if before else None,
        before_as_of=before.as_of if before else None,
        level_before=change.level_before,
        gap_before=change.gap_before,
        after_id=after.id if after else None,
        after_as_of=after.as_of if after else None,
        level_after=change.level_after,
        gap_after=change.gap_after,
        target=change.target,
        reworded=change.reworded,
    )
