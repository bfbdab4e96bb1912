"""What the TUI reads, composed from storage's reads and the domain's rules.

Runs on the database thread (``database.py``), never on the UI thread. Each function
takes the opened ``Database`` and reads in one transaction of its own; every query is
storage's (``storage.reading``, ``storage.repository``, ``storage.bundles``), and the
reports package builds the history and the gap report.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ctcap.domain.rounds import previous_round, working_round
from ctcap.domain.scoring import score_assessment
from ctcap.gc_pause import gc_paused
from ctcap.storage import repository

from .views import AssessmentBundle, CountrySummary, GapReportView, HistoryData, RoundData

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Checklist
    from ctcap.domain.summary import RoundSummary
    from ctcap.storage.bundles.conflicts import Conflict
    from ctcap.storage.engine import Database
    from ctcap.storage.records import AssessmentInfo

Scores = dict[int, tuple[float | None, float]]  # assessment id → overall, completion


def load_checklists(directory: Path) -> tuple[list[Checklist], list[str]]:
    """Every checklist in ``directory`` (first of each id), and the problems of the rest."""
    from ctcap.loading.checklists import checklist_files, load_many

    loaded, problems = load_many(checklist_files(directory), directory)
    seen: dict[str, Checklist] = {}
    for checklist in loaded:
        seen.setdefault(checklist.id, checklist)
    return list(seen.values()), [str(p) for p in problems]


def load_countries(db: Database, iso: dict[str, str]) -> tuple[list[CountrySummary], str | None]:
    """Assessed countries first (by name), then every other ISO country; and the
    country worked on last, where the list starts.

    Bulk reads: one query for the rounds, one for their answers, each snapshot parsed
    once, so the list stays quick with twenty years of rounds for every country.
    """
    from ctcap.storage.reading import (
        list_infos,
        load_responses,
        load_summaries,
        recent_country,
        snapshots,
    )

    with gc_paused(), db.read() as session:
        rounds = list_infos(session)
        series = _series(rounds)
        needed = [info for _, same in series.values() for info in same]
        # Final rounds keep their scores (stored at finalize); only the others are scored.
        stored = load_summaries(session, needed)
        responses = load_responses(session, [i for i in needed if i.id not in stored])
        checklists = snapshots(session, needed)
        recent = recent_country(session)
        scores = {
            info.id: _overall_and_completion(info, stored, responses, checklists) for info in needed
        }
        counts: dict[str, int] = defaultdict(int)
        for info in rounds:
            counts[info.country_code] += 1
        assessed = [
            _summary(current, same, scores, counts[code])
            for code, (current, same) in series.items()
        ]
    assessed.sort(key=lambda s: (s.name.casefold(), s.code))
    others = [CountrySummary(code, name) for code, name in iso.items() if code not in series]
    others.sort(key=lambda s: (s.name.casefold(), s.code))
    return assessed + others, recent


def _series(
    rounds: list[AssessmentInfo],
) -> dict[str, tuple[AssessmentInfo, list[AssessmentInfo]]]:
    """Per country: its working round, and its rounds of that checklist, oldest first."""
    by_country: dict[str, list[AssessmentInfo]] = defaultdict(list)
    for info in rounds:
        by_country[info.country_code].append(info)
    series = {}
    for code, mine in by_country.items():
        current = working_round(mine)
        assert current is not None
        same = [r for r in mine if r.checklist_id == current.checklist_id]
        series[code] = current, sorted(same, key=lambda i: (i.as_of, i.id))
    return series


def _overall_and_completion(
    info: AssessmentInfo,
    stored: dict[int, RoundSummary],
    responses: dict[int, dict[str, Response]],
    checklists: dict[int, Checklist],
) -> tuple[float | None, float]:
    summary = stored.get(info.id)
    if summary is not None:
        return summary.overall, summary.completion
    score = score_assessment(checklists[info.checklist_version_id], responses[info.id])
    return score.overall, score.completion


def _summary(
    current: AssessmentInfo, same: list[AssessmentInfo], scores: Scores, rounds: int
) -> CountrySummary:
    trend: list[float] = []
    overall = completion = None
    for info in same:
        score_overall, score_completion = scores[info.id]
        if score_overall is not None:
            trend.append(score_overall)
        if info.id == current.id:
            overall, completion = score_overall, score_completion
    return CountrySummary(
        code=current.country_code,
        name=current.country_name,
        assessment_id=current.id,
        status=current.status,
        overall=overall,
        completion=completion,
        trend=tuple(trend),
        rounds=rounds,
        checklist_id=current.checklist_id,
    )


def load_bundle(db: Database, assessment_id: int) -> AssessmentBundle:
    """The assessment, the answers of the round before it (same country and checklist),
    and the import conflicts still open."""
    from ctcap.storage.bundles import open_conflicts

    from .proposal_data import pending_notes

    with db.read() as session:
        detail = repository.get_assessment(session, assessment_id)
        info = detail.info
        before = previous_round(repository.list_assessments(session, info.country_code), info)
        previous = repository.get_assessment(session, before.id) if before else None
        conflicts = open_conflicts(session, assessment_id)
        proposals = pending_notes(session, detail)
    notes = conflict_notes(conflicts, detail.checklist)
    if previous is None:
        return AssessmentBundle(detail=detail, conflicts=notes, proposals=proposals)
    return AssessmentBundle(
        detail=detail,
        previous_checklist=previous.checklist,
        previous_responses=dict(previous.responses),
        previous_as_of=previous.info.as_of,
        conflicts=notes,
        proposals=proposals,
    )


def conflict_notes(conflicts: tuple[Conflict, ...], checklist: Checklist) -> dict[str, str]:
    """Item id → both answers of the import conflict open on it, in words."""
    from ctcap.storage.bundles.conflicts import label

    scale = checklist.scale
    return {
        c.item_id: f"the bundle has {label(c.theirs, scale)} by {c.theirs_by}, this database "
        f"{label(c.ours, scale)} by {c.ours_by}"
        for c in conflicts
    }


def load_history(db: Database, country: str, checklist_id: str | None) -> HistoryData:
    """The history the CLI reports (``reports.build_history``), and each round's answers."""
    from ctcap.reports.history import build_history

    with db.read() as session:
        current = working_round(repository.list_assessments(session, country))
        if current is None:
            raise LookupError(f"{country}: no assessments yet")
        checklist_id = checklist_id or current.checklist_id
        history = build_history(session, country)
        track = next(t for t in history.tracks if t.checklist_id == checklist_id)
        details = [
            repository.get_assessment(session, point.round.assessment_id) for point in track.rounds
        ]
    return HistoryData(
        country_code=history.country_code,
        country_name=history.country_name,
        track=track,
        rounds=tuple(RoundData(d.info, d.checklist, dict(d.responses)) for d in details),
    )


def load_gap_report(db: Database, assessment_id: int) -> GapReportView:
    """The reports package's gap report: its Markdown, and the means to render it again."""
    from ctcap.reports.formats import render_gap
    from ctcap.reports.gap import build_gap_report

    with db.read() as session:
        info = repository.get_assessment(session, assessment_id).info
        report = build_gap_report(session, info.country_code, info.id)
    markdown = render_gap(report, "md")
    assert isinstance(markdown, str)
    name = f"gap-report-{info.country_code}-{info.checklist_id}-{info.as_of.isoformat()}.md"
    return GapReportView(markdown, name, partial(render_gap, report))
