"""Plain data of the panel screen: a round's panel, its review and, after reveal, its
agreement. Before the lead reveals there is nothing in it of any member's answers but
how many items each has answered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.reports.agreement_model import AgreementReport
    from ctcap.storage.panel_records import PanelInfo, ReviewInfo
    from ctcap.storage.records import AssessmentInfo


@dataclass(frozen=True)
class PanelData:
    info: AssessmentInfo
    checklist_title: str
    items: int  # in the checklist: a member's progress is answered / items
    viewer: str  # who the app acts as
    panel: PanelInfo | None  # None: the round is not scored by a panel
    review: ReviewInfo
    agreement: AgreementReport | None  # once revealed (``reports.agreement``)

    @property
    def revealed(self) -> bool:
        return self.panel is not None and self.panel.revealed

    @property
    def is_lead(self) -> bool:
        return self.panel is not None and self.panel.lead == self.viewer


@dataclass(frozen=True)
class ConsensusChoice:
    """What the lead decided for one item: the panel's answer and why."""

    item_id: str
    response: Response
    rationale: str
