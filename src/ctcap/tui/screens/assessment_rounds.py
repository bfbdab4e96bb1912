"""The assessment screen's keys for the round itself: finalize it, reopen it, keep this
database's answer in an import conflict.

A mixin of ``AssessmentScreen`` (as ``SupportKeys`` is); each key asks the database
client, and the screen's own handlers reload or redraw when the client reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..book import READ_ONLY

if TYPE_CHECKING:
    from textual.screen import Screen

    from ctcap.storage.records import AssessmentInfo

    from ..book import ScoringSheet
    from ..database import DatabaseClient
    from ..services import Services

    _Screen = Screen[None]  # what the mixin is mixed into, for the type checker
else:
    _Screen = object


class RoundKeys(_Screen):
    if TYPE_CHECKING:
        sheet: ScoringSheet | None
        services: Services
        database: DatabaseClient
        assessment_id: int
        item_id: str | None

        @property
        def info(self) -> AssessmentInfo | None: ...

        def _commit_rationale(self) -> None: ...

    def action_finalize(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        if not sheet.editable:
            self.notify("This assessment is already final.")
            return
        self._commit_rationale()
        if sheet.score.unanswered:
            self.notify(
                f"{sheet.score.unanswered} item(s) unanswered: press ] to go to the next one. "
                "N/A (x) and no information (?) count as answers.",
                title="Cannot finalize yet",
                severity="warning",
            )
            return
        from .confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.database.finalize(self, self.assessment_id)

        question = (
            f"Finalize {sheet.info.country_name}, {sheet.checklist.title} as of "
            f"{sheet.info.as_of.isoformat()}? It becomes read-only."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Finalize", no="Cancel"), confirmed)

    def action_reopen(self) -> None:
        """Reopening a final record is explicit and audited: it asks why."""
        if self.info is None or not self.info.is_final:
            return
        from .prompt import PromptScreen

        def chosen(reason: str | None) -> None:
            if reason and reason.strip():
                self.database.reopen(self, self.assessment_id, reason.strip())

        prompt = PromptScreen(
            "Reopen this final assessment as a draft. Why (recorded in the audit trail)?",
            ok="Reopen",
            cursor_blink=self.services.cursor_blink,
        )
        self.app.push_screen(prompt, chosen)

    def action_keep_ours(self) -> None:
        item_id = self.item_id
        if self.sheet is None or item_id is None or item_id not in self.sheet.conflicts:
            self.notify("No import conflict on this item.")
        elif not self.sheet.editable:
            self.notify(READ_ONLY, severity="warning")
        else:
            self.database.keep_ours(self, self.assessment_id, item_id)
