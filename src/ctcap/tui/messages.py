"""Typed messages that the database client's jobs post back to the UI thread.

Jobs never touch widgets: each posts one of these to the screen that asked (or to the
app, when that screen has gone) and the handler updates the widgets. None of them
bubble; the app is the fallback receiver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ctcap.domain.model import Checklist
    from ctcap.reports.assistance_model import NeedAgainstAssistance
    from ctcap.reports.outcomes_model import Outcomes
    from ctcap.storage.records import AnswerRecord, AssessmentInfo

    from .panel_views import PanelData
    from .views import (
        AssessmentBundle,
        CountrySummary,
        GapReportView,
        HistoryData,
        LinkedProject,
        ProposalsView,
    )


@dataclass(eq=False)
class DatabaseOpened(Message, bubble=False):
    iso_countries: dict[str, str]
    actor: str


@dataclass(eq=False)
class ChecklistsLoaded(Message, bubble=False):
    """Read after the countries list: the list does not wait for YAML and pydantic."""

    checklists: list[Checklist]
    problems: list[str]


@dataclass(eq=False)
class DatabaseFailed(Message, bubble=False):
    reason: str


@dataclass(eq=False)
class CountriesLoaded(Message, bubble=False):
    summaries: list[CountrySummary]
    recent_code: str | None  # the country worked on last: the list starts there
    cached: bool = False  # the last session's copy (list_cache), until the database's


@dataclass(eq=False)
class AssessmentLoaded(Message, bubble=False):
    bundle: AssessmentBundle


@dataclass(eq=False)
class AnswerSaved(Message, bubble=False):
    """Committed: only now does the screen show the change as saved."""

    job_id: int
    assessment_id: int
    item_id: str
    record: AnswerRecord


@dataclass(eq=False)
class ConflictKept(Message, bubble=False):
    """An import conflict settled for this database's answer: committed."""

    assessment_id: int
    item_id: str


@dataclass(eq=False)
class AnswerRejected(Message, bubble=False):
    """Not written. ``current`` is the stored answer when another assessor changed it first."""

    job_id: int
    assessment_id: int
    item_id: str
    reason: str
    current: AnswerRecord | None = None
    conflict: bool = False
    finalized: bool = False
    closed: bool = False  # a panel member's answer after the lead revealed


@dataclass(eq=False)
class AssessmentCreated(Message, bubble=False):
    info: AssessmentInfo


@dataclass(eq=False)
class AssessmentFinalized(Message, bubble=False):
    info: AssessmentInfo


@dataclass(eq=False)
class AssessmentReopened(Message, bubble=False):
    info: AssessmentInfo


@dataclass(eq=False)
class HistoryLoaded(Message, bubble=False):
    history: HistoryData


@dataclass(eq=False)
class GapReportLoaded(Message, bubble=False):
    report: GapReportView


@dataclass(eq=False)
class FileExported(Message, bubble=False):
    path: str


@dataclass(eq=False)
class OperationFailed(Message, bubble=False):
    """A job that failed (a load, create, finalize, export…): shown, never dropped."""

    what: str
    reason: str


@dataclass(eq=False)
class ProjectsLoaded(Message, bubble=False):
    """One country's projects, each linked item before and after."""

    country_code: str
    country_name: str
    outcomes: Outcomes


@dataclass(eq=False)
class NeedLoaded(Message, bubble=False):
    """Need against assistance over every country."""

    view: NeedAgainstAssistance


@dataclass(eq=False)
class LinkedProjectsLoaded(Message, bubble=False):
    """The projects on each item of one country's checklist: item id → projects."""

    country_code: str
    checklist_id: str
    by_item: dict[str, tuple[LinkedProject, ...]]


@dataclass(eq=False)
class ProposalsLoaded(Message, bubble=False):
    view: ProposalsView


@dataclass(eq=False)
class ProposalDecided(Message, bubble=False):
    assessment_id: int
    item_id: str
    status: str  # accepted, edited or rejected
    written: str | None  # the answer written, in words (None for a rejection)


@dataclass(eq=False)
class ProposalRefused(Message, bubble=False):
    """Storage said no (the item has an answer, the round is final…): nothing changed."""

    assessment_id: int
    item_id: str | None  # None: accept all was refused as a whole
    reason: str


@dataclass(eq=False)
class ProposalsAcceptedAll(Message, bubble=False):
    assessment_id: int
    accepted: tuple[str, ...]
    left: tuple[tuple[str, str], ...]  # item id, why it stays pending


@dataclass(eq=False)
class PanelLoaded(Message, bubble=False):
    data: PanelData


@dataclass(eq=False)
class PanelStepDone(Message, bubble=False):
    """A panel or review step committed (reveal, adopt, consensus, submit, send back,
    approve): ``title`` and ``summary`` say what it did."""

    assessment_id: int
    title: str
    summary: str
