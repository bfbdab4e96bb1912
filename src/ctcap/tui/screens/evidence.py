"""Editing an item's evidence, one entry a line, as a modal.

A line is a plain reference (of unknown type), or typed fields:
``type=legislation; date=2019-05; grade=B; ref=Penal Code s.12; link=https://…``
(``ctcap.domain.evidence_text``). A line that is not an entry is named, with its
field, and nothing is saved until every line reads.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ctcap.domain.evidence import EvidenceEntry
from ctcap.domain.evidence_text import EvidenceTextError, entry_line, parse_entry

from ..shown import ShownTextArea, line
from ..widgets.marks import mark_text

HELP = (
    "One entry a line: a reference, or type=…; date=YYYY[-MM[-DD]]; grade=A-F; ref=…; "
    "link=https://… Types: legislation, official-document, interview, site-visit, "
    "third-party-evaluation, open-source. Esc saves."
)


class EvidenceScreen(ModalScreen[tuple[EvidenceEntry, ...] | None]):
    """Escape or ctrl+s keeps the entries (when every line reads); Cancel drops the edit."""

    CSS_PATH: ClassVar[CSSPathType] = ["modal.tcss", "evidence.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+s", "save", "Save", id="evidence-save"),
    ]

    def __init__(
        self,
        title: str,
        evidence: tuple[EvidenceEntry, ...],
        *,
        cursor_blink: bool = True,
        mark: str = "",
    ) -> None:
        super().__init__()
        self.item_title = title
        self.evidence = evidence
        self.cursor_blink = cursor_blink
        self.mark = mark

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            if self.mark:
                yield Static(mark_text(self.mark), id="evidence-mark")
            yield Static(line(f"Evidence for: {self.item_title}"), classes="question")
            yield Static(HELP, classes="muted")
            text = "\n".join(entry_line(entry) for entry in self.evidence)
            area = ShownTextArea(text + ("\n" if text else ""), id="evidence-text", soft_wrap=True)
            area.cursor_blink = self.cursor_blink
            yield area
            yield Static("", id="evidence-problem")
            with Horizontal(classes="buttons"):
                yield Button("Save (Esc)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def entries(self) -> tuple[EvidenceEntry, ...] | None:
        """The lines as entries; None (and the first problem shown) when one does not read."""
        today = dt.date.today()
        found = []
        lines = self.query_one(TextArea).text.splitlines()
        for number, typed in enumerate(lines, start=1):
            if not typed.strip():
                continue
            try:
                found.append(parse_entry(typed.strip(), today))
            except EvidenceTextError as exc:
                problem = self.query_one("#evidence-problem", Static)
                problem.update(line(f"line {number}: {exc}"))
                problem.add_class("-error")
                return None
        return tuple(found)

    def action_save(self) -> None:
        entries = self.entries()
        if entries is not None:
            self.dismiss(entries)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
