"""The typed report models' shared pieces: plain data, no formatting.

The records of each report are in ``gap_model``, ``history_model`` and
``portfolio_model``; the pieces they share (scales, levels, rounds, assistance lines,
checklist changes, trend points) are here. The builders (``gap``, ``history``,
``portfolio``) fill them from storage, with every number taken from the domain's
scoring rules; the renderers (``render/``) only format them.
Nothing holds wall-clock time or random ids, so the same database gives the same report.

Scores are on 0–100 (``None``: nothing scored); a *change* is the new score minus the
previous round's, in points (``None``: no previous round).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
    colour: str  # the level's colour in its scale; N/A, no information, unanswered: grey, white


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
class TeamLine:
    name: str
    organisation: str
    role: str
    text: str  # "Ana Ruiz (lead assessor, Ministry of Interior)"


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
    # Who assessed, how, and its mark (0008). ``names_withheld``: a release left the
    # assessor's and team's names out (the label of the release level they are above).
    assessment_type: str = "unknown"
    type_label: str = "type not recorded"
    team: tuple[TeamLine, ...] = ()
    mark: str = ""
    mark_label: str = ""
    names_withheld: str | None = None


@dataclass(frozen=True)
class Handling:
    """The handling mark a report carries on every page, sheet and row.

    ``mark`` is the strictest mark of what the report shows; with a release it is at most
    the release level. ``levels`` is the database's scheme, most open first.
    """

    mark: str
    label: str  # "TLP:AMBER"
    levels: tuple[str, ...]
    release: str | None  # the --release level, when one was given
    release_label: str | None

    @property
    def banner(self) -> str:
        """One line for the top and bottom of every page."""
        released = f" · released at {self.release_label}" if self.release_label else ""
        return f"{self.label}{released}"


@dataclass(frozen=True)
class EvidenceLine:
    """One evidence entry of an answer, as reports show it."""

    ref: str
    source_type: str  # legislation, official-document, …, unknown
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None: undated
    grade: str | None  # Admiralty A-F; None: not graded
    grade_label: str
    link: str | None
    sha256: str | None
    stale: bool
    text: str  # one line for people


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
