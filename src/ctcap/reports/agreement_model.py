"""The records of the agreement report: how far a revealed panel agreed.

Built by ``reports.agreement``; the renderers under ``render/`` only format them. The
round carries ``AssessmentInfo``, whose ``approved_by``/``approved_at`` say who
approved it under four eyes. Self against external is ``self_external_model``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcap.domain.agreement import ItemAgreement, PanelAgreement
from ctcap.domain.model import Checklist
from ctcap.storage.panel_records import ConsensusRecord, PanelInfo, ReviewInfo
from ctcap.storage.records import AssessmentInfo

from .model import Handling, LevelRef, RoundRef, ScaleInfo


@dataclass(frozen=True)
class AgreementLine:
    """One item as the renderers show it: the domain's numbers, named and coloured."""

    agreement: ItemAgreement
    title: str
    area_title: str
    answers: tuple[tuple[str, LevelRef], ...]  # (member, answer), members in order
    consensus: LevelRef | None  # the panel's answer, once decided
    consensus_method: str | None  # adopted or decided
    rank: int | None  # place in the discussion list (1 first), None when not on it

    @property
    def item_id(self) -> str:
        return self.agreement.item_id


@dataclass(frozen=True)
class AgreementReport:
    """How far a revealed panel agreed, and which items most need discussion."""

    round: AssessmentInfo
    checklist: Checklist
    panel: PanelInfo
    agreement: PanelAgreement
    discussion: tuple[ItemAgreement, ...]  # most in need of discussion first
    consensus: dict[str, ConsensusRecord]  # items already decided
    review: ReviewInfo
    subject: RoundRef
    scale: ScaleInfo
    lines: tuple[AgreementLine, ...]  # every item, checklist order
    handling: Handling  # the round's mark (and its names'), shown on every page

    @property
    def synthetic(self) -> bool:
        return self.subject.synthetic

    @property
    def adoptable(self) -> tuple[ItemAgreement, ...]:
        """Unanimous items without a consensus yet: `panel adopt` takes them in one step."""
        return tuple(i for i in self.agreement.unanimous if i.item_id not in self.consensus)

    @property
    def discussion_lines(self) -> tuple[AgreementLine, ...]:
        by_id = {line.item_id: line for line in self.lines}
        return tuple(by_id[item.item_id] for item in self.discussion)

    @property
    def needing_discussion(self) -> int:
        """Every item that needs discussion; ``discussion`` may list only the first."""
        return sum(1 for item in self.agreement.items if item.needs_discussion)

    @property
    def within_one(self) -> int:
        return sum(1 for item in self.agreement.items if item.within_one)
