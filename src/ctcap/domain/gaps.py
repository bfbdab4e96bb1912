"""Item gaps, their priority, and totals by assistance area."""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Response, Special
from .model import AssistanceArea, Checklist
from .scoring import Responses, effective_level


@dataclass(frozen=True)
class Gap:
    item_id: str
    area_id: str
    level: int  # the level counted (the lowest level for "no information")
    target: int
    steps: int  # target − level, in scale steps
    normalised: float  # steps ÷ (v_top − v_min)
    priority: float  # weight × normalised
    fundamental: bool
    no_information: bool
    assistance_area: AssistanceArea


def item_gap(checklist: Checklist, item_id: str, response: Response | None) -> Gap | None:
    """The item's gap, or None when it has none (at target, N/A or unanswered)."""
    if response is None:
        return None
    scale = checklist.scale
    level = effective_level(response, scale)
    item = checklist.item(item_id)
    if level is None or level >= item.target:
        return None
    steps = item.target - level
    normalised = steps / (scale.top - scale.lowest)
    return Gap(
        item_id=item.id,
        area_id=checklist.area_of(item.id).id,
        level=level,
        target=item.target,
        steps=steps,
        normalised=normalised,
        priority=item.weight * normalised,
        fundamental=item.fundamental,
        no_information=response == Special.NO_INFORMATION,
        assistance_area=item.assistance_area,
    )


def gaps(checklist: Checklist, responses: Responses) -> list[Gap]:
    """Every gap, ranked: fundamental items first, then by priority, then checklist order."""
    order = {item.id: n for n, item in enumerate(checklist.items())}
    found = [
        gap
        for item in checklist.items()
        if (gap := item_gap(checklist, item.id, responses.get(item.id))) is not None
    ]
    return sorted(found, key=lambda g: (not g.fundamental, -g.priority, order[g.item_id]))


@dataclass(frozen=True)
class AssistanceTotal:
    area: AssistanceArea
    priority: float  # sum of the priorities of the gaps mapped to this area
    gaps: int
    fundamental_gaps: int


def assistance_totals(found: list[Gap]) -> list[AssistanceTotal]:
    """Totals for all nine areas, largest first (ties in the seed's order)."""
    totals = []
    for area in AssistanceArea:
        mine = [g for g in found if g.assistance_area == area]
        totals.append(
            AssistanceTotal(
                area=area,
                priority=sum(g.priority for g in mine),
                gaps=len(mine),
                fundamental_gaps=sum(g.fundamental for g in mine),
            )
        )
    seed_order = list(AssistanceArea)
    return sorted(totals, key=lambda t: (-t.priority, seed_order.index(t.area)))
