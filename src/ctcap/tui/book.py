"""The scoring screen's state: answers optimistic, confirmed, in flight, undone and redone
(``AnswerBook``), and the assessment they belong to, scored (``ScoringSheet``).

Pure logic without widgets or I/O, so it is tested on its own and the screen stays thin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ctcap.domain.answers import response_label
from ctcap.domain.compare import compare_rounds
from ctcap.domain.scoring import score_assessment

from .views import AnswerState, WriteJob

if TYPE_CHECKING:
    from datetime import date

    from ctcap.domain.answers import Response
    from ctcap.domain.evidence import Confidence
    from ctcap.domain.scoring import AssessmentScore
    from ctcap.storage.panel_records import PanelInfo
    from ctcap.storage.records import AnswerRecord

    from .views import AssessmentBundle

_job_ids = itertools.count(1)
_CONFIDENCE_ORDER = ("high", "medium", "low", None)


def next_confidence(state: AnswerState) -> Confidence | None:
    """The confidence after ``state``'s, in turn: high, medium, low, not recorded."""
    from ctcap.domain.evidence import Confidence

    now = state.confidence.value if state.confidence is not None else None
    following = _CONFIDENCE_ORDER[(_CONFIDENCE_ORDER.index(now) + 1) % len(_CONFIDENCE_ORDER)]
    return None if following is None else Confidence(following)


READ_ONLY = "This assessment is final and read-only."


def panel_refusal(panel: PanelInfo) -> str:
    """Why a panel round's answers cannot be changed on the scoring screen."""
    if panel.revealed:
        return (
            f"The panel was revealed: members' answers are closed. The lead ({panel.lead}) "
            "records the consensus on the panel screen (P)."
        )
    return "A panel scores this round: only its members answer, each blind (P: the panel)."


@dataclass(frozen=True)
class UndoEntry:
    job_id: int
    item_id: str
    before: AnswerState  # for a redo entry: the state the undo took away


class AnswerBook:
    def __init__(
        self, assessment_id: int, answers: dict[str, AnswerRecord], *, as_member: bool = False
    ) -> None:
        self.assessment_id = assessment_id
        self.as_member = as_member  # writes are the assessor's own, as a panel member
        self.confirmed: dict[str, AnswerState] = {k: AnswerState.of(r) for k, r in answers.items()}
        self.current: dict[str, AnswerState] = dict(self.confirmed)
        self.versions: dict[str, int] = {k: r.version for k, r in answers.items()}
        self.authors: dict[str, str] = {k: r.assessor for k, r in answers.items()}
        self.pending: dict[str, list[int]] = {}
        self.undo_stack: list[UndoEntry] = []
        self.redo_stack: list[UndoEntry] = []

    # Reading ---------------------------------------------------------------------------

    def state(self, item_id: str) -> AnswerState:
        return self.current.get(item_id, AnswerState())

    def response(self, item_id: str) -> Response | None:
        return self.state(item_id).response

    def responses(self) -> dict[str, Response]:
        """Answered items only, optimistic: what the scoring rules take."""
        return {k: s.response for k, s in self.current.items() if s.response is not None}

    def next_unanswered(self, order: list[str], current: str | None, step: int) -> str | None:
        """The next (step 1) or previous (step −1) unanswered item, wrapping around."""
        start = order.index(current) if current in order else -1
        for n in range(1, len(order) + 1):
            candidate = order[(start + step * n) % len(order)]
            if self.response(candidate) is None:
                return candidate
        return None

    @property
    def saving(self) -> bool:
        return any(self.pending.values())

    def is_pending(self, item_id: str) -> bool:
        return bool(self.pending.get(item_id))

    # Changing --------------------------------------------------------------------------

    def change(self, item_id: str, state: AnswerState, *, undoable: bool = True) -> WriteJob | None:
        """Apply ``state`` optimistically; the job to write, or None if nothing changed."""
        before = self.state(item_id)
        if state == before:
            return None
        queue = self.pending.setdefault(item_id, [])
        job = WriteJob(
            job_id=next(_job_ids),
            assessment_id=self.assessment_id,
            item_id=item_id,
            state=state,
            expected_version=self.versions.get(item_id, 0),
            follows=bool(queue),
            as_member=self.as_member,
        )
        queue.append(job.job_id)
        self.current[item_id] = state
        if undoable:
            self.undo_stack.append(UndoEntry(job.job_id, item_id, before))
            self.redo_stack.clear()  # a new change ends the line that redo would follow
        return job

    def undo(self) -> WriteJob | None:
        """Write back the state before the last change; None when there is nothing to undo."""
        return self._step_back(self.undo_stack, self.redo_stack)

    def redo(self) -> WriteJob | None:
        """Write again what the last undo took away; None when there is nothing to redo."""
        return self._step_back(self.redo_stack, self.undo_stack)

    def _step_back(self, source: list[UndoEntry], target: list[UndoEntry]) -> WriteJob | None:
        while source:
            entry = source.pop()
            now = self.state(entry.item_id)
            job = self.change(entry.item_id, entry.before, undoable=False)
            if job is not None:
                target.append(UndoEntry(job.job_id, entry.item_id, now))
                return job
        return None

    # Results of writes -----------------------------------------------------------------

    def _settle(self, job_id: int, item_id: str) -> None:
        queue = self.pending.get(item_id, [])
        if job_id in queue:
            queue.remove(job_id)

    def saved(self, job_id: int, record: AnswerRecord) -> None:
        item_id = record.item_id
        self._settle(job_id, item_id)
        if record.version >= self.versions.get(item_id, 0):
            self.versions[item_id] = record.version
            self.confirmed[item_id] = AnswerState.of(record)
            self.authors[item_id] = record.assessor
        if not self.is_pending(item_id):
            self.current[item_id] = self.confirmed.get(item_id, AnswerState())

    def rejected(self, job_id: int, item_id: str, current: AnswerRecord | None) -> None:
        """Drop the change: show the stored answer (another assessor's, on a conflict)."""
        self._settle(job_id, item_id)
        self.undo_stack = [e for e in self.undo_stack if e.job_id != job_id]
        self.redo_stack = [e for e in self.redo_stack if e.job_id != job_id]
        if current is not None:
            self.versions[item_id] = current.version
            self.confirmed[item_id] = AnswerState.of(current)
            self.authors[item_id] = current.assessor
        self.current[item_id] = self.confirmed.get(item_id, AnswerState())


class ScoringSheet:
    """An assessment as the scoring screen holds it: its answers (an ``AnswerBook``),
    their score, the items changed since the previous round, and the import conflicts
    still open. Every change of an answer goes through here, so the score follows it."""

    def __init__(self, bundle: AssessmentBundle) -> None:
        self.bundle = bundle
        self.info = bundle.detail.info
        self.checklist = bundle.detail.checklist
        self.answers = AnswerBook(self.info.id, bundle.detail.answers, as_member=bundle.as_member)
        self.conflicts: dict[str, str] = dict(bundle.conflicts)  # item id → both answers
        self.last_saved = ""  # the item whose write was confirmed last
        self.score: AssessmentScore  # set by rescore(), as is:
        self.changes: dict[str, int]  # item id → direction since the previous round
        self.rescore()

    def rescore(self) -> None:
        responses = self.answers.responses()
        self.score = score_assessment(self.checklist, responses)
        bundle, self.changes = self.bundle, {}
        if bundle.previous_checklist is not None:
            found = compare_rounds(
                bundle.previous_checklist, bundle.previous_responses, self.checklist, responses
            )
            self.changes = {c.item_id: c.direction for c in found.changed if c.after is not None}

    @property
    def editable(self) -> bool:
        return not self.info.is_final

    def refusal(self, item_id: str | None, *, then: str = "") -> str | None:
        """Why ``item_id`` cannot be changed now, or None. ``item_id`` None: no item is
        chosen; ``then``: what needs a score first ("write why")."""
        if not self.editable:
            return READ_ONLY
        if self.bundle.panel is not None and not self.bundle.as_member:
            return panel_refusal(self.bundle.panel)
        if item_id is None:
            return "Choose an item first."
        if then and self.answers.response(item_id) is None:
            return f"Score the item first (1–5, x or ?), then {then}."
        return None

    def item_ids(self) -> list[str]:
        return [item.id for item in self.checklist.items()]

    def start_item(self, wanted: str | None) -> str:
        """``wanted`` if the checklist has it, else the first unanswered item (or the first)."""
        ids = self.item_ids()
        if wanted in ids:
            assert wanted is not None
            return wanted
        unanswered = [i for i in ids if self.answers.response(i) is None]
        return (unanswered or ids)[0]

    def previous_answer(self, item_id: str) -> tuple[Response | None, date] | None:
        """The item's answer in the previous round, and that round's date; None: no round."""
        bundle = self.bundle
        if bundle.previous_as_of is None or bundle.previous_checklist is None:
            return None
        return bundle.previous_responses.get(item_id), bundle.previous_as_of

    # Changing ----------------------------------------------------------------------------

    def change(self, item_id: str, state: AnswerState, *, undoable: bool = True) -> WriteJob | None:
        job = self.answers.change(item_id, state, undoable=undoable)
        if job is not None:
            self.rescore()
        return job

    def step_back(self, *, redo: bool) -> WriteJob | None:
        """Undo the last change (or redo the last undo): the write, or None."""
        job = self.answers.redo() if redo else self.answers.undo()
        if job is not None:
            self.rescore()
        return job

    def step_note(self, job: WriteJob, *, redo: bool) -> str:
        """What an undo (or a redo) wrote, in words."""
        label = response_label(job.state.response, self.checklist.scale)
        title = self.checklist.item(job.item_id).title
        return f"{title}: {label} again" if redo else f"{title}: back to {label}"

    def saved(self, job_id: int, record: AnswerRecord) -> bool:
        """A write committed. True when it changed what is shown of the item (rescored):
        a later answer from elsewhere, or an import conflict it settled."""
        item_id = record.item_id
        shown = self.answers.state(item_id)
        self.answers.saved(job_id, record)
        self.last_saved = item_id
        settled = self.conflicts.pop(item_id, None) is not None  # answered anew
        changed = settled or self.answers.state(item_id) != shown
        if changed:
            self.rescore()
        return changed

    def rejected(self, job_id: int, item_id: str, current: AnswerRecord | None) -> None:
        self.answers.rejected(job_id, item_id, current)
        self.rescore()
