"""The assessment screen's keys for what supports an answer: its evidence and confidence.

A mixin of ``AssessmentScreen`` (kept apart so the screen's module stays readable); it
uses the screen's sheet, services, and its ``_editable_item`` and ``_write``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..book import next_confidence

if TYPE_CHECKING:
    from textual.app import App

    from ctcap.domain.evidence import EvidenceEntry

    from ..book import ScoringSheet
    from ..services import Services
    from ..views import WriteJob


class SupportKeys:
    if TYPE_CHECKING:
        sheet: ScoringSheet | None
        services: Services
        app: App[Any]

        def _editable_item(self, then: str = "") -> str | None: ...

        def _write(self, job: WriteJob | None) -> None: ...

    def action_evidence(self) -> None:
        item_id = self._editable_item(then="add evidence")
        if item_id is None or self.sheet is None:
            return
        from .evidence import EvidenceScreen

        sheet = self.sheet

        def done(entries: tuple[EvidenceEntry, ...] | None) -> None:
            state = sheet.answers.state(item_id)
            if entries is not None and state.response is not None:
                self._write(sheet.change(item_id, replace(state, evidence=entries)))

        title, evidence = sheet.checklist.item(item_id).title, sheet.answers.state(item_id).evidence
        modal = EvidenceScreen(
            title, evidence, cursor_blink=self.services.cursor_blink, mark=sheet.bundle.mark
        )
        self.app.push_screen(modal, done)

    def action_confidence(self) -> None:
        """The item's confidence, in turn: high, medium, low, not recorded."""
        item_id = self._editable_item(then="say how confident you are")
        if item_id is None or self.sheet is None:
            return
        state = self.sheet.answers.state(item_id)
        self._write(self.sheet.change(item_id, replace(state, confidence=next_confidence(state))))
