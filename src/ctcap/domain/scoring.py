"""The scoring rules: one definition for the TUI, the reports and the CLI.

- An item at level v scores 100 × v ÷ v_top (WHO SPAR). N/A and unanswered
  items are left out; "no information" scores as the lowest level.
- An area scores the weighted mean of its scored items, capped at the cap
  level's score while a fundamental item is below its target (CJSART).
- The overall score is the plain mean of area scores; completion is
  answered ÷ applicable items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .answers import Response, Special
from .model import Area, Checklist, Item, Scale

Responses = Mapping[str, Response]


def level_score(value: int, scale: Scale) -> float:
    return 100.0 * value / scale.top


def effective_level(response: Response, scale: Scale) -> int | None:
    """The level a response counts as: None for N/A, the lowest level for no information."""
    if response == Special.NOT_APPLICABLE:
        return None
    if response == Special.NO_INFORMATION:
        return scale.lowest
    return int(response)


def score_item(response: Response | None, scale: Scale) -> float | None:
    """0–100, or None when the item is left out of scores (N/A or unanswered)."""
    if response is None:
        return None
    level = effective_level(response, scale)
    return None if level is None else level_score(level, scale)


def is_below_target(item: Item, response: Response | None, scale: Scale) -> bool:
    if response is None:
        return False
    level = effective_level(response, scale)
    return level is not None and level < item.target


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    score: float | None  # None while no item in the area is scored
    uncapped: float | None
    target: float  # weighted mean of the items' target scores
    capped_by: tuple[str, ...]  # fundamental items below target, when the cap bites
    cap_score: float
    answered: int
    applicable: int
    total: int

    @property
    def gap(self) -> float | None:
        return None if self.score is None else max(0.0, self.target - self.score)

    @property
    def completion(self) -> float:
        return _ratio(self.answered, self.applicable)


def _ratio(part: int, whole: int) -> float:
    return 1.0 if whole == 0 else part / whole


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total_weight = sum(weight for _, weight in pairs)
    if not pairs or total_weight == 0:
        return None
    mean = sum(value * weight for value, weight in pairs) / total_weight
    # A mean lies between its values; rounding can push it just past (100.00000000000001).
    values = [value for value, _ in pairs]
    return min(max(mean, min(values)), max(values))


def score_area(area: Area, responses: Responses, scale: Scale, cap_level: int) -> AreaScore:
    scored: list[tuple[float, float]] = []
    targets: list[tuple[float, float]] = []
    answered = applicable = 0
    below: list[str] = []
    for item in area.items:
        response = responses.get(item.id)
        if response != Special.NOT_APPLICABLE:
            applicable += 1
            targets.append((level_score(item.target, scale), item.weight))
            if response is not None:
                answered += 1
        value = score_item(response, scale)
        if value is not None:
            scored.append((value, item.weight))
        if item.fundamental and is_below_target(item, response, scale):
            below.append(item.id)
    uncapped = _weighted_mean(scored)
    cap_score = level_score(cap_level, scale)
    score = uncapped
    capped_by: tuple[str, ...] = ()
    if uncapped is not None and below and uncapped > cap_score:
        score, capped_by = cap_score, tuple(below)
    return AreaScore(
        area_id=area.id,
        score=score,
        uncapped=uncapped,
        target=_weighted_mean(targets) or 0.0,
        capped_by=capped_by,
        cap_score=cap_score,
        answered=answered,
        applicable=applicable,
        total=len(area.items),
    )


@dataclass(frozen=True)
class AssessmentScore:
    areas: tuple[AreaScore, ...]
    overall: float | None
    target: float
    answered: int
    applicable: int
    total: int

    @property
    def completion(self) -> float:
        return _ratio(self.answered, self.applicable)

    @property
    def unanswered(self) -> int:
        return self.applicable - self.answered

    def area(self, area_id: str) -> AreaScore:
        return next(a for a in self.areas if a.area_id == area_id)


def score_assessment(checklist: Checklist, responses: Responses) -> AssessmentScore:
    areas = tuple(
        score_area(area, responses, checklist.scale, checklist.cap_level)
        for area in checklist.areas
    )
    scored = [a.score for a in areas if a.score is not None]
    targets = [a.target for a in areas if a.applicable]
    return AssessmentScore(
        areas=areas,
        overall=_weighted_mean([(score, 1.0) for score in scored]),
        target=_weighted_mean([(target, 1.0) for target in targets]) or 0.0,
        answered=sum(a.answered for a in areas),
        applicable=sum(a.applicable for a in areas),
        total=sum(a.total for a in areas),
    )
