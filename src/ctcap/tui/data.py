"""Database and file work for the TUI. Runs only in thread workers, never on the UI thread.

Built on the public repository functions and storage's bulk reads; the one query of its
own, ``recent_country``, is a plain ``select()`` on the storage models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.rounds import previous_round, working_round
from ctcap.domain.scoring import score_assessment
from ctcap.gc_pause import gc_paused
from ctcap.storage import repository
from ctcap.storage.models import AssessmentRow

from .messages import ConflictKept
from .views import AssessmentBundle, CountrySummary, HistoryData, RoundData

if TYPE_CHECKING:
    from textual.message import Message

    from ctcap.domain.answers import Response
    from ctcap.domain.model import Checklist
    from ctcap.domain.summary import RoundSummary
    from ctcap.storage.engine import Database
    from ctcap.storage.records import AssessmentDetail, AssessmentInfo

    from .workers import Job


def load_checklists(directory: Path) -> tuple[list[Checklist], list[str]]:
    """Every checklist in ``directory`` (first of each id), and the problems of the rest."""
    from ctcap.loading.checklists import checklist_files, load_many

    loaded, problems = load_many(checklist_files(directory), directory)
    seen: dict[str, Checklist] = {}
    for checklist in loaded:
        seen.setdefault(checklist.id, checklist)
    return list(seen.values()), [str(p) for p in problems]


def recent_country(session: Session) -> str | None:
    """The country of the assessment changed last."""
    return session.scalar(
        select(AssessmentRow.country_code)
        .order_by(AssessmentRow.updated_at.desc(), AssessmentRow.id.desc())
        .limit(1)
    )


def country_summaries(session: Session, iso: dict[str, str]) -> list[CountrySummary]:
    """Assessed countries first (by name), then every other ISO country.

    Bulk reads: one query for the rounds, one for their answers, each snapshot parsed
    once, so the list stays quick with twenty years of rounds for every country.
    """
    with gc_paused():
        return _country_summaries(session, iso)


def _country_summaries(session: Session, iso: dict[str, str]) -> list[CountrySummary]:
    from ctcap.storage.reading import list_infos, load_responses, load_summaries, snapshots

    by_country: dict[str, list[AssessmentInfo]] = defaultdict(list)
    for info in list_infos(session):
        by_country[info.country_code].append(info)
    series: dict[str, tuple[AssessmentInfo, list[AssessmentInfo]]] = {}
    for code, rounds in by_country.items():
        current = working_round(rounds)
        assert current is not None
        same = [r for r in rounds if r.checklist_id == current.checklist_id]
        series[code] = current, sorted(same, key=lambda i: (i.as_of, i.id))
    needed = [info for _, same in series.values() for info in same]
    # Final rounds keep their scores (stored at finalize); only the others are scored.
    stored = load_summaries(session, needed)
    responses = load_responses(session, [i for i in needed if i.id not in stored])
    checklists = snapshots(session, needed)
    scores = {
        info.id: _overall_and_completion(info, stored, responses, checklists) for info in needed
    }
    assessed = [
        _summary(current, same, scores, len(by_country[code]))
        for code, (current, same) in series.items()
    ]
    assessed.sort(key=lambda s: (s.name.casefold(), s.code))
    others = [CountrySummary(code, name) for code, name in iso.items() if code not in series]
    others.sort(key=lambda s: (s.name.casefold(), s.code))
    return assessed + others


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
    current: AssessmentInfo,
    same: list[AssessmentInfo],
    scores: dict[int, tuple[float | None, float]],
    rounds: int,
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


def current_assessment_id(session: Session, country: str) -> int | None:
    found = working_round(repository.list_assessments(session, country))
    return found.id if found is not None else None


def load_bundle(session: Session, assessment_id: int) -> AssessmentBundle:
    """The assessment, the answers of the round before it (same country and checklist),
    and the import conflicts still open."""
    bundle = _with_previous(session, assessment_id)
    return replace(bundle, conflicts=open_conflict_notes(session, bundle.detail))


def open_conflict_notes(session: Session, detail: AssessmentDetail) -> dict[str, str]:
    from ctcap.storage.bundles import open_conflicts
    from ctcap.storage.bundles.conflicts import label

    scale = detail.checklist.scale
    return {
        c.item_id: f"the bundle has {label(c.theirs, scale)} by {c.theirs_by}, this database "
        f"{label(c.ours, scale)} by {c.ours_by}"
        for c in open_conflicts(session, detail.info.id)
    }


def keep_ours_job(assessment_id: int, item_id: str, actor: str) -> Job:
    """Settle an import conflict for the answer this database has (an audited decision)."""

    def job(db: Database) -> Message:
        from ctcap.storage.bundles import keep_ours

        with db.write() as session:
            keep_ours(session, assessment_id, item_id, actor=actor)
        return ConflictKept(assessment_id, item_id)

    return job


def _with_previous(session: Session, assessment_id: int) -> AssessmentBundle:
    detail = repository.get_assessment(session, assessment_id)
    info = detail.info
    before = previous_round(repository.list_assessments(session, info.country_code), info)
    if before is None:
        return AssessmentBundle(detail=detail)
    previous = repository.get_assessment(session, before.id)
    return AssessmentBundle(
        detail=detail,
        previous_checklist=previous.checklist,
        previous_responses=dict(previous.responses),
        previous_as_of=previous.info.as_of,
    )


def load_history(session: Session, country: str, checklist_id: str | None) -> HistoryData:
    """The history the CLI reports (``reports.build_history``), and each round's answers."""
    from ctcap.reports.history import build_history

    rounds = repository.list_assessments(session, country)
    current = working_round(rounds)
    if current is None:
        raise LookupError(f"{country}: no assessments yet")
    checklist_id = checklist_id or current.checklist_id
    history = build_history(session, country)
    track = next(t for t in history.tracks if t.checklist_id == checklist_id)
    found = []
    for point in track.rounds:
        detail = repository.get_assessment(session, point.round.assessment_id)
        found.append(RoundData(detail.info, detail.checklist, dict(detail.responses)))
    return HistoryData(
        country_code=history.country_code,
        country_name=history.country_name,
        track=track,
        rounds=tuple(found),
        current_id=current.id if current.checklist_id == checklist_id else None,
    )


# Gap report --------------------------------------------------------------------------------


def gap_report_file_name(info: AssessmentInfo) -> str:
    return f"gap-report-{info.country_code}-{info.checklist_id}-{info.as_of.isoformat()}.md"
