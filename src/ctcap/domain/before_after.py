"""Before and after a project: did the gaps it aimed at close?

For each item a project links, the level in the **latest final round before the project
started** and in the **first final round after it ended** (rounds of the recipient
country on the item's checklist, ordered by ``domain.rounds``), and the change of the
item's gap (target − level, in scale steps) between them.

This is association, not attribution: a gap that closed after a project may have closed
for other reasons (other donors, the country's own work), and one that did not may close
later. The outcome says what the rounds show, nothing about why.

Partial dates count conservatively: a project that started "2009-09" started no earlier
than 1 September, so a round of 31 August 2009 is before it; one that ended "2012" ended
no later than 31 December 2012, so only rounds from 2013 are after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from .answers import Response, Special
from .model import Item, Scale
from .projects import Project, earliest, latest
from .rounds import reworded

ASSOCIATION_NOTE = (
    "Association, not attribution: a gap that closed after a project may have closed for "
    "other reasons, and ctcap does not say why it changed."
)


class Outcome(StrEnum):
    CLOSED = "closed"  # a gap before, none after
    NARROWED = "narrowed"  # a smaller gap after
    UNCHANGED = "unchanged"  # the same gap (or none) before and after
    REGRESSED = "regressed"  # a larger gap after
    NOT_REASSESSED = "not-reassessed"  # no final round after the project ended (yet)
    NO_BASELINE = "no-baseline"  # no level known from before the project started


OUTCOME_ORDER = tuple(Outcome)


@dataclass(frozen=True)
class ItemRound:
    """One final round's answer to the item, with the item as that round's checklist has it."""

    id: int
    as_of: date
    checklist_id: str
    based_on_id: int | None
    response: Response | None  # None: unanswered, or the item is not in this version
    item: Item | None
    scale: Scale
    is_final: bool = True


@dataclass(frozen=True)
class ItemChange:
    checklist_id: str
    item_id: str
    outcome: Outcome
    reason: str  # why there is no comparison, or "" when there is one
    before: ItemRound | None
    after: ItemRound | None
    level_before: int | None
    level_after: int | None
    target: int | None
    gap_before: int | None  # in scale steps
    gap_after: int | None
    reworded: bool  # the item's question differs between the two rounds

    @property
    def change(self) -> int | None:
        """Levels gained (negative: lost), when both are known."""
        if self.level_before is None or self.level_after is None:
            return None
        return self.level_after - self.level_before


def _level(round_: ItemRound) -> tuple[int | None, str]:
    if round_.item is None:
        return None, f"the item is not in round {round_.id}'s checklist"
    if round_.response is None:
        return None, f"the item is unanswered in round {round_.id}"
    if round_.response == Special.NOT_APPLICABLE:
        return None, f"not applicable in round {round_.id}"
    if round_.response == Special.NO_INFORMATION:
        return None, f"no information in round {round_.id}"
    return int(round_.response), ""


def _gap(round_: ItemRound, level: int) -> int:
    assert round_.item is not None
    return max(0, round_.item.target - level)


def classify(gap_before: int, gap_after: int) -> Outcome:
    """The outcome of a gap that went from ``gap_before`` to ``gap_after`` steps."""
    if gap_after > gap_before:
        return Outcome.REGRESSED
    if gap_after == gap_before:
        return Outcome.UNCHANGED
    return Outcome.CLOSED if gap_after == 0 else Outcome.NARROWED


class Dated(Protocol):
    """What bracketing needs of a round (``ItemRound`` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def as_of(self) -> date: ...
    @property
    def is_final(self) -> bool: ...


D = TypeVar("D", bound=Dated)


def bracket(rounds: Iterable[D], start: str | None, end: str | None) -> tuple[D | None, D | None]:
    """The latest final round before ``start`` and the first final round after ``end``."""
    finals = [r for r in sorted(rounds, key=lambda r: (r.as_of, r.id)) if r.is_final]
    before = after = None
    if start is not None:
        first_day = earliest(start)
        earlier = [r for r in finals if r.as_of < first_day]
        before = earlier[-1] if earlier else None
    if end is not None:
        last_day = latest(end)
        later = [r for r in finals if r.as_of > last_day]
        after = later[0] if later else None
    return before, after


def item_change(
    checklist_id: str,
    item_id: str,
    rounds: Sequence[ItemRound],
    start: str | None,
    end: str | None,
    *,
    regional: bool = False,
) -> ItemChange:
    """Before and after for one linked item, over its country's rounds of its checklist."""
    before, after = bracket(rounds, start, end)
    level_before, why_before = _level(before) if before else (None, "")
    level_after, why_after = _level(after) if after else (None, "")
    target = after.item.target if after and after.item else None
    if target is None and before is not None and before.item is not None:
        target = before.item.target
    outcome, reason = Outcome.NO_BASELINE, ""
    if regional:
        reason = "regional project: no one country's rounds to compare"
    elif start is None:
        reason = "no start date (actual, planned or decided)"
    elif before is None:
        reason = "no final round before the project started"
    elif level_before is None:
        reason = why_before
    elif end is None:
        outcome, reason = Outcome.NOT_REASSESSED, "no end date yet"
    elif after is None:
        outcome, reason = Outcome.NOT_REASSESSED, "no final round after the project ended"
    elif level_after is None:
        outcome, reason = Outcome.NOT_REASSESSED, why_after
    gap_before = _gap(before, level_before) if before and level_before is not None else None
    gap_after = _gap(after, level_after) if after and level_after is not None else None
    if not reason and gap_before is not None and gap_after is not None:
        outcome = classify(gap_before, gap_after)
    changed_wording = bool(
        before
        and after
        and before.item is not None
        and after.item is not None
        and reworded(before.item, before.scale, after.item, after.scale)
    )
    return ItemChange(
        checklist_id,
        item_id,
        outcome,
        reason,
        before,
        after,
        level_before,
        level_after,
        target,
        gap_before,
        gap_after,
        changed_wording,
    )


@dataclass(frozen=True)
class Tally:
    """How many linked gaps ended in each outcome."""

    counts: tuple[tuple[Outcome, int], ...]

    def __getitem__(self, outcome: Outcome) -> int:
        return dict(self.counts)[outcome]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def tally(changes: Iterable[ItemChange]) -> Tally:
    found = dict.fromkeys(OUTCOME_ORDER, 0)
    for change in changes:
        found[change.outcome] += 1
    return Tally(tuple(found.items()))


GROUPINGS = ("project", "area", "donor")


def tally_by(
    changes: Iterable[tuple[Project, Sequence[ItemChange]]], by: str
) -> list[tuple[str, Tally]]:
    """Outcomes grouped by project identifier, assistance area or donor (funding org).

    A project with no area is grouped under "(no area)"; each linked item counts once
    in its project's group.
    """
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {by!r}")
    groups: dict[str, list[ItemChange]] = {}
    for project, found in changes:
        if by == "project":
            key = project.identifier
        elif by == "area":
            key = project.area.value if project.area else "(no area)"
        else:
            key = project.funding_org
        groups.setdefault(key, []).extend(found)
    return [(key, tally(groups[key])) for key in sorted(groups)]
