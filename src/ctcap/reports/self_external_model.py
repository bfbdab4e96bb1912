"""Self against external: a self-assessment and an external round of the same country,
date and checklist version, compared item by item and area by area.

Differences are external − self (negative where the external team saw less capacity):
in scale steps and score points per item, in points per area and overall, and the
mean over the items both rounds gave a level (``domain.self_external``). The
section is built once (``reports.self_external``) and shown by ``ctcap compare``, the
history (per pair of rounds) and the gap report (when its round has a counterpart).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Handling, LevelRef, RoundRef


@dataclass(frozen=True)
class SelfExternalItemLine:
    item_id: str
    title: str
    area_id: str
    area_title: str
    self_level: LevelRef
    external_level: LevelRef
    steps: int | None  # external − self; None unless both count as levels
    points: float | None  # external − self, in score points


@dataclass(frozen=True)
class SelfExternalAreaLine:
    area_id: str
    title: str
    self_score: float | None
    external_score: float | None
    points: float | None  # external − self


@dataclass(frozen=True)
class SelfExternalSection:
    self_round: RoundRef
    external_round: RoundRef
    items: tuple[SelfExternalItemLine, ...]  # checklist order
    areas: tuple[SelfExternalAreaLine, ...]
    self_overall: float | None
    external_overall: float | None
    overall_points: float | None
    mean_steps: float | None  # over the items with a level on both sides
    mean_points: float | None
    compared: int  # items with a level on both sides
    lower: int  # of those, items the external round put lower
    higher: int

    def item(self, item_id: str) -> SelfExternalItemLine | None:
        return next((line for line in self.items if line.item_id == item_id), None)

    @property
    def differing(self) -> tuple[SelfExternalItemLine, ...]:
        """Items both rounds answered, differently, largest difference first (an item
        one side has not answered yet is no difference of view)."""
        found = [
            i
            for i in self.items
            if i.self_level.response
            and i.external_level.response
            and i.self_level.response != i.external_level.response
        ]
        return tuple(sorted(found, key=lambda i: -abs(i.steps or 0)))

    @property
    def synthetic(self) -> bool:
        return self.self_round.synthetic or self.external_round.synthetic


@dataclass(frozen=True)
class SelfExternalReport:
    """``ctcap compare SELF EXTERNAL``: the section, with the country it is about."""

    country_code: str
    country_name: str
    section: SelfExternalSection
    handling: Handling  # the stricter of the two rounds' marks

    @property
    def synthetic(self) -> bool:
        return self.section.synthetic
