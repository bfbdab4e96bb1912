"""The assessment screen's dealings with its stored record, apart from the keys that score.

What the queue reports about a write (saved, rejected, changed by another assessor),
the two switches of the whole record, finalize and reopen, and the import conflicts
left to decide here. A write conflict, a finalize and a reopen each reload the
assessment from the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from ..messages import (
    AnswerRejected,
    AnswerSaved,
    AssessmentFinalized,
    AssessmentReopened,
    ConflictKept,
)

if TYPE_CHECKING:
    from ctcap.domain.model import Checklist
    from ctcap.domain.scoring import AssessmentScore
    from ctcap.storage.records import AssessmentInfo

    from ..app import CtcapApp
    from ..book import AnswerBook
    from ..views import AssessmentBundle


class AssessmentRecordMixin(Screen[None]):
    """A base of ``AssessmentScreen``, which sets the state below and draws the panes.

    It is a Screen only because Textual registers ``@on`` handlers of Screen classes.
    """

    # Set by AssessmentScreen as it starts and loads.
    assessment_id: int
    bundle: AssessmentBundle | None
    book: AnswerBook | None
    score: AssessmentScore | None
    item_id: str | None
    last_saved: str
    conflicts: dict[str, str]  # item id → the import conflict still open on it

    if TYPE_CHECKING:  # drawn by AssessmentScreen

        def _commit_rationale(self) -> None: ...
        def _refresh_item(self, item_id: str) -> None: ...
        def _update_summary(self) -> None: ...
        def _show_focused(self) -> None: ...

    @property
    def ctcap(self) -> CtcapApp:
        return self.app  # type: ignore[return-value]

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests and benchmarks wait for this."""
        return self.bundle is not None

    @property
    def info(self) -> AssessmentInfo | None:
        return self.bundle.detail.info if self.bundle else None

    @property
    def checklist(self) -> Checklist | None:
        return self.bundle.detail.checklist if self.bundle else None

    # Results of writes ------------------------------------------------------------------

    @on(AnswerSaved)
    def answer_saved(self, message: AnswerSaved) -> None:
        if self.book is None or message.assessment_id != self.assessment_id:
            return
        shown = self.book.state(message.item_id)
        self.book.saved(message.job_id, message.record)
        self.last_saved = message.item_id
        settled = self.conflicts.pop(message.item_id, None) is not None  # answered anew
        if settled or self.book.state(message.item_id) != shown:
            self._refresh_item(message.item_id)
            return
        # The usual case: the save confirms what is on screen. Rescoring and relabelling
        # the tree again would only compete with the next keypress.
        self._update_summary()
        if message.item_id == self.item_id:
            self._show_focused()

    @on(AnswerRejected)
    def answer_rejected(self, message: AnswerRejected) -> None:
        title = "Changed by another assessor" if message.conflict else "Not saved"
        self.notify(message.reason, title=title, severity="error", timeout=30)
        if self.book is None or message.assessment_id != self.assessment_id:
            return
        self.book.rejected(message.job_id, message.item_id, message.current)
        self._refresh_item(message.item_id)
        if message.conflict or message.finalized:
            self.ctcap.load_assessment(self, self.assessment_id)

    # Import conflicts -------------------------------------------------------------------

    def action_keep_ours(self) -> None:
        item_id = self.item_id
        if self.info is None or item_id is None or item_id not in self.conflicts:
            self.notify("No import conflict on this item.")
            return
        if self.info.is_final:
            self.notify("This assessment is final and read-only.", severity="warning")
            return
        from ..data import keep_ours_job

        job = keep_ours_job(self.assessment_id, item_id, self.ctcap.actor)
        self.ctcap.submit(job, self, f"keep this database's answer to {item_id}")

    @on(ConflictKept)
    def conflict_kept(self, message: ConflictKept) -> None:
        if message.assessment_id != self.assessment_id:
            return
        self.conflicts.pop(message.item_id, None)
        self._refresh_item(message.item_id)
        self.notify(message.item_id, title="Kept this database's answer")

    # Finalizing -------------------------------------------------------------------------

    def action_finalize(self) -> None:
        if self.info is None or self.score is None or self.checklist is None:
            return
        if self.info.is_final:
            self.notify("This assessment is already final.")
            return
        self._commit_rationale()
        if self.score.unanswered:
            self.notify(
                f"{self.score.unanswered} item(s) unanswered: press ] to go to the next one. "
                "N/A (x) and no information (?) count as answers.",
                title="Cannot finalize yet",
                severity="warning",
            )
            return
        from .confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.ctcap.finalize_assessment(self, self.assessment_id)

        question = (
            f"Finalize {self.info.country_name}, {self.checklist.title} as of "
            f"{self.info.as_of.isoformat()}? It becomes read-only."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Finalize", no="Cancel"), confirmed)

    @on(AssessmentFinalized)
    def finalized(self, message: AssessmentFinalized) -> None:
        self.notify(message.info.title, title="Finalized")
        self.ctcap.load_assessment(self, self.assessment_id)

    def action_reopen(self) -> None:
        """Reopening a final record is explicit and audited: it asks why."""
        if self.info is None or not self.info.is_final:
            return
        from .prompt import PromptScreen

        def chosen(reason: str | None) -> None:
            if reason and reason.strip():
                self.ctcap.reopen_assessment(self, self.assessment_id, reason.strip())

        prompt = PromptScreen(
            "Reopen this final assessment as a draft. Why (recorded in the audit trail)?",
            ok="Reopen",
            cursor_blink=self.ctcap.cursor_blink,
        )
        self.app.push_screen(prompt, chosen)

    @on(AssessmentReopened)
    def reopened(self, message: AssessmentReopened) -> None:
        self.notify(message.info.title, title="Reopened as a draft")
        self.ctcap.load_assessment(self, self.assessment_id)
