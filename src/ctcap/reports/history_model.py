"""The history's records: every round of every checklist for one country, compared.

A ``History`` holds one ``HistoryTrack`` per checklist: its rounds as trend points,
each round compared item by item with its previous round (``domain.rounds``), and
each self-assessment compared with the external round of the same date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import AreaName, ChecklistChanges, Handling, ItemChangeLine, RoundRef, TrendPoint
from .self_external_model import SelfExternalSection


@dataclass(frozen=True)
class RoundComparisonLine:
    """A round and its previous round (``domain.rounds.previous_round``), by item id."""

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
    # Each self-assessment against the external round of its date (``assessments new
    # --origin``), by date: those two are never each other's previous round.
    self_external: tuple[SelfExternalSection, ...] = ()


@dataclass(frozen=True)
class History:
    country_code: str
    country_name: str
    synthetic: bool
    tracks: tuple[HistoryTrack, ...]  # by checklist id
    handling: Handling

    @property
    def rounds(self) -> tuple[TrendPoint, ...]:
        """Every round of every checklist, by date."""
        found = [point for track in self.tracks for point in track.rounds]
        return tuple(sorted(found, key=lambda p: (p.round.as_of, p.round.assessment_id)))
