"""The scoring screen's answers: optimistic, confirmed, in flight, undo and redo.

Pure logic without widgets or I/O, so it is tested on its own and the screen stays thin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .views import AnswerState, WriteJob

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.storage.records import AnswerRecord

_job_ids = itertools.count(1)


@dataclass(frozen=True)
class UndoEntry:
    job_id: int
    item_id: str
    before: AnswerState  # for a redo entry: the state the undo took away


class AnswerBook:
    def __init__(self, assessment_id: int, answers: dict[str, AnswerRecord]) -> None:
        self.assessment_id = assessment_id
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

    @property
    def last_undo_item(self) -> str | None:
        return self.undo_stack[-1].item_id if self.undo_stack else None

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
