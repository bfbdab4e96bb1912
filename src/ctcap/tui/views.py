"""Plain data between the screens and the database client. No SQLAlchemy, no pydantic at
import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.evidence import Confidence, EvidenceEntry
    from ctcap.domain.model import Checklist
    from ctcap.domain.treaty import TreatyFacts
    from ctcap.reports.history_model import HistoryTrack
    from ctcap.storage.panel_records import PanelInfo
    from ctcap.storage.records import AnswerRecord, AssessmentDetail, AssessmentInfo


@dataclass(frozen=True)
class CountrySummary:
    """One row of the countries list; the score fields are empty for unassessed countries."""

    code: str
    name: str
    assessment_id: int | None = None  # the current one: latest draft, else latest final
    status: str | None = None
    overall: float | None = None
    completion: float | None = None
    trend: tuple[float, ...] = ()  # overall score per round of the current checklist
    rounds: int = 0
    checklist_id: str | None = None
    mark: str | None = None  # the current round's handling mark, as shown: "TLP:GREEN"

    @property
    def assessed(self) -> bool:
        return self.assessment_id is not None


@dataclass(frozen=True)
class ChecklistChoice:
    id: str
    title: str
    version: str


@dataclass(frozen=True)
class NewAssessment:
    """What the new-assessment form asks the client to create."""

    country: str
    checklist_id: str
    as_of: date
    assessor: str


@dataclass(frozen=True)
class AnswerState:
    """What the screen shows for one item: the optimistic value, or a confirmed one."""

    response: Response | None = None
    rationale: str = ""
    evidence: tuple[EvidenceEntry, ...] = ()
    confidence: Confidence | None = None
    # Shown, never written from here: a write keeps what is stored (treaty facts change
    # with `ctcap assessments treaty`, marks with --mark).
    facts: TreatyFacts | None = None
    mark: str | None = None

    @classmethod
    def of(cls, record: AnswerRecord | None) -> AnswerState:
        if record is None or record.response is None:
            return cls()
        return cls(
            record.response,
            record.rationale,
            record.evidence,
            record.confidence,
            record.facts,
            record.mark,
        )


@dataclass(frozen=True)
class WriteJob:
    """One answer to write. ``follows``: another write to the item is still in flight,
    so expect the version that write produces rather than ``expected_version``."""

    job_id: int
    assessment_id: int
    item_id: str
    state: AnswerState
    expected_version: int
    follows: bool = False
    as_member: bool = False  # the assessor's own answer as a panel member (before reveal)


@dataclass(frozen=True)
class AssessmentBundle:
    """An assessment as the scoring screen needs it."""

    detail: AssessmentDetail
    previous_checklist: Checklist | None = None
    previous_responses: dict[str, Response] = field(default_factory=dict)
    previous_as_of: date | None = None
    # Items an import left for someone here to decide: item id → what the bundle has.
    conflicts: dict[str, str] = field(default_factory=dict)
    panel: PanelInfo | None = None  # the round's panel, if a panel scores it
    as_member: bool = False  # the detail holds the viewer's own blind answers, not the round's
    # Items with a pending proposal from published data: item id → the proposal in words.
    proposals: dict[str, str] = field(default_factory=dict)
    mark: str = ""  # the round's handling mark as shown ("TLP:AMBER"), names' mark included
    stale_years: int = 5  # evidence older than this before the as-of date is stale


@dataclass(frozen=True)
class RoundData:
    """One round's answers, for comparing any two rounds item by item."""

    info: AssessmentInfo
    checklist: Checklist
    responses: dict[str, Response]


@dataclass(frozen=True)
class HistoryData:
    """The reports package's history of one checklist, plus each round's answers."""

    country_code: str
    country_name: str
    track: HistoryTrack  # the numbers the CLI's `ctcap history` shows
    rounds: tuple[RoundData, ...]  # oldest first, as the track's rounds
    mark: str = ""  # the strictest handling mark of the rounds shown


@dataclass(frozen=True)
class GapReportView:
    """The reports package's gap report as the TUI shows and exports it."""

    markdown: str
    file_name: str  # what the export prompt offers
    render: Callable[[str], str | bytes]  # the same report in a format: "html", "xlsx"…
    mark: str = ""  # the report's handling mark, as its every page shows it


@dataclass(frozen=True)
class LinkedProject:
    """A project that addresses one item, as the assessment screen lists it."""

    identifier: str
    title: str
    donor: str
    status: str  # the IATI status label, or ""
    start: str | None
    end: str | None
    outcome: str  # before/after on this item: "narrowed", "not yet re-assessed"…
    levels: str  # "1 → 2", or "" when there is no comparison
    mark: str = ""  # its handling mark as shown, e.g. "TLP:AMBER"


@dataclass(frozen=True)
class ProposalView:
    """One pending proposal from published data, as the proposals screen shows it."""

    item_id: str
    item_title: str
    proposed: str  # the level and its label: "3 Ratified or acceded"
    source: str  # the source's title
    file_name: str
    file_sha256: str
    mapping: str  # mapping id and version
    data_date: str  # the newest date of the data it rests on
    rows: str  # where in the file: "line 4", "sheet Effectiveness row 7"
    evidence: tuple[str, ...]  # one line per observation
    why: str
    answer_now: str | None  # the item's answer, if it has one: accepting is refused


@dataclass(frozen=True)
class ProposalsView:
    """The pending proposals of one round, in checklist order."""

    assessment_id: int
    title: str
    is_final: bool
    levels: tuple[int, ...]  # the scale's levels, for editing a proposal
    proposals: tuple[ProposalView, ...]
    mark: str = ""  # the round's handling mark, as shown
