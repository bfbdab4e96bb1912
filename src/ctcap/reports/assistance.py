"""Build the need-against-assistance model (``assistance_model``) from storage and domain.

Need comes from each country's latest final round of each checklist (``domain.rounds``),
through its stored summary (``storage.reading.load_summaries``), scored afresh only
where none holds. Assistance comes from the project register summed in SQL
(``storage.assistance_reading``); only projects on an item several donors address are
read one by one. Nothing is rendered here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import REGIONS, earliest, latest
from ctcap.domain.summary import RoundSummary, summarise
from ctcap.gc_pause import gc_paused
from ctcap.storage.assistance_reading import (
    PlaceTotal,
    SharedItemProject,
    country_names,
    place_totals,
    shared_items,
)
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.project_reading import latest_finals
from ctcap.storage.reading import load_responses, load_summaries, snapshots
from ctcap.storage.records import AssessmentInfo

from .assistance_model import (
    OVER,
    UNDER,
    AreaTotal,
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
    money: dict[str, list[int]] = field(default_factory=dict)  # currency → [c, d, n], cents

    def add(self, total: PlaceTotal) -> None:
        self.projects += total.projects
        self.donors.add(total.donor)
        if total.currency and total.with_amounts:
            slot = self.money.setdefault(total.currency, [0, 0, 0])
            slot[0] += total.committed
            slot[1] += total.disbursed
            slot[2] += total.with_amounts

    def split(self, currency: str) -> tuple[Money, tuple[Money, ...]]:
        """The amounts in ``currency``, and those in any other, as cents (ints)."""
        mine = self.money.get(currency)
        main = _money(currency, *mine) if mine else _nothing(currency)
        if len(self.money) <= (1 if mine else 0):
            return main, ()
        others = tuple(
            _money(cur, *amounts) for cur, amounts in sorted(self.money.items()) if cur != currency
        )
        return main, others


def _money(currency: str, committed: int, disbursed: int, projects: int) -> Money:
    # Hundredths, exactly: scaleb keeps two decimals (1.00), without a rounding context.
    return Money(currency, Decimal(committed).scaleb(-2), Decimal(disbursed).scaleb(-2), projects)


@lru_cache(maxsize=8)
def _nothing(currency: str) -> Money:
    return _money(currency, 0, 0, 0)


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


def _currency(totals: Iterable[PlaceTotal]) -> str:
    """The currency most projects state their amounts in (USD when none do)."""
    counts: Counter[str] = Counter()
    for total in totals:
        if total.currency and total.with_amounts:
            counts[total.currency] += total.with_amounts
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


_Needs = dict[tuple[str, AssistanceArea | None], _Need]


def _needs(
    infos: Sequence[AssessmentInfo], summaries: dict[int, RoundSummary]
) -> tuple[_Needs, dict[str, date], dict[tuple[str, str], set[str]]]:
    """Priority per country × area, when each country was last assessed, and its gap items."""
    needs: _Needs = defaultdict(_Need)
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
    return needs, assessed, gap_items


def _build(session: Session, currency: str | None) -> NeedAgainstAssistance:
    infos = latest_finals(session)
    summaries, checklists = _summaries(session, infos)
    needs, assessed, gap_items = _needs(infos, summaries)
    every = place_totals(session)
    totals = [row for row in every if not row.cancelled]
    chosen = currency or _currency(totals)
    given: dict[tuple[str, AssistanceArea | None], _Given] = defaultdict(_Given)
    regional: dict[tuple[str, AssistanceArea | None], _Given] = defaultdict(_Given)
    areas = {area.value: area for area in AssistanceArea}
    for row in totals:
        area = areas[row.area] if row.area else None
        if row.country:
            given[row.country, area].add(row)
        elif row.region:
            regional[row.region, area].add(row)
    names = country_names(session)
    overlaps = _overlaps(shared_items(session, gap_items), checklists.values(), names)
    rows = _rows(needs, given, assessed, names, chosen, _several(overlaps))
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
    synthetic = any(i.synthetic for i in infos) or any(row.synthetic for row in every)
    return NeedAgainstAssistance(
        currency=chosen,
        rows=tuple(rows),
        regions=tuple(region_rows),
        overlaps=overlaps,
        total_priority=sum(n.priority for n in needs.values()),
        total_committed=sum((r.money.committed for r in rows), _ZERO),
        total_disbursed=sum((r.money.disbursed for r in rows), _ZERO),
        projects=sum(row.projects for row in totals),
        cancelled=sum(row.projects for row in every if row.cancelled),
        synthetic=synthetic,
        areas=_area_totals(rows),
    )


def _key(key: tuple[str, AssistanceArea | None]) -> tuple[str, int]:
    return key[0], _AREA_ORDER.get(key[1], 99) if key[1] is not None else 99


def _rows(
    needs: dict[tuple[str, AssistanceArea | None], _Need],
    given: dict[tuple[str, AssistanceArea | None], _Given],
    assessed: dict[str, date],
    names: dict[str, str],
    currency: str,
    several: dict[tuple[str, AssistanceArea | None], tuple[str, ...]],
) -> list[NeedRow]:
    keys = sorted(set(needs) | set(given), key=_key)
    total_priority = sum(n.priority for n in needs.values())
    staged = []
    nothing, unserved = _Need(), _Given()
    for key in keys:
        need, got = needs.get(key, nothing), given.get(key, unserved)
        main, others = got.split(currency)
        staged.append((key, need, got, main, others))
    total_committed = float(sum(g.money.get(currency, (0,))[0] for g in given.values()))
    rows = []
    for (code, area), need, got, main, others in staged:
        need_share = need.priority / total_priority if total_priority else 0.0
        cents = got.money.get(currency, (0,))[0]
        committed_share = cents / total_committed if total_committed else None
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
                donors=tuple(sorted(got.donors)) if got.donors else (),
                money=main,
                other_currencies=others,
                need_share=need_share,
                committed_share=committed_share,
                served=_share_served(served, need_share, committed_share),
                several_donors=several.get((code, area), ()),
            )
        )
    return rows


def _span(project: SharedItemProject) -> tuple[date, date]:
    start, end = project.start, project.end
    return (earliest(start) if start else date.min, latest(end) if end else date.max)


def _overlaps(
    shared: Sequence[SharedItemProject], checklists: Iterable[Checklist], names: dict[str, str]
) -> tuple[Overlap, ...]:
    """Item gaps that projects of two or more donors address at overlapping times."""
    on_item: dict[tuple[str, str, str], list[SharedItemProject]] = defaultdict(list)
    for project in shared:
        on_item[project.country, project.checklist_id, project.item_id].append(project)
    titles: dict[tuple[str, str], tuple[str, AssistanceArea]] | None = None
    found = []
    for (code, checklist_id, item_id), mine in on_item.items():
        spans = {p.identifier: _span(p) for p in mine}
        involved = {
            p.identifier
            for p in mine
            for q in mine
            if p.donor != q.donor
            and spans[p.identifier][0] <= spans[q.identifier][1]
            and spans[q.identifier][0] <= spans[p.identifier][1]
        }
        if not involved:
            continue
        if titles is None:
            titles = {(c.id, i.id): (i.title, i.assistance_area) for c in checklists
                      for i in c.items()}  # fmt: skip
        members = tuple(
            OverlapProject(p.identifier, p.title, p.donor, p.start, p.end)
            for p in mine
            if p.identifier in involved
        )
        title, area = titles.get((checklist_id, item_id), (item_id, None))
        found.append(
            Overlap(code, names.get(code, code), checklist_id, item_id, title, members, area)
        )
    return tuple(found)


def _several(
    overlaps: Iterable[Overlap],
) -> dict[tuple[str, AssistanceArea | None], tuple[str, ...]]:
    """The items with several donors at once, by the country × area row they fall in."""
    found: dict[tuple[str, AssistanceArea | None], list[str]] = defaultdict(list)
    for overlap in overlaps:
        if overlap.area is not None:
            found[overlap.country_code, overlap.area].append(overlap.item_id)
    return {key: tuple(sorted(set(items))) for key, items in found.items()}


def _area_rank(area: AssistanceArea | None) -> int:
    return 99 if area is None else _AREA_ORDER[area]


def _share(part: Decimal, whole: Decimal) -> float | None:
    return float(part / whole) if whole else None


def _area_totals(rows: Sequence[NeedRow]) -> tuple[AreaTotal, ...]:
    """Each area over every country: its need and the money there, as shares of all."""
    priority: dict[AssistanceArea | None, float] = defaultdict(float)
    money: dict[AssistanceArea | None, list[Decimal]] = defaultdict(lambda: [_ZERO, _ZERO])
    projects: Counter[AssistanceArea | None] = Counter()
    countries: Counter[AssistanceArea | None] = Counter()
    for row in rows:
        priority[row.area] += row.priority
        money[row.area][0] += row.money.committed
        money[row.area][1] += row.money.disbursed
        projects[row.area] += row.projects
        countries[row.area] += row.priority > 0
    total = sum(priority.values())
    committed = sum((m[0] for m in money.values()), _ZERO)
    disbursed = sum((m[1] for m in money.values()), _ZERO)
    areas = sorted(set(priority) | set(money), key=_area_rank)
    return tuple(
        AreaTotal(
            area=area,
            priority=priority[area],
            need_share=priority[area] / total if total else 0.0,
            committed=money[area][0],
            disbursed=money[area][1],
            committed_share=_share(money[area][0], committed),
            disbursed_share=_share(money[area][1], disbursed),
            projects=projects[area],
            countries=countries[area],
        )
        for area in areas
    )
