"""The records of the panel reports: agreement after reveal, and self against external.

Built by ``reports.agreement``; renderers (text and JSON in the CLI for now) only read
them. Rounds carry ``AssessmentInfo``, whose ``approved_by``/``approved_at`` say who
approved a round under four eyes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctcap.domain.agreement import ItemAgreement, PanelAgreement
from ctcap.domain.model import Checklist
from ctcap.domain.self_external import SelfExternalComparison
from ctcap.storage.panel_records import ConsensusRecord, PanelInfo, ReviewInfo
from ctcap.storage.records import AssessmentInfo


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

    @property
    def adoptable(self) -> tuple[ItemAgreement, ...]:
        """Unanimous items without a consensus yet: `panel adopt` takes them in one step."""
        return tuple(i for i in self.agreement.unanimous if i.item_id not in self.consensus)


@dataclass(frozen=True)
class SelfExternalReport:
    """A self-assessment against an external one of the same country and date."""

    self_round: AssessmentInfo
    external_round: AssessmentInfo
    checklist: Checklist
    comparison: SelfExternalComparison
