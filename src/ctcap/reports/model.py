"""The typed report models' shared pieces, and how every renderer prints scores.

The records of each report are in ``gap_model``, ``history_model`` and
``portfolio_model``; the pieces they share (scales, levels, rounds, assistance lines,
checklist changes, trend points) are here. The builders (``gap``, ``history``,
``portfolio``) fill them from storage, with every number taken from the domain's
scoring rules; the renderers (Markdown, HTML, JSON, CSV, XLSX) only format them.
Nothing holds wall-clock time or random ids, so the same database gives the same report.

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
