"""The before/after model: did the gaps each project aimed at close? Typed, not rendered.

Every linked item of every project (``domain.before_after``), and the tallies of their
outcomes per project, per assistance area and per donor. This is association, not
attribution, and every rendering says so (``note``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ctcap.domain.before_after import ASSOCIATION_NOTE, OUTCOME_ORDER, Outcome, Tally
from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import Money, Scheme, Status

from .model import Handling

GROUPINGS = ("project", "area", "donor")
NO_AREA = "(no area)"


@dataclass(frozen=True)
class ItemOutcome:
    """One linked item: its level in the round before the project and the round after."""

    checklist_id: str
    item_id: str
    item_title: str  # as the later round's checklist has it (the item id if no round does)
    outcome: Outcome
    reason: str  # why there is no comparison; "" when there is one
    before_id: int | None  # the assessment before the project started
    before_as_of: date | None
    level_before: int | None
    gap_before: int | None  # in scale steps
    after_id: int | None  # the first assessment after it ended
    after_as_of: date | None
    level_after: int | None
    gap_after: int | None
    target: int | None
    reworded: bool  # the item's question differs between the two rounds


@dataclass(frozen=True)
class ProjectOutcome:
    identifier: str
    title: str
    donor: str
    scheme: Scheme | None
    status: Status | None
    recipient: str  # a country code or a region
    recipient_name: str
    area: AssistanceArea | None
    start: str | None  # partial dates, as the register holds them
    end: str | None
    money: Money
    synthetic: bool
    items: tuple[ItemOutcome, ...]
    tally: Tally
    mark: str  # its handling mark as shown, e.g. "TLP:AMBER"


@dataclass(frozen=True)
class TallyRow:
    key: str  # the project identifier, the area id (or "(no area)") or the donor
    label: str  # the project's title, the area's title or the donor
    tally: Tally


@dataclass(frozen=True)
class Grouping:
    by: str  # one of GROUPINGS
    rows: tuple[TallyRow, ...]


@dataclass(frozen=True)
class Outcomes:
    handling: Handling  # the strictest mark of the rounds compared
    projects: tuple[ProjectOutcome, ...]  # by identifier, with or without linked items
    groupings: tuple[Grouping, ...]  # in the order asked for; groups with linked items only
    total: Tally  # every linked item
    country: str | None  # the one recipient country shown, or None for every project
    synthetic: bool
    outcomes: tuple[Outcome, ...] = OUTCOME_ORDER
    note: str = ASSOCIATION_NOTE

    def grouping(self, by: str) -> Grouping | None:
        return next((g for g in self.groupings if g.by == by), None)

    @property
    def linked(self) -> tuple[ProjectOutcome, ...]:
        """The projects that link at least one item."""
        return tuple(p for p in self.projects if p.items)

    @property
    def unlinked(self) -> tuple[ProjectOutcome, ...]:
        """The projects that link no item: nothing to compare before and after."""
        return tuple(p for p in self.projects if not p.items)
