"""What the register gives, for the need-against-assistance view: each place's projects,
donors and money, and the item gaps several donors address at once.

The projects come from one scan (``storage.assistance_reading.project_facts``) and are
summed here by recipient (country or region) and assistance area; amounts stay in
hundredths (ints) until a row is built, and currencies are never mixed. Cancelled
projects (IATI status 5) are counted apart and summed nowhere.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import Status, earliest, latest
from ctcap.storage.assistance_reading import (
    LatestFinal,
    ProjectFact,
    item_links,
    project_titles,
)
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.snapshots import checklist_snapshot

from .assistance_model import Money, Overlap, OverlapProject

Place = tuple[str, AssistanceArea | None]  # a country or region, and an area
_AREAS = {area.value: area for area in AssistanceArea}
_CANCELLED = int(Status.CANCELLED)


@dataclass(slots=True)
class Given:
    """The projects of one place: how many, whose, and their money per currency (cents)."""

    projects: int = 0
    donors: set[str] = field(default_factory=set)
    money: dict[str, list[int]] = field(default_factory=dict)  # currency → [c, d, n]

    def split(self, currency: str) -> tuple[Money, tuple[Money, ...]]:
        """The amounts in ``currency``, and those in any other."""
        mine = self.money.get(currency)
        main = _money(currency, *mine) if mine else _nothing(currency)
        if len(self.money) <= (1 if mine else 0):
            return main, ()
        others = tuple(
            _money(cur, *amounts) for cur, amounts in sorted(self.money.items()) if cur != currency
        )
        return main, others

    def committed(self, currency: str) -> int:
        slot = self.money.get(currency)
        return slot[0] if slot else 0


def _money(currency: str, committed: int, disbursed: int, projects: int) -> Money:
    # Hundredths, exactly: scaleb keeps two decimals (1.00), without a rounding context.
    return Money(currency, Decimal(committed).scaleb(-2), Decimal(disbursed).scaleb(-2), projects)


@lru_cache(maxsize=8)
def _nothing(currency: str) -> Money:
    return _money(currency, 0, 0, 0)


@dataclass
class Register:
    """The register summed: by country × area, by region × area, and the counts."""

    countries: dict[Place, Given]
    regions: dict[Place, Given]
    currencies: Counter[str]  # projects stating an amount, per currency
    projects: int  # counted (not cancelled)
    cancelled: int
    synthetic: bool  # any project, cancelled or not


def gather(facts: Iterable[ProjectFact]) -> Register:
    """Sum every project into its place (one pass; cancelled ones only counted)."""
    by_place: dict[tuple[str, str | None, bool], Given] = defaultdict(Given)
    cancelled = 0
    synthetic = False
    for (
        _,
        country,
        region,
        area,
        currency,
        donor,
        status,
        committed,
        disbursed,
        fake,
        _,
        _,
    ) in facts:
        if fake:
            synthetic = True
        if status == _CANCELLED:
            cancelled += 1
            continue
        place = country or region
        if not place:
            continue
        given = by_place[place, area, not country]
        given.projects += 1
        given.donors.add(donor)
        if currency and (committed is not None or disbursed is not None):
            slot = given.money.get(currency)
            if slot is None:
                slot = given.money[currency] = [0, 0, 0]
            slot[0] += committed or 0
            slot[1] += disbursed or 0
            slot[2] += 1
    countries: dict[Place, Given] = {}
    regions: dict[Place, Given] = {}
    currencies: Counter[str] = Counter()
    for (place, area, regional), given in by_place.items():
        (regions if regional else countries)[place, _AREAS[area] if area else None] = given
        for currency, (_, _, stated) in given.money.items():
            currencies[currency] += stated
    counted = sum(given.projects for given in by_place.values())
    return Register(countries, regions, currencies, counted, cancelled, synthetic)


# Several donors on one item gap ----------------------------------------------------------


def overlaps(
    session: Session,
    facts: Sequence[ProjectFact],
    gap_items: Mapping[str, Mapping[str, Collection[str]]],
    finals: Sequence[LatestFinal],
    names: Mapping[str, str],
    label: Callable[[str], str],
) -> tuple[Overlap, ...]:
    """Item gaps that live projects of two or more donors address at overlapping times;
    ``label`` shows a project's mark (the scheme's)."""
    shared = _shared(facts, item_links(session), gap_items)
    if not shared.keys:
        return ()
    days = {fact[0]: _span(fact[10], fact[11]) for fact in facts if fact[0] in shared.members}
    found: list[tuple[tuple[str, str, str], list[int]]] = []
    for key in sorted(shared.keys):
        members = shared.keys[key]
        involved = [
            p for p, donor in members
            if any(donor != other and days[p][0] <= days[q][1] and days[q][0] <= days[p][1]
                   for q, other in members)
        ]  # fmt: skip
        if involved:
            found.append((key, involved))
    if not found:
        return ()
    by_id = {fact[0]: fact for fact in facts}
    titles = project_titles(session, {p for _, involved in found for p in involved})
    items = _item_titles(session, finals, {(c, i) for (_, c, i), _ in found})
    result = []
    for (code, checklist_id, item_id), involved in found:
        projects = sorted(
            (_overlap_project(titles[p], by_id[p], label) for p in involved),
            key=lambda project: project.identifier,
        )
        title, area = items.get((checklist_id, item_id), (item_id, None))
        result.append(Overlap(code, names.get(code, code), checklist_id, item_id, title,
                              tuple(projects), area))  # fmt: skip
    return tuple(result)


def _overlap_project(
    titles: tuple[str, str, str], fact: ProjectFact, label: Callable[[str], str]
) -> OverlapProject:
    identifier, title, mark = titles
    return OverlapProject(identifier, title, fact[5], fact[10], fact[11], label(mark))


@dataclass
class _Shared:
    keys: dict[tuple[str, str, str], list[tuple[int, str]]]  # (country, checklist, item)
    members: set[int]  # every project id among them


def _shared(
    facts: Sequence[ProjectFact],
    links: Iterable[tuple[int, str, str]],
    gap_items: Mapping[str, Mapping[str, Collection[str]]],
) -> _Shared:
    """The item gaps that live projects of more than one donor link, with those projects.

    ``gap_items``: country → checklist id → the items with a gap there.
    """
    nowhere: Mapping[str, Collection[str]] = {}
    live = {
        f[0]: (f[1], f[5], gap_items.get(f[1], nowhere))
        for f in facts
        if f[1] and f[6] != _CANCELLED
    }
    first: dict[tuple[str, str, str], str] = {}
    several_donors: set[tuple[str, str, str]] = set()
    hits = []
    where = live.get
    for project_id, checklist_id, item_id in links:
        project = where(project_id)
        if project is None:
            continue
        gaps = project[2].get(checklist_id)
        if gaps and item_id in gaps:
            key = (project[0], checklist_id, item_id)
            if first.setdefault(key, project[1]) != project[1]:
                several_donors.add(key)
            hits.append((key, project_id, project[1]))
    keys: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for key, project_id, donor in hits:
        if key in several_donors:
            keys[key].append((project_id, donor))
    return _Shared(keys, {p for members in keys.values() for p, _ in members})


@lru_cache(maxsize=4096)
def _span(start: str | None, end: str | None) -> tuple[date, date]:
    """The days a project may span: its dates are as precise as the source, so from the
    first day its start can mean to the last day its end can."""
    return (earliest(start) if start else date.min, latest(end) if end else date.max)


def _item_titles(
    session: Session, finals: Sequence[LatestFinal], wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, AssistanceArea]]:
    """Title and area of each item of the checklists named in ``wanted`` (checklist, item),
    as the latest rounds' checklist versions have them."""
    checklists = {checklist_id for checklist_id, _ in wanted}
    versions = {f.checklist_version_id for f in finals if f.checklist_id in checklists}
    titles: dict[tuple[str, str], tuple[str, AssistanceArea]] = {}
    for version_id in sorted(versions):
        checklist = checklist_snapshot(session, version_id)
        for item in checklist.items():
            titles.setdefault((checklist.id, item.id), (item.title, item.assistance_area))
    return titles


def several(overlapping: Iterable[Overlap]) -> dict[Place, tuple[str, ...]]:
    """The items with several donors at once, by the country × area row they fall in."""
    found: dict[Place, list[str]] = defaultdict(list)
    for overlap in overlapping:
        if overlap.area is not None:
            found[overlap.country_code, overlap.area].append(overlap.item_id)
    return {key: tuple(sorted(set(items))) for key, items in found.items()}
