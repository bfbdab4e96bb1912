"""The gap report's records: one round of one country against its targets.

``GapReport`` holds the area lines (with why an area is capped), the ranked gaps, the
notes on items without information, unanswered or not applicable, and one row per
item; the shared pieces it names (levels, rounds, assistance lines) are in ``model``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    AssistanceLine,
    ChecklistChanges,
    EvidenceLine,
    Handling,
    ItemChangeLine,
    LevelRef,
    RoundRef,
    ScaleInfo,
    TrendPoint,
)
from .self_external_model import SelfExternalSection


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
    evidence_on_file: tuple[str, ...]  # each entry as one line (``EvidenceLine.text``)
    evidence_missing: tuple[str, ...]  # required for the levels above current up to target
    assistance_area: str
    assistance_title: str
    evidence: tuple[EvidenceLine, ...] = ()
    confidence: str | None = None  # high, medium, low; None: not recorded
    flags: tuple[str, ...] = ()  # why the level rests on weak ground (domain.evidence)
    treaty: tuple[str, ...] = ()  # what its treaty facts say (domain.treaty), if any
    withheld: str | None = None  # a release left rationale and evidence out (its label)


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
    evidence: tuple[str, ...]  # each entry as one line (``EvidenceLine.text``)
    assessor: str
    evidence_lines: tuple[EvidenceLine, ...] = ()
    confidence: str | None = None
    flags: tuple[str, ...] = ()
    treaty: tuple[str, ...] = ()
    withheld: str | None = None


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
    handling: Handling
    stale_years: int  # evidence older than this before the as-of date is stale
    # The subject against its self or external counterpart of the same date, if it has one.
    self_external: SelfExternalSection | None = None

    @property
    def total_priority(self) -> float:
        return sum(line.priority for line in self.assistance)

    @property
    def fundamental_gaps(self) -> int:
        return sum(1 for g in self.gaps if g.fundamental)

    @property
    def capped_areas(self) -> tuple[AreaLine, ...]:
        return tuple(a for a in self.areas if a.capped)
