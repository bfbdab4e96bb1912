"""Build the need-against-assistance model (``assistance_model``) from storage and domain.

Need comes from each country's latest final round of each checklist (``domain.rounds``),
read with its stored summary in one query (``storage.assistance_reading``), scored
afresh only where no summary holds. Assistance comes from one scan of the register,
summed by ``assistance_given``, which also finds the item gaps several donors address at
once. Nothing is rendered here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ctcap.domain.marks import Release
from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import REGIONS
from ctcap.domain.summary import AssistanceSummary, assistance_gaps_from_json, summarise
from ctcap.gc_pause import gc_paused
from ctcap.storage import handling as handling_settings
from ctcap.storage.assistance_reading import (
    LatestFinal,
    country_names,
    latest_final_summaries,
    project_facts,
    project_marks,
)
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.reading import responses_of
from ctcap.storage.snapshots import checklist_snapshot

from .assistance_given import Given, Place, gather, overlaps, several
from .assistance_model import (
    OVER,
    UNDER,
    AreaTotal,
    Money,
    NeedAgainstAssistance,
    NeedRow,
    RegionRow,
    Served,
)
from .common import handling_of, released_marks

_AREA_ORDER = {area: n for n, area in enumerate(AssistanceArea)}
_ZERO = Decimal("0.00")


@dataclass(slots=True)
class _Need:
    priority: float = 0.0
    gaps: int = 0
    fundamental: int = 0


def _assistance(
    session: Session, finals: Sequence[LatestFinal]
) -> dict[int, Sequence[AssistanceSummary]]:
    """Each round's assistance areas with gaps: from its stored summary, read once; scored
    afresh only where no summary holds (then its checklist and answers are read)."""
    found: dict[int, Sequence[AssistanceSummary]] = {
        f.id: assistance_gaps_from_json(f.summary) for f in finals if f.summary is not None
    }
    for final in finals:
        if final.summary is None:
            checklist = checklist_snapshot(session, final.checklist_version_id)
            scored = summarise(checklist, responses_of(session, final.id)).assistance
            found[final.id] = [total for total in scored if total.gaps]
    return found


def _currency(counts: Counter[str]) -> str:
    """The currency most projects state their amounts in (USD when none do)."""
    return min(counts, key=lambda c: (-counts[c], c)) if counts else "USD"


def _served(need: _Need, given: Given, money: Money, assessed: bool, area: object) -> Served:
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
    session: Session, currency: str | None = None, release: str | None = None
) -> NeedAgainstAssistance:
    """``release`` (a level) leaves out the rounds and projects marked above it: the need
    comes from the latest round it lets out, the assistance from the projects it does."""
    with gc_paused():
        return _build(session, currency, handling_settings.release(session, release))


_Needs = dict[Place, _Need]


GapItems = dict[str, dict[str, set[str]]]  # country → checklist id → item ids with a gap


def _needs(
    finals: Sequence[LatestFinal], assistance: dict[int, Sequence[AssistanceSummary]]
) -> tuple[_Needs, dict[str, date], GapItems]:
    """Priority per country × area, when each country was last assessed, and its gap items."""
    needs: _Needs = defaultdict(_Need)
    assessed: dict[str, date] = {}
    gap_items: GapItems = defaultdict(dict)
    for final in finals:
        code = final.country_code
        assessed[code] = max(final.as_of, assessed.get(code, final.as_of))
        items: set[str] = set()
        for total in assistance[final.id]:
            need = needs[code, total.area]
            need.priority += total.priority
            need.gaps += total.gaps
            need.fundamental += total.fundamental_gaps
            items.update(total.items)
        gap_items[code][final.checklist_id] = items
    return needs, assessed, gap_items


def _build(session: Session, currency: str | None, release: Release) -> NeedAgainstAssistance:
    levels = release.shown_levels
    finals = latest_final_summaries(session, levels)
    needs, assessed, gap_items = _needs(finals, _assistance(session, finals))
    facts = project_facts(session, levels)
    register = gather(facts)
    chosen = currency or _currency(register.currencies)
    names = country_names(session)
    overlapping = overlaps(session, facts, gap_items, finals, names, release.scheme.label)
    rows = _rows(needs, register.countries, assessed, names, chosen, several(overlapping))
    region_rows = []
    for (region, area), got in sorted(register.regions.items(), key=lambda kv: _key(kv[0])):
        main, others = got.split(chosen)
        region_rows.append(
            RegionRow(region, REGIONS.get(region, region), area, got.projects,
                      tuple(sorted(got.donors)), main, others)
        )  # fmt: skip
    marks = released_marks(release, handling_settings.round_marks(session, (f.id for f in finals)))
    marks += project_marks(session, levels) if facts else []
    return NeedAgainstAssistance(
        handling=handling_of(release, marks),
        currency=chosen,
        rows=tuple(rows),
        regions=tuple(region_rows),
        overlaps=overlapping,
        total_priority=sum(n.priority for n in needs.values()),
        total_committed=sum((r.money.committed for r in rows), _ZERO),
        total_disbursed=sum((r.money.disbursed for r in rows), _ZERO),
        projects=register.projects,
        cancelled=register.cancelled,
        synthetic=register.synthetic or any(f.synthetic for f in finals),
        areas=_area_totals(rows),
    )


def _key(key: tuple[str, AssistanceArea | None]) -> tuple[str, int]:
    return key[0], _AREA_ORDER.get(key[1], 99) if key[1] is not None else 99


def _rows(
    needs: dict[Place, _Need],
    given: dict[Place, Given],
    assessed: dict[str, date],
    names: dict[str, str],
    currency: str,
    several_donors: dict[Place, tuple[str, ...]],
) -> list[NeedRow]:
    total_priority = sum(n.priority for n in needs.values())
    committed = {key: got.committed(currency) for key, got in given.items()}
    total_committed = float(sum(committed.values()))
    nothing, unserved = _Need(), Given()
    rows = []
    for key in sorted(set(needs) | set(given), key=_key):
        code, area = key
        need, got = needs.get(key, nothing), given.get(key, unserved)
        main, others = got.split(currency)
        need_share = need.priority / total_priority if total_priority else 0.0
        committed_share = committed.get(key, 0) / total_committed if total_committed else None
        served = _served(need, got, main, code in assessed, area)
        rows.append(
            NeedRow(
                code, names.get(code, code), area, need.priority, need.gaps, need.fundamental,
                assessed.get(code), got.projects,
                tuple(sorted(got.donors)) if got.donors else (), main, others, need_share,
                committed_share, _share_served(served, need_share, committed_share),
                several_donors.get(key, ()),
            )
        )  # fmt: skip
    return rows


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
