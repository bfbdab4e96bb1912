"""Comparing two rounds, across checklist versions, by item id."""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Response
from .model import Checklist
from .rounds import reworded
from .scoring import Responses, effective_level, level_score


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    before: Response | None
    after: Response | None
    direction: int  # +1 improved, −1 regressed, 0 changed without a comparable level


@dataclass(frozen=True)
class RoundComparison:
    changed: tuple[ItemChange, ...]
    added: tuple[str, ...]  # in the newer checklist only
    removed: tuple[str, ...]  # in the older checklist only
    reworded: tuple[str, ...]  # same id, another question (``rounds.reworded``)

    @property
    def improved(self) -> tuple[ItemChange, ...]:
        return tuple(c for c in self.changed if c.direction > 0)

    @property
    def regressed(self) -> tuple[ItemChange, ...]:
        return tuple(c for c in self.changed if c.direction < 0)


def _direction(
    before: Response | None, after: Response | None, old: Checklist, new: Checklist
) -> int:
    """Compare as scores, each on its own round's scale (a new version may change scales)."""
    if before is None or after is None:
        return 0
    old_level = effective_level(before, old.scale)
    new_level = effective_level(after, new.scale)
    if old_level is None or new_level is None:
        return 0
    old_score, new_score = level_score(old_level, old.scale), level_score(new_level, new.scale)
    if old_score == new_score:
        return 0
    return 1 if new_score > old_score else -1


def compare_rounds(
    old: Checklist, old_responses: Responses, new: Checklist, new_responses: Responses
) -> RoundComparison:
    old_items = {item.id: item for item in old.items()}
    new_items = {item.id: item for item in new.items()}
    changed = []
    for item_id in new_items:
        if item_id not in old_items:
            continue
        before, after = old_responses.get(item_id), new_responses.get(item_id)
        if before != after:
            changed.append(ItemChange(item_id, before, after, _direction(before, after, old, new)))
    return RoundComparison(
        changed=tuple(changed),
        added=tuple(i for i in new_items if i not in old_items),
        removed=tuple(i for i in old_items if i not in new_items),
        reworded=tuple(
            i
            for i in new_items
            if i in old_items and reworded(old_items[i], old.scale, new_items[i], new.scale)
        ),
    )
