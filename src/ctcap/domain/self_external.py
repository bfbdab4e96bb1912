"""A self-assessment against an external one of the same country and date.

External teams tend to score below the same year's self-assessment; this shows by how
much, item by item (in scale steps and in score points) and area by area, and the mean
difference over the items both rounds gave a level. Differences are external − self:
negative where the external team saw less capacity. Items are matched by id; N/A and
unanswered items on either side are listed but left out of the means.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Response
from .model import Checklist
from .scoring import Responses, effective_level, score_assessment, score_item


@dataclass(frozen=True)
class ItemDifference:
    item_id: str
    area_id: str
    self_response: Response | None
    external_response: Response | None
    self_score: float | None
    external_score: float | None
    steps: int | None  # external − self, in scale steps; None unless both count as levels

    @property
    def points(self) -> float | None:
        if self.self_score is None or self.external_score is None:
            return None
        return self.external_score - self.self_score


@dataclass(frozen=True)
class AreaDifference:
    area_id: str
    title: str
    self_score: float | None
    external_score: float | None

    @property
    def points(self) -> float | None:
        if self.self_score is None or self.external_score is None:
            return None
        return self.external_score - self.self_score


@dataclass(frozen=True)
class SelfExternalComparison:
    items: tuple[ItemDifference, ...]
    areas: tuple[AreaDifference, ...]
    self_overall: float | None
    external_overall: float | None
    mean_steps: float | None  # over items with a level on both sides
    mean_points: float | None
    compared: int  # items with a level on both sides
    lower: int  # of those, items the external round put lower
    higher: int

    @property
    def overall_points(self) -> float | None:
        if self.self_overall is None or self.external_overall is None:
            return None
        return self.external_overall - self.self_overall


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def compare_self_external(
    checklist: Checklist, self_responses: Responses, external_responses: Responses
) -> SelfExternalComparison:
    """Both rounds on one checklist version (the caller checks they share it)."""
    scale = checklist.scale
    steps = {value: index for index, value in enumerate(scale.values)}
    items = []
    for area in checklist.areas:
        for item in area.items:
            mine, theirs = self_responses.get(item.id), external_responses.get(item.id)
            ours_level = effective_level(mine, scale) if mine is not None else None
            their_level = effective_level(theirs, scale) if theirs is not None else None
            items.append(
                ItemDifference(
                    item_id=item.id,
                    area_id=area.id,
                    self_response=mine,
                    external_response=theirs,
                    self_score=score_item(mine, scale),
                    external_score=score_item(theirs, scale),
                    steps=None
                    if ours_level is None or their_level is None
                    else steps[their_level] - steps[ours_level],
                )
            )
    self_score = score_assessment(checklist, self_responses)
    external_score = score_assessment(checklist, external_responses)
    areas = tuple(
        AreaDifference(
            area.id,
            area.title,
            self_score.area(area.id).score,
            external_score.area(area.id).score,
        )
        for area in checklist.areas
    )
    both = [item for item in items if item.steps is not None]
    return SelfExternalComparison(
        items=tuple(items),
        areas=areas,
        self_overall=self_score.overall,
        external_overall=external_score.overall,
        mean_steps=_mean([float(item.steps) for item in both if item.steps is not None]),
        mean_points=_mean([item.points for item in both if item.points is not None]),
        compared=len(both),
        lower=sum(1 for item in both if (item.steps or 0) < 0),
        higher=sum(1 for item in both if (item.steps or 0) > 0),
    )
