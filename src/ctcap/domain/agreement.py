"""How far a panel's members agree: per item, per area and overall.

Per item: each member's answer, the spread of the levels given (top minus bottom, in
scale steps) and whether every level lies within one step of the others. Per area and
overall: Krippendorff's alpha for ordinal data (``alpha``) over the items, members as
raters. *Not applicable* and *no information* are no level on the scale, so alpha leaves
them out as missing; an item where some said N/A and others gave a level is flagged
instead, since the panel must settle whether it applies at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .alpha import AlphaEstimate, alpha_with_interval
from .answers import Response, Special
from .model import Checklist, Scale

MemberResponses = Mapping[str, Mapping[str, Response]]  # member → item → response


@dataclass(frozen=True)
class ItemAgreement:
    item_id: str
    area_id: str
    answers: tuple[tuple[str, Response | None], ...]  # (member, response), members in order
    spread: int | None  # steps between the lowest and highest level given; None: < 1 level
    within_one: bool | None  # every level within one step of every other; None: < 2 levels
    unanimous: bool  # every member answered, all alike (levels or the same special answer)
    mixed_special: bool  # some gave a level, some N/A or no information
    unanswered: int

    @property
    def levels(self) -> list[int]:
        return [v for _, r in self.answers if (v := _level(r)) is not None]

    @property
    def discussion_rank_key(self) -> tuple[int, int, int, int]:
        """Larger first: wide spread, a split over applicability, many off the middle."""
        levels = sorted(self.levels)
        middle = levels[len(levels) // 2] if levels else 0
        off = sum(1 for level in levels if abs(level - middle) > 1)
        return (self.spread or 0, int(self.mixed_special), off, len(set(levels)))

    @property
    def needs_discussion(self) -> bool:
        return not self.unanimous and (
            self.mixed_special or self.within_one is False or self.unanswered > 0
        )


@dataclass(frozen=True)
class AreaAgreement:
    area_id: str
    title: str
    alpha: AlphaEstimate
    items: int
    within_one: int  # items whose levels all lie within one step
    unanimous: int


@dataclass(frozen=True)
class PanelAgreement:
    members: tuple[str, ...]
    items: tuple[ItemAgreement, ...]  # checklist order
    areas: tuple[AreaAgreement, ...]
    overall: AlphaEstimate

    def for_discussion(self, limit: int | None = None) -> list[ItemAgreement]:
        """Items that most need discussion first; unanimous items are left out."""
        order = {item.item_id: n for n, item in enumerate(self.items)}
        ranked = sorted(
            (item for item in self.items if item.needs_discussion),
            key=lambda item: (tuple(-k for k in item.discussion_rank_key), order[item.item_id]),
        )
        return ranked if limit is None else ranked[:limit]

    @property
    def unanimous(self) -> list[ItemAgreement]:
        return [item for item in self.items if item.unanimous]


def _level(response: Response | None) -> int | None:
    """The level of a response; None for N/A, no information or no answer."""
    if response is None or isinstance(response, Special):
        return None
    return int(response)


def item_agreement(
    item_id: str, area_id: str, answers: Sequence[tuple[str, Response | None]], scale: Scale
) -> ItemAgreement:
    steps = {value: index for index, value in enumerate(scale.values)}
    levels = [steps[v] for _, r in answers if (v := _level(r)) is not None]
    given = [r for _, r in answers if r is not None]
    specials = [r for r in given if isinstance(r, Special)]
    spread = max(levels) - min(levels) if levels else None
    return ItemAgreement(
        item_id=item_id,
        area_id=area_id,
        answers=tuple(answers),
        spread=spread,
        within_one=None if len(levels) < 2 else spread is not None and spread <= 1,
        unanimous=bool(answers) and len(given) == len(answers) and len(set(given)) == 1,
        mixed_special=bool(levels) and bool(specials),
        unanswered=len(answers) - len(given),
    )


def _units(items: Sequence[ItemAgreement]) -> list[list[int | None]]:
    return [[_level(r) for _, r in item.answers] for item in items]


def panel_agreement(
    checklist: Checklist,
    members: Sequence[str],
    responses: MemberResponses,
    *,
    resamples: int = 1000,
    seed: int = 1,
) -> PanelAgreement:
    """Agreement of ``members`` over ``checklist``; alphas with seeded bootstrap intervals."""
    items: list[ItemAgreement] = []
    areas: list[AreaAgreement] = []
    for area in checklist.areas:
        mine = [
            item_agreement(
                item.id,
                area.id,
                [(member, responses.get(member, {}).get(item.id)) for member in members],
                checklist.scale,
            )
            for item in area.items
        ]
        items += mine
        areas.append(
            AreaAgreement(
                area_id=area.id,
                title=area.title,
                alpha=alpha_with_interval(_units(mine), resamples=resamples, seed=seed),
                items=len(mine),
                within_one=sum(1 for item in mine if item.within_one),
                unanimous=sum(1 for item in mine if item.unanimous),
            )
        )
    overall = alpha_with_interval(_units(items), resamples=resamples, seed=seed)
    return PanelAgreement(tuple(members), tuple(items), tuple(areas), overall)
