"""The portfolio's records: every country's latest final round, one section per checklist.

A ``PortfolioSection`` has one row per country with a final assessment (a cell per
area) and lists the countries that have only drafts so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import AreaName, AssistanceLine, Handling, RoundRef, ScaleInfo


@dataclass(frozen=True)
class PortfolioCell:
    area_id: str
    score: float | None
    target: float | None
    change: float | None
    capped: bool


@dataclass(frozen=True)
class PortfolioRow:
    country_code: str
    country_name: str
    round: RoundRef
    previous: RoundRef | None
    overall: float | None
    overall_change: float | None
    completion: float
    cells: tuple[PortfolioCell, ...]  # one per section area, in the section's order
    gaps: int
    fundamental_gaps: int
    top_assistance: tuple[AssistanceLine, ...]  # up to three, largest first, priority > 0

    def cell(self, area_id: str) -> PortfolioCell:
        return next(c for c in self.cells if c.area_id == area_id)


@dataclass(frozen=True)
class PendingCountry:
    """A country with drafts of this checklist but no final assessment yet."""

    country_code: str
    country_name: str
    drafts: int
    latest_as_of: date
    synthetic: bool


@dataclass(frozen=True)
class PortfolioSection:
    """One checklist: its areas are the columns, one row per country with a final round."""

    checklist_id: str
    checklist_title: str
    versions: tuple[str, ...]  # the versions the rows use, sorted
    scale: ScaleInfo  # of the newest version any row uses
    areas: tuple[AreaName, ...]
    rows: tuple[PortfolioRow, ...]  # by country code
    pending: tuple[PendingCountry, ...]


@dataclass(frozen=True)
class Portfolio:
    synthetic: bool
    sections: tuple[PortfolioSection, ...]  # by checklist id
    handling: Handling

    @property
    def countries(self) -> tuple[str, ...]:
        codes = {row.country_code for s in self.sections for row in s.rows}
        codes |= {p.country_code for s in self.sections for p in s.pending}
        return tuple(sorted(codes))
