"""One line of input, as a modal: a file name, a reason."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..shown import ShownInput, block


class PromptScreen(ModalScreen[str | None]):
    CSS_PATH: ClassVar[CSSPathType] = ["modal.tcss", "prompt.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt-cancel")
    ]

    def __init__(
        self, question: str, value: str = "", *, ok: str = "OK", cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self.question, self.value, self.ok = question, value, ok
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(block(self.question), classes="question")
            field = ShownInput(self.value, id="answer", select_on_focus=False)
            field.cursor_blink = self.cursor_blink
            yield field
            with Horizontal(classes="buttons"):
                yield Button(f"{self.ok} (Enter)", variant="primary", id="ok")
                yield Button("Cancel (Esc)", id="cancel")

    @on(Input.Submitted)
    def submitted(self) -> None:
        self._finish(True)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self._finish(event.button.id == "ok")

    def _finish(self, ok: bool) -> None:
        value = self.query_one(Input).value.strip()
        self.dismiss(value if ok and value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
