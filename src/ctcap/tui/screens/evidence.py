"""Editing an item's evidence references, one a line, as a modal."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ..shown import ShownTextArea, line


class EvidenceScreen(ModalScreen[tuple[str, ...] | None]):
    """Escape or ctrl+s keeps the lines; Cancel drops the edit."""

    CSS_PATH: ClassVar[CSSPathType] = ["modal.tcss", "evidence.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+s", "save", "Save", id="evidence-save"),
    ]

    def __init__(self, title: str, evidence: tuple[str, ...], *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.item_title = title
        self.evidence = evidence
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(line(f"Evidence for: {self.item_title}"), classes="question")
            yield Static(
                "One reference a line: a document, a URL, a meeting. Esc saves.", classes="muted"
            )
            text = "\n".join(self.evidence)
            area = ShownTextArea(text + ("\n" if text else ""), id="evidence-text", soft_wrap=True)
            area.cursor_blink = self.cursor_blink
            yield area
            with Horizontal(classes="buttons"):
                yield Button("Save (Esc)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def lines(self) -> tuple[str, ...]:
        text = self.query_one(TextArea).text
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    def action_save(self) -> None:
        self.dismiss(self.lines())

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.lines() if event.button.id == "save" else None)
