"""Plain records of panels, members' answers, consensus and review: never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ctcap.domain.answers import Response
from ctcap.domain.evidence import EvidenceEntry
from ctcap.domain.model import Checklist

from .records import AssessmentInfo


@dataclass(frozen=True)
class MemberAnswer:
    member: str
    item_id: str
    response: Response | None
    rationale: str
    evidence: tuple[EvidenceEntry, ...]
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class PanelMember:
    member: str
    answered: int  # items answered so far: what anyone may see before reveal
    is_lead: bool


@dataclass(frozen=True)
class PanelInfo:
    assessment_id: int
    lead: str
    members: tuple[PanelMember, ...]  # in the order they joined
    created_by: str
    created_at: datetime
    revealed_by: str | None
    revealed_at: datetime | None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.member for m in self.members)


@dataclass(frozen=True)
class PanelView:
    """What ``viewer`` may see of a panel: before reveal, only their own answers."""

    round: AssessmentInfo
    checklist: Checklist
    panel: PanelInfo
    viewer: str
    answers: dict[str, dict[str, MemberAnswer]]  # member → item → answer

    @property
    def blind(self) -> bool:
        return not self.panel.revealed


@dataclass(frozen=True)
class ConsensusSource:
    member: str
    version: int
    response: Response | None


@dataclass(frozen=True)
class ConsensusRecord:
    item_id: str
    response: Response | None
    rationale: str
    method: str  # adopted (every member alike) or decided
    actor: str
    at: datetime
    answer_version: int  # the version of the round's answer it wrote
    sources: tuple[ConsensusSource, ...]


@dataclass(frozen=True)
class ReviewInfo:
    assessment_id: int
    state: str  # draft, in_review, changes_requested, approved (final is the round's status)
    required: bool  # whether four-eyes applies to this round under the database's policy
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_by: str | None
    approved_by: str | None
    approved_at: datetime | None
    note: str
