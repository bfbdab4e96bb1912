"""Build the need-against-assistance model (``assistance_model``) from storage and domain.

Need comes from each country's latest final round of each checklist (``domain.rounds``),
through its stored summary (``storage.reading.load_summaries``), scored afresh only
where none holds. Assistance comes from the project register in two queries. Nothing is
rendered here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import REGIONS, Project, Status, earliest, latest
from ctcap.domain.rounds import reported_round
from ctcap.domain.summary import RoundSummary, summarise
from ctcap.gc_pause import gc_paused
from ctcap.storage.project_reading import list_projects
from ctcap.storage.projects import ProjectRecord
from ctcap.storage.reading import load_responses, load_summaries, portfolio_infos, snapshots
from ctcap.storage.records import AssessmentInfo
from ctcap.storage.repository import list_countries

from .assistance_model import (
    OVER,
    UNDER,
    Money,
    NeedAgainstAssistance,
    NeedRow,
    Overlap,
    OverlapProject,
    RegionRow,
    Served,
)

_AREA_ORDER = {area: n for n, area in enumerate(AssistanceArea)}
_ZERO = Decimal("0.00")


@dataclass
class _Need:
    priority: float = 0.0
    gaps: int = 0
    fundamental: int = 0


@dataclass
class _Given:
    projects: int = 0
    donors: set[str] = field(default_factory=set)
    money: dict[str, list[Decimal | int]] = field(default_factory=dict)  # cur → [c, d, n]

    def add(self, project: Project) -> None:
        self.projects += 1
        self.donors.add(project.funding_org)
        money = project.money
        if money.currency and (money.committed is not None or money.disbursed is not None):
            slot = self.money.setdefault(money.currency, [_ZERO, _ZERO, 0])
            slot[0] += money.committed or _ZERO
            slot[1] += money.disbursed or _ZERO
            slot[2] += 1

    def split(self, currency: str) -> tuple[Money, tuple[Money, ...]]:
        mine = self.money.get(currency, [_ZERO, _ZERO, 0])
        main = Money(currency, Decimal(mine[0]), Decimal(mine[1]), int(mine[2]))
        others = tuple(
            Money(cur, Decimal(c), Decimal(d), int(n))
            for cur, (c, d, n) in sorted(self.money.items())
            if cur != currency
        )
        return main, others


def _latest_rounds(session: Session) -> list[AssessmentInfo]:
    """The latest final round of each country × checklist."""
    series: dict[tuple[str, str], list[AssessmentInfo]] = defaultdict(list)
    for info in portfolio_infos(session):
        series[info.country_code, info.checklist_id].append(info)
    chosen = []
    for rounds in series.values():
        subject = reported_round(rounds)
        if subject is not None and subject.is_final:
            chosen.append(subject)
    return chosen


def _summaries(
    session: Session, infos: Sequence[AssessmentInfo]
) -> tuple[dict[int, RoundSummary], dict[int, Checklist]]:
    summaries = load_summaries(session, infos)
    missing = [info for info in infos if info.id not in summaries]
    checklists = snapshots(session, infos)
    if missing:
        responses = load_responses(session, missing)
        for info in missing:
            summaries[info.id] = summarise(
                checklists[info.checklist_version_id], responses[info.id]
            )
    return summaries, checklists


def _currency(records: Iterable[ProjectRecord]) -> str:
    """The currency most projects state their amounts in (USD when none do)."""
    counts = Counter(
        r.project.money.currency
        for r in records
        if r.project.money.currency and not r.project.money.is_empty()
    )
    return min(counts, key=lambda c: (-counts[c], c)) if counts else "USD"


def _served(need: _Need, given: _Given, money: Money, assessed: bool, area: object) -> Served:
    if area is None:
        return Served.AREA_UNSTATED
    if not assessed:
        return Served.NOT_ASSESSED
    if need.priority <= 0:
        return Served.NO_GAP
    if given.projects == 0:
        return Served.UNSERVED
    if money.projects == 0:
        return Served.AMOUNT_UNKNOWN
    return Served.BALANCED  # refined against the shares once totals are known


def _share_served(row_served: Served, need_share: float, committed_share: float | None) -> Served:
    if row_served != Served.BALANCED or committed_share is None or need_share == 0:
        return row_served
    ratio = committed_share / need_share
    if ratio < UNDER:
        return Served.UNDER
    return Served.OVER if ratio > OVER else Served.BALANCED


def build_need_against_assistance(
    session: Session, currency: str | None = None
) -> NeedAgainstAssistance:
    with gc_paused():
        return _build(session, currency)


def _build(session: Session, currency: str | None) -> NeedAgainstAssistance:
    infos = _latest_rounds(session)
    summaries, checklists = _summaries(session, infos)
    needs: dict[tuple[str, AssistanceArea | None], _Need] = defaultdict(_Need)
    assessed: dict[str, date] = {}
    gap_items: dict[tuple[str, str], set[str]] = {}
    for info in infos:
        summary = summaries[info.id]
        assessed[info.country_code] = max(info.as_of, assessed.get(info.country_code, info.as_of))
        items: set[str] = set()
        for total in summary.assistance:
            if total.gaps:
                need = needs[info.country_code, total.area]
                need.priority += total.priority
                need.gaps += total.gaps
                need.fundamental += total.fundamental_gaps
                items.update(total.items)
        gap_items[info.country_code, info.checklist_id] = items
    records = list_projects(session)
    live = [r for r in records if r.project.status != Status.CANCELLED]
    chosen = currency or _currency(live)
    given: dict[tuple[str, AssistanceArea | None], _Given] = defaultdict(_Given)
    regional: dict[tuple[str, AssistanceArea | None], _Given] = defaultdict(_Given)
    for record in live:
        project = record.project
        if project.recipient_country:
            given[project.recipient_country, project.area].add(project)
        elif project.recipient_region:
            regional[project.recipient_region, project.area].add(project)
    names = {c.code: c.name for c in list_countries(session)}
    rows = _rows(needs, given, assessed, names, chosen)
    overlaps = _overlaps(live, gap_items, checklists.values(), names)
    region_rows = []
    for (region, area), got in sorted(regional.items(), key=lambda kv: _key(kv[0])):
        main, others = got.split(chosen)
        region_rows.append(
            RegionRow(
                region,
                REGIONS.get(region, region),
                area,
                got.projects,
                tuple(sorted(got.donors)),
                main,
                others,
            )
        )
    synthetic = any(i.synthetic for i in infos) or any(r.project.synthetic for r in live)
    return NeedAgainstAssistance(
        currency=chosen,
        rows=tuple(rows),
        regions=tuple(region_rows),
        overlaps=overlaps,
        total_priority=sum(n.priority for n in needs.values()),
        total_committed=sum((r.money.committed for r in rows), _ZERO),
        total_disbursed=sum((r.money.disbursed for r in rows), _ZERO),
        projects=len(live),
        cancelled=len(records) - len(live),
        synthetic=synthetic,
    )


def _key(key: tuple[str, AssistanceArea | None]) -> tuple[str, int]:
    return key[0], _AREA_ORDER.get(key[1], 99) if key[1] is not None else 99


def _rows(
    needs: dict[tuple[str, AssistanceArea | None], _Need],
    given: dict[tuple[str, AssistanceArea | None], _Given],
    assessed: dict[str, date],
    names: dict[str, str],
    currency: str,
) -> list[NeedRow]:
    keys = sorted(set(needs) | set(given), key=_key)
    total_priority = sum(n.priority for n in needs.values())
    staged = []
    for key in keys:
        need, got = needs.get(key, _Need()), given.get(key, _Given())
        main, others = got.split(currency)
        staged.append((key, need, got, main, others))
    total_committed = sum((s[3].committed for s in staged), _ZERO)
    rows = []
    for (code, area), need, got, main, others in staged:
        need_share = need.priority / total_priority if total_priority else 0.0
        committed_share = float(main.committed / total_committed) if total_committed else None
        served = _served(need, got, main, code in assessed, area)
        rows.append(
            NeedRow(
                country_code=code,
                country_name=names.get(code, code),
                area=area,
                priority=need.priority,
                gaps=need.gaps,
                fundamental_gaps=need.fundamental,
                assessed_as_of=assessed.get(code),
                projects=got.projects,
                donors=tuple(sorted(got.donors)),
                money=main,
                other_currencies=others,
                need_share=need_share,
                committed_share=committed_share,
                served=_share_served(served, need_share, committed_share),
            )
        )
    return rows


def _span(project: Project) -> tuple[date, date]:
    start, end = project.start, project.end
    return (earliest(start) if start else date.min, latest(end) if end else date.max)


def _overlaps(
    records: Sequence[ProjectRecord],
    gap_items: dict[tuple[str, str], set[str]],
    checklists: Iterable[Checklist],
    names: dict[str, str],
) -> tuple[Overlap, ...]:
    """Item gaps that projects of two or more donors address at overlapping times."""
    titles = {(c.id, item.id): item.title for c in checklists for item in c.items()}
    on_item: dict[tuple[str, str, str], list[Project]] = defaultdict(list)
    for record in records:
        project = record.project
        if project.recipient_country is None:
            continue
        for link in project.links:
            if link.item_id in gap_items.get((project.recipient_country, link.checklist_id), ()):
                on_item[project.recipient_country, link.checklist_id, link.item_id].append(project)
    found = []
    for (code, checklist_id, item_id), projects in sorted(on_item.items()):
        if len({p.funding_org for p in projects}) < 2:
            continue
        spans = {p.identifier: _span(p) for p in projects}
        involved = {
            p.identifier
            for p in projects
            for q in projects
            if p.funding_org != q.funding_org
            and spans[p.identifier][0] <= spans[q.identifier][1]
            and spans[q.identifier][0] <= spans[p.identifier][1]
        }
        if involved:
            members = tuple(
                OverlapProject(p.identifier, p.title, p.funding_org, p.start, p.end)
                for p in sorted(projects, key=lambda p: p.identifier)
                if p.identifier in involved
            )
            title = titles.get((checklist_id, item_id), item_id)
            found.append(
                Overlap(code, names.get(code, code), checklist_id, item_id, title, members)
            )
    return tuple(found)
