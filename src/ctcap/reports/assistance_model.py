"""The need-against-assistance model: typed, complete, and free of any rendering.

One row per country × assistance area where there is a gap or a project: the gap
priority of the country's latest final rounds (``domain.gaps``: weight × normalised gap,
summed over every checklist's latest final round) against the assistance committed and
disbursed there. Shares put the two on one footing: a row's share of all priority,
against its share of all commitments in the view's currency. Renderers and the TUI read
this model and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ctcap.domain.model import AssistanceArea

from .model import Handling

# A row is under-served when its share of commitments is below UNDER × its share of need,
# over-served above OVER × it. Any such line is a judgement; these say "half" and "double".
UNDER, OVER = 0.5, 2.0


class Served(StrEnum):
    UNSERVED = "unserved"  # a gap, and no project at all
    UNDER = "under-served"  # a gap, and less than half its share of commitments
    BALANCED = "balanced"
    OVER = "over-served"  # more than double its share of commitments
    NO_GAP = "no-gap"  # projects where the latest rounds record no gap
    AMOUNT_UNKNOWN = "amount-unknown"  # projects, but no commitment in the view's currency
    NOT_ASSESSED = "not-assessed"  # projects in a country with no final round
    AREA_UNSTATED = "area-unstated"  # projects that name no assistance area


@dataclass(frozen=True, slots=True)
class Money:
    """Committed and disbursed in one currency, over ``projects`` projects."""

    currency: str
    committed: Decimal
    disbursed: Decimal
    projects: int


@dataclass(frozen=True, slots=True)
class NeedRow:
    country_code: str
    country_name: str
    area: AssistanceArea | None  # None: projects that name no area
    priority: float  # summed over the latest final round of each checklist
    gaps: int
    fundamental_gaps: int
    assessed_as_of: date | None  # the newest of those rounds; None: never assessed (final)
    projects: int  # every project here, whatever its currency
    donors: tuple[str, ...]
    money: Money  # in the view's currency
    other_currencies: tuple[Money, ...]  # amounts that cannot be added to it
    need_share: float  # this row's share of all priority (0 when there is none)
    committed_share: float | None  # its share of all commitments; None: no commitments
    served: Served
    several_donors: tuple[str, ...] = ()  # item ids here that several donors address at once

    @property
    def ratio(self) -> float | None:
        """Committed share ÷ need share; None where either is missing or zero."""
        if self.committed_share is None or self.need_share == 0:
            return None
        return self.committed_share / self.need_share


@dataclass(frozen=True)
class RegionRow:
    """Regional assistance: not split among member countries (no split would be honest)."""

    region: str
    name: str
    area: AssistanceArea | None
    projects: int
    donors: tuple[str, ...]
    money: Money
    other_currencies: tuple[Money, ...]


@dataclass(frozen=True)
class OverlapProject:
    identifier: str
    title: str
    donor: str
    start: str | None
    end: str | None
    mark: str = ""  # its handling mark as shown, e.g. "TLP:AMBER"


@dataclass(frozen=True)
class Overlap:
    """Projects of several donors on one item gap, at times that overlap: coordinate them."""

    country_code: str
    country_name: str
    checklist_id: str
    item_id: str
    item_title: str
    projects: tuple[OverlapProject, ...]
    area: AssistanceArea | None = None  # the item's assistance area


@dataclass(frozen=True)
class AreaTotal:
    """One assistance area over every country (regional projects apart): need against money."""

    area: AssistanceArea | None  # None: projects that name no area
    priority: float
    need_share: float  # of all priority
    committed: Decimal  # in the view's currency
    disbursed: Decimal
    committed_share: float | None  # of all commitments; None: nothing committed anywhere
    disbursed_share: float | None  # of all disbursements; None: nothing disbursed anywhere
    projects: int  # every project here, whatever its currency
    countries: int  # countries with a gap in this area


@dataclass(frozen=True)
class NeedAgainstAssistance:
    handling: Handling  # the strictest mark of the rounds whose gaps it sums
    currency: str  # commitments in other currencies are listed apart, never converted
    rows: tuple[NeedRow, ...]  # by country, then area in the paper's order
    regions: tuple[RegionRow, ...]
    overlaps: tuple[Overlap, ...]
    total_priority: float
    total_committed: Decimal
    total_disbursed: Decimal
    projects: int  # counted (cancelled projects are left out)
    cancelled: int
    synthetic: bool  # any synthetic round or project went into it
    areas: tuple[AreaTotal, ...] = ()  # per assistance area, in the paper's order
    under: float = UNDER
    over: float = OVER
    note: str = (
        "Priority is weight × normalised gap summed over each checklist's latest final "
        "round; amounts in other currencies are not converted. Cancelled projects are left "
        "out. An amount belongs to the one record that states it (a parent's is not "
        "repeated on its children). Association, not attribution."
    )

    def served(self, kind: Served) -> tuple[NeedRow, ...]:
        return tuple(row for row in self.rows if row.served == kind)

    @property
    def flagged(self) -> tuple[NeedRow, ...]:
        """The rows that stand out: under- and over-served, then unserved; largest need first."""
        kinds = (Served.UNDER, Served.OVER, Served.UNSERVED)
        found = [row for row in self.rows if row.served in kinds]
        return tuple(sorted(found, key=lambda row: (kinds.index(row.served), -row.need_share)))
