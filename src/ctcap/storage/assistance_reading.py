"""What the need-against-assistance view reads, in a handful of queries.

The latest final round of each country × checklist comes with its stored summary in one
query (window-ranked, the summary's validity checked by the database). The projects and
their links come in two plain scans of narrow columns, which the report sums and joins
(``reports.assistance_given``); only the projects on an item several donors address are
read again, for their titles and dates.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ctcap.domain.summary import RULES as SUMMARY_RULES

from .models import AnswerEventRow, AssessmentRow, ChecklistVersionRow, CountryRow, RoundScoreRow
from .project_models import ProjectLinkRow, ProjectRow
from .reading import driver_rows

_CHUNK = 900


class LatestFinal(NamedTuple):
    """The latest final round of one country × checklist, and its stored summary."""

    id: int
    country_code: str
    checklist_id: str
    checklist_version_id: int
    as_of: date
    synthetic: bool
    summary: str | None  # the summary's JSON while it holds (last event, today's rules)


def latest_final_summaries(
    session: Session, levels: Collection[str] | None = None
) -> list[LatestFinal]:
    """Each country × checklist's latest final round (``domain.rounds.reported_round``
    among finals: the greatest as-of date, then id) with its summary, in one query.
    With ``levels`` (a release's), rounds marked otherwise are not candidates at all."""
    visible = AssessmentRow.status == "final"
    if levels is not None:
        visible = visible & AssessmentRow.mark.in_(sorted(levels))
    rank = func.row_number().over(
        partition_by=(AssessmentRow.country_code, ChecklistVersionRow.checklist_id),
        order_by=(AssessmentRow.as_of.desc(), AssessmentRow.id.desc()),
    )
    # Ranked by id alone, the other columns joined back: SQLite sorts smaller records.
    ranked = (
        select(AssessmentRow.id, rank.label("rank"))
        .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
        .where(visible)
        .subquery()
    )
    # The unique (assessment_id, seq) index answers each MAX(seq) with one seek.
    last_seq = (
        select(func.max(AnswerEventRow.seq))
        .where(AnswerEventRow.assessment_id == ranked.c.id)
        .scalar_subquery()
    )
    holds = and_(RoundScoreRow.assessment_id == ranked.c.id, RoundScoreRow.rules == SUMMARY_RULES,
                 RoundScoreRow.event_seq == last_seq)  # fmt: skip
    query = (
        select(AssessmentRow.id, AssessmentRow.country_code, ChecklistVersionRow.checklist_id,
               AssessmentRow.checklist_version_id, AssessmentRow.as_of, AssessmentRow.synthetic,
               RoundScoreRow.summary)
        .select_from(ranked)
        .join(AssessmentRow, AssessmentRow.id == ranked.c.id)
        .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
        .outerjoin(RoundScoreRow, holds)
        .where(ranked.c.rank == 1)
    )  # fmt: skip
    # Core rows (typed dates and booleans on every backend): 585 of them at most here.
    return [LatestFinal(*row) for row in session.connection().execute(query).all()]


# One project as the view reads it (driver tuples: 5,000 of them are read every time):
# id, recipient country, recipient region, area, currency, funding organisation, IATI
# status, committed and disbursed (hundredths), synthetic (0/1), start and end (as
# ``Project.start`` and ``Project.end``: partial dates).
ProjectFact = tuple[
    int, str | None, str | None, str | None, str | None, str, int | None, int | None,
    int | None, int, str | None, str | None,
]  # fmt: skip


def project_facts(session: Session, levels: Collection[str] | None = None) -> list[ProjectFact]:
    """Every project (marked one of ``levels``, a release's, if given), narrowly, in one
    plain scan.

    Summed in Python by the caller: SQLite's GROUP BY over recipient, area and currency
    sorted the wide project rows in a temporary B-tree and took longer than this scan
    and the sums together (5,000 projects, 195 countries).
    """
    query = select(
        ProjectRow.id, ProjectRow.recipient_country, ProjectRow.recipient_region,
        ProjectRow.area, ProjectRow.currency, ProjectRow.funding_org, ProjectRow.status,
        ProjectRow.committed, ProjectRow.disbursed, ProjectRow.synthetic,
        func.coalesce(ProjectRow.actual_start, ProjectRow.planned_start, ProjectRow.decided),
        func.coalesce(ProjectRow.actual_end, ProjectRow.planned_end),
    )  # fmt: skip
    if levels is not None:
        query = query.where(ProjectRow.mark.in_(sorted(levels)))
    return driver_rows(session, query)


def project_marks(session: Session, levels: Collection[str] | None = None) -> list[str]:
    """The marks of the projects ``project_facts`` reads (each mark once)."""
    query = select(ProjectRow.mark).distinct()
    if levels is not None:
        query = query.where(ProjectRow.mark.in_(sorted(levels)))
    return [str(mark) for mark in session.scalars(query)]


def item_links(session: Session) -> list[tuple[int, str, str]]:
    """Every link: project id, checklist id, item id (joined to the projects by the caller:
    SQLite joined the 10,000 links of the benchmark slower than two scans and a dict)."""
    query = select(ProjectLinkRow.project_id, ProjectLinkRow.checklist_id, ProjectLinkRow.item_id)
    return driver_rows(session, query)


def project_titles(session: Session, ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
    """Identifier, title and handling mark (a level) of the projects ``ids``, by id."""
    wanted = sorted(ids)
    found = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(
            ProjectRow.id, ProjectRow.identifier, ProjectRow.title, ProjectRow.mark
        ).where(ProjectRow.id.in_(chunk))
        for project_id, identifier, title, mark in driver_rows(session, query):
            found[project_id] = (identifier, title, str(mark))
    return found


def country_names(session: Session) -> dict[str, str]:
    return dict(driver_rows(session, select(CountryRow.code, CountryRow.name)))
