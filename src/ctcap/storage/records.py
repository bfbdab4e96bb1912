"""Plain records that storage hands to the faces: never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ctcap.domain.answers import Response
from ctcap.domain.evidence import Confidence, EvidenceEntry
from ctcap.domain.method import AssessmentType, TeamMember
from ctcap.domain.model import Checklist
from ctcap.domain.treaty import TreatyFacts


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    fictional: bool


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    uid: str
    country_code: str
    country_name: str
    checklist_id: str
    checklist_version: str
    checklist_version_id: int
    title: str
    as_of: date
    assessor: str
    status: str
    synthetic: bool
    based_on_id: int | None
    cursor_item_id: str | None
    created_at: datetime
    updated_at: datetime
    # Four eyes (storage.review): where the round's review stands, and who approved it.
    review_state: str = "draft"
    approved_by: str | None = None
    approved_at: datetime | None = None
    # Who assessed, how, and who may see it (migration 0008).
    assessment_type: AssessmentType = AssessmentType.UNKNOWN
    team: tuple[TeamMember, ...] = ()
    mark: str = "AMBER"
    names_mark: str | None = None  # covers ``assessor`` and ``team``; None: ``mark``
    # Set when a release left the names out: the release level they are marked above.
    names_withheld: str | None = None
    # "self", "external" or None (not said): see ``repository.create_assessment``.
    origin: str | None = None

    @property
    def is_final(self) -> bool:
        return self.status == "final"


@dataclass(frozen=True)
class AnswerRecord:
    item_id: str
    response: Response | None  # None: cleared, i.e. unanswered again
    rationale: str
    evidence: tuple[EvidenceEntry, ...]
    assessor: str
    updated_at: datetime
    version: int
    needs_rescore: bool = False
    confidence: Confidence | None = None  # None: not recorded
    facts: TreatyFacts | None = None
    mark: str | None = None  # covers rationale, evidence, facts and assessor; None: the round's
    # Set when a release left the rationale, evidence, facts and assessor out: the release
    # level they are marked above (never their own mark, which would say how secret).
    withheld: str | None = None


@dataclass(frozen=True)
class AssessmentDetail:
    info: AssessmentInfo
    checklist: Checklist
    answers: dict[str, AnswerRecord]

    @property
    def responses(self) -> dict[str, Response]:
        """Answered items only: what the scoring rules take."""
        return {k: a.response for k, a in self.answers.items() if a.response is not None}


@dataclass(frozen=True)
class AuditEvent:
    """One event of a hash-chained log, as the faces read it (the proposal log)."""

    assessment_id: int
    seq: int
    kind: str
    item_id: str | None
    actor: str
    at: str
    before: str
    after: str
    prev_hash: str
    hash: str
