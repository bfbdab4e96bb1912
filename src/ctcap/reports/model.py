"""The typed report models: what every renderer (Markdown, HTML, JSON, CSV, XLSX) draws.

The builders (``gap``, ``history``, ``portfolio``) fill these from storage, with every
number taken from the domain's scoring rules; the renderers only format them. Nothing
here holds wall-clock time or random ids, so the same database gives the same report.

Scores are on 0–100 (``None``: nothing scored). A *change* is the new score minus the
previous round's, in points; its arrow is decided on the value rounded to one decimal,
as every renderer prints it, so an arrow never contradicts the number beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SYNTHETIC_MARK = "SYNTHETIC DATA"
SYNTHETIC_NOTICE = (
    "this report contains fictional countries or answers made for demonstration; "
    "they are not an assessment of any real country."
)


def trend_arrow(change: float | None) -> str:
    """▲ up, ▼ down, = unchanged, "" when there is nothing to compare with."""
    if change is None:
        return ""
    rounded = round(change, 1)
    if rounded > 0:
        return "▲"
    if rounded < 0:
        return "▼"
    return "="


def format_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def format_change(change: float | None) -> str:
    """``▲ 12.5``, ``▼ 3.0``, ``= 0.0``; ``—`` when there is no previous round."""
    if change is None:
        return "—"
    arrow = trend_arrow(change)
    return f"{arrow} {abs(round(change, 1)):.1f}"


def format_percent(ratio: float) -> str:
    return f"{100 * ratio:.0f}%"


# Shared pieces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelInfo:
    value: int
    label: str
    description: str
    colour: str


@dataclass(frozen=True)
class ScaleInfo:
    id: str
    title: str
    levels: tuple[LevelInfo, ...]

    @property
    def top(self) -> int:
        return self.levels[-1].value

    def colour_for_score(self, score: float | None) -> str:
        """The colour of the level whose score is nearest: heatmaps use the scale's colours."""
        if score is None:
            return NO_SCORE_COLOUR
        best = min(self.levels, key=lambda lv: (abs(100.0 * lv.value / self.top - score), lv.value))
        return best.colour


NO_SCORE_COLOUR = "#d9d9d9"
SPECIAL_COLOURS = {"na": "#f0f0f0", "unknown": "#bdbdbd", "": "#ffffff"}


@dataclass(frozen=True)
class LevelRef:
    """An item's answer or target, with the item's own descriptor for that level.

    ``response`` is the stored answer: a level value as text (``"3"``), ``"na"``,
    ``"unknown"`` (no information), or ``""`` (unanswered).
    """

    response: str
    value: int | None  # the level value; None for N/A, no information and unanswered
    label: str  # "3 Developed capacity", "No information", "N/A", "Unanswered"
    descriptor: str
    colour: str


@dataclass(frozen=True)
class ItemName:
    item_id: str
    title: str
    area_title: str


@dataclass(frozen=True)
class AreaName:
    area_id: str
    title: str


@dataclass(frozen=True)
class RoundRef:
    """One assessment, as named in a report (never its random uid or timestamps)."""

    assessment_id: int
    title: str
    as_of: date
    status: str
    assessor: str
    checklist_id: str
    checklist_title: str
    checklist_version: str
    synthetic: bool


@dataclass(frozen=True)
class AssistanceLine:
    """One of the nine assistance areas: how much gap assistance there would close."""

    area: str  # the stable id, e.g. "immigration-control"
    title: str
    priority: float  # sum of the priorities of the gaps mapped to it
    share: float  # of the report's total priority, 0–1
    gaps: int
    fundamental_gaps: int
    items: tuple[str, ...]  # item ids, in gap rank order


@dataclass(frozen=True)
class ChecklistChanges:
    """What changed between the checklist versions of two rounds, by item id."""

    from_version: str
    to_version: str
    added: tuple[ItemName, ...]
    removed: tuple[ItemName, ...]
    reworded: tuple[ItemName, ...]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.reworded)


@dataclass(frozen=True)
class ItemChangeLine:
    item_id: str
    title: str
    area_title: str
    fundamental: bool
    before: LevelRef
    after: LevelRef
    rationale: str


@dataclass(frozen=True)
class TrendPoint:
    """One round of one checklist: overall and per-area scores."""

    round: RoundRef
    overall: float | None
    target: float
    completion: float
    areas: tuple[tuple[str, float | None], ...]  # (area id, score) in checklist order

    def area_score(self, area_id: str) -> float | None:
        return dict(self.areas).get(area_id)


# The gap report --------------------------------------------------------------------------


@dataclass(frozen=True)
class CapCause:
    item_id: str
    title: str
    level: str  # the label of the level counted
    target: str  # the label of the target level


@dataclass(frozen=True)
class AreaLine:
    area_id: str
    title: str
    score: float | None
    uncapped: float | None
    target: float
    gap: float | None
    previous: float | None
    change: float | None
    cap_score: float
    capped_by: tuple[CapCause, ...]
    answered: int
    applicable: int
    total: int

    @property
    def capped(self) -> bool:
        return bool(self.capped_by)

    @property
    def completion(self) -> float:
        return 1.0 if self.applicable == 0 else self.answered / self.applicable

    @property
    def cap_reason(self) -> str:
        """Why the area is capped, in one sentence; "" when it is not."""
        if not self.capped_by:
            return ""
        causes = "; ".join(f"{c.title} ({c.item_id}) at {c.level}" for c in self.capped_by)
        return (
            f"Capped at {format_score(self.cap_score)} (would be {format_score(self.uncapped)}): "
            f"fundamental item below target: {causes}"
        )


@dataclass(frozen=True)
class GapEntry:
    rank: int
    item_id: str
    title: str
    question: str
    area_id: str
    area_title: str
    fundamental: bool
    weight: float
    current: LevelRef
    target: LevelRef
    steps: int
    normalised: float
    priority: float
    no_information: bool
    previous: LevelRef | None  # the answer in the round compared with, when there is one
    change: int  # +1 improved since then, −1 regressed, 0 same or not comparable
    rationale: str
    evidence_on_file: tuple[str, ...]
    evidence_missing: tuple[str, ...]  # required for the levels above current up to target
    assistance_area: str
    assistance_title: str


@dataclass(frozen=True)
class ItemNote:
    item_id: str
    title: str
    area_title: str
    fundamental: bool
    assistance_title: str
    rationale: str


@dataclass(frozen=True)
class ItemRow:
    """Every item of the checklist, for CSV pivots and the XLSX "Items" sheet."""

    area_id: str
    area_title: str
    item_id: str
    title: str
    weight: float
    fundamental: bool
    assistance_area: str
    assistance_title: str
    answer: LevelRef
    score: float | None
    target: LevelRef
    gap_steps: int
    priority: float
    rank: int | None
    previous: LevelRef | None
    change: int
    rationale: str
    evidence: tuple[str, ...]
    assessor: str


@dataclass(frozen=True)
class GapReport:
    subject: RoundRef
    country_code: str
    country_name: str
    synthetic: bool
    scale: ScaleInfo
    against: RoundRef | None
    overall: float | None
    overall_target: float
    overall_previous: float | None
    overall_change: float | None
    completion: float
    answered: int
    applicable: int
    total: int
    areas: tuple[AreaLine, ...]
    gaps: tuple[GapEntry, ...]
    assistance: tuple[AssistanceLine, ...]  # all nine, largest first
    no_information: tuple[ItemNote, ...]
    unanswered: tuple[ItemNote, ...]
    not_applicable: tuple[ItemNote, ...]
    regressed: tuple[ItemChangeLine, ...]
    improved: tuple[ItemChangeLine, ...]
    checklist_changes: ChecklistChanges | None  # None when both rounds share a version
    items: tuple[ItemRow, ...]
    trend: tuple[TrendPoint, ...]  # this checklist's final rounds up to the subject

    @property
    def total_priority(self) -> float:
        return sum(line.priority for line in self.assistance)

    @property
    def fundamental_gaps(self) -> int:
        return sum(1 for g in self.gaps if g.fundamental)

    @property
    def capped_areas(self) -> tuple[AreaLine, ...]:
        return tuple(a for a in self.areas if a.capped)


# History ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundComparisonLine:
    """Two consecutive rounds of one checklist, compared by item id."""

    before: RoundRef
    after: RoundRef
    checklist_changes: ChecklistChanges | None
    improved: tuple[ItemChangeLine, ...]
    regressed: tuple[ItemChangeLine, ...]
    changed: int  # every item whose answer differs, including ones without a direction
    overall_change: float | None


@dataclass(frozen=True)
class HistoryTrack:
    """Every round of one checklist for one country, oldest first.

    ``areas`` is the union of the rounds' areas: the newest version's in its order,
    then any area only older versions had.
    """

    checklist_id: str
    checklist_title: str
    areas: tuple[AreaName, ...]
    rounds: tuple[TrendPoint, ...]
    comparisons: tuple[RoundComparisonLine, ...]


@dataclass(frozen=True)
class History:
    country_code: str
    country_name: str
    synthetic: bool
    tracks: tuple[HistoryTrack, ...]  # by checklist id

    @property
    def rounds(self) -> tuple[TrendPoint, ...]:
        """Every round of every checklist, by date."""
        found = [point for track in self.tracks for point in track.rounds]
        return tuple(sorted(found, key=lambda p: (p.round.as_of, p.round.assessment_id)))


# Portfolio -------------------------------------------------------------------------------


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

    @property
    def countries(self) -> tuple[str, ...]:
        codes = {row.country_code for s in self.sections for row in s.rows}
        codes |= {p.country_code for s in self.sections for p in s.pending}
        return tuple(sorted(codes))
