"""The portfolio: every country side by side, one section per checklist.

Checklists have different areas (and scales), so a single countries × areas matrix
would mix things that do not compare. Each checklist gets its own section: its areas
are the columns, and each country with a final assessment of it is a row, taken from
that country's latest final assessment and compared with its previous round (both as
``domain.rounds`` defines them).
Countries with only drafts of a checklist are listed under the section as pending.

At portfolio scale (195 countries × 20 rounds × every checklist) only what the rows
need is read: each country's latest final round and its previous one, and the responses alone (no
rationale, evidence or audit fields). Each round is scored once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcap.domain.marks import MarkScheme, Release
from ctcap.domain.model import Checklist
from ctcap.domain.rounds import previous_round, reported_round, round_key
from ctcap.domain.summary import RoundSummary, summarise
from ctcap.gc_pause import gc_paused
from ctcap.storage import repository
from ctcap.storage.engine import ReadSession
from ctcap.storage.handling import release as release_of
from ctcap.storage.reading import load_responses, load_summaries, portfolio_infos, snapshots
from ctcap.storage.records import AssessmentInfo

from .common import handling, round_ref_of, scale_info, top_assistance_lines, union_areas
from .portfolio_model import (
    PendingCountry,
    Portfolio,
    PortfolioCell,
    PortfolioRow,
    PortfolioSection,
)


@dataclass(frozen=True)
class _Round:
    """A final round as the portfolio uses it: its checklist and summary scores."""

    info: AssessmentInfo
    checklist: Checklist
    score: RoundSummary


def _row(
    now: _Round, previous: _Round | None, areas: list[str], scheme: MarkScheme
) -> PortfolioRow:
    score = now.score
    before = previous.score if previous is not None else None
    before_areas = {a.area_id: a.score for a in before.areas} if before else {}
    mine = {a.area_id: a for a in score.areas}
    cells = []
    for area_id in areas:
        area = mine.get(area_id)
        old = before_areas.get(area_id)
        cells.append(
            PortfolioCell(
                area_id=area_id,
                score=area.score if area else None,
                target=area.target if area else None,
                change=(
                    None if area is None or area.score is None or old is None else area.score - old
                ),
                capped=bool(area and area.capped_by),
            )
        )
    top = top_assistance_lines(now.score, 3)
    return PortfolioRow(
        country_code=now.info.country_code,
        country_name=now.info.country_name,
        round=round_ref_of(now.info, now.checklist, scheme),
        previous=(
            round_ref_of(previous.info, previous.checklist, scheme)
            if previous is not None
            else None
        ),
        overall=score.overall,
        overall_change=(
            None
            if before is None or before.overall is None or score.overall is None
            else score.overall - before.overall
        ),
        completion=score.completion,
        cells=tuple(cells),
        gaps=now.score.gaps,
        fundamental_gaps=now.score.fundamental_gaps,
        top_assistance=top,
    )


def _rounds(session: ReadSession, infos: list[AssessmentInfo]) -> dict[int, _Round]:
    """Each of ``infos`` with its summary: stored at finalize, else scored here once."""
    summaries = load_summaries(session, infos)
    missing = [info for info in infos if info.id not in summaries]
    responses = load_responses(session, missing)
    checklists = snapshots(session, infos)
    rounds = {}
    for info in infos:
        checklist = checklists[info.checklist_version_id]
        summary = summaries.get(info.id) or summarise(checklist, responses[info.id])
        rounds[info.id] = _Round(info, checklist, summary)
    return rounds


def build_portfolio(session: ReadSession, release: str | None = None) -> Portfolio:
    """Every country side by side; ``release`` leaves out rounds marked above its level."""
    with gc_paused():
        return _build_portfolio(session, release_of(session, release))


# Each checklist's countries, and each country's rounds of it (in round order).
_Groups = dict[str, dict[str, list[AssessmentInfo]]]
# Per checklist and country: the reported final round and its previous round.
_Pairs = dict[tuple[str, str], tuple[AssessmentInfo, AssessmentInfo | None]]


def _build_portfolio(session: ReadSession, release: Release) -> Portfolio:
    infos = sorted(
        portfolio_infos(session, release),
        key=lambda i: (i.checklist_id, i.country_code, *round_key(i)),
    )
    groups: _Groups = {}
    for info in infos:
        groups.setdefault(info.checklist_id, {}).setdefault(info.country_code, []).append(info)
    pairs = _final_pairs(groups)
    scored = _rounds(
        session, [info for pair in pairs.values() for info in pair if info is not None]
    )
    sections = tuple(
        _section(session, checklist_id, countries, pairs, scored, release.scheme)
        for checklist_id, countries in sorted(groups.items())
    )
    synthetic = any(r.round.synthetic for s in sections for r in s.rows) or any(
        p.synthetic for s in sections for p in s.pending
    )
    return Portfolio(synthetic=synthetic, sections=sections, handling=handling(release, infos))


def _final_pairs(groups: _Groups) -> _Pairs:
    """Each country's latest final round and its previous round (``domain.rounds``)."""
    pairs: _Pairs = {}
    for checklist_id, countries in groups.items():
        for code, rounds in countries.items():
            subject = reported_round(rounds)
            if subject is not None and subject.is_final:
                pairs[checklist_id, code] = subject, previous_round(rounds, subject)
    return pairs


def _section(
    session: ReadSession,
    checklist_id: str,
    countries: dict[str, list[AssessmentInfo]],
    pairs: _Pairs,
    scored: dict[int, _Round],
    scheme: MarkScheme,
) -> PortfolioSection:
    """One checklist: a row per country with a final round, the others pending."""
    chosen: list[tuple[_Round, _Round | None]] = []
    pending = []
    for code, rounds in sorted(countries.items()):
        pair = pairs.get((checklist_id, code))
        if pair is None:
            pending.append(_pending(rounds))
            continue
        subject, before = pair
        chosen.append((scored[subject.id], scored[before.id] if before else None))
    if chosen:
        newest = sorted(
            (r for r, _ in chosen), key=lambda r: (r.info.as_of, r.info.id, r.checklist.version)
        )
        checklists = [r.checklist for r in newest]
        areas = union_areas(checklists)
        area_ids = [a.area_id for a in areas]
        rows = tuple(_row(r, p, area_ids, scheme) for r, p in chosen)
        title, scale = checklists[-1].title, scale_info(checklists[-1])
        versions = tuple(sorted({r.checklist.version for r, _ in chosen}))
    else:
        last = max((r[-1] for r in countries.values()), key=round_key)
        first = repository.checklist_snapshot(session, last.checklist_version_id)
        areas, rows = union_areas([first]), ()
        title, scale, versions = first.title, scale_info(first), ()
    return PortfolioSection(
        checklist_id=checklist_id,
        checklist_title=title,
        versions=versions,
        scale=scale,
        areas=areas,
        rows=rows,
        pending=tuple(pending),
    )


def _pending(rounds: list[AssessmentInfo]) -> PendingCountry:
    last = rounds[-1]
    return PendingCountry(
        country_code=last.country_code,
        country_name=last.country_name,
        drafts=len(rounds),
        latest_as_of=last.as_of,
        synthetic=any(i.synthetic for i in rounds),
    )
