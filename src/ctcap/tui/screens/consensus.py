"""The lead's decision on one item, as a modal: the panel's answer and its own rationale."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ctcap.domain.answers import Special, response_label
from ctcap.text import shown_line

from ..panel_views import ConsensusChoice

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Scale
    from ctcap.reports.agreement_model import AgreementLine


class ConsensusScreen(ModalScreen[ConsensusChoice | None]):
    CSS_PATH: ClassVar[CSSPathType] = ["modal.tcss", "consensus.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="consensus-cancel"),
        Binding("ctrl+s", "save", "Record", id="consensus-save"),
    ]

    def __init__(self, line: AgreementLine, scale: Scale, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.line, self.scale = line, scale
        self.options: list[Response] = [*scale.values, Special.NOT_APPLICABLE,
                                         Special.NO_INFORMATION]  # fmt: skip
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        line = self.line
        answers = ", ".join(
            f"{shown_line(member, 20)} {response_label(response, self.scale)}"
            for member, response in line.agreement.answers
        )
        with Vertical(classes="dialog wide"):
            yield Static(Text(f"Consensus: {shown_line(line.title, 60)}"), classes="question")
            yield Static(Text(f"Members: {answers}"), classes="muted", id="members-said")
            with RadioSet(id="levels", compact=True):
                for response in self.options:
                    chosen = line.consensus is not None and line.consensus.response == str(response)
                    yield RadioButton(response_label(response, self.scale), value=chosen)
            yield Static("Why the panel settled on it (recorded with the answer):", classes="muted")
            field = Input(id="why", placeholder="rationale", select_on_focus=False, compact=True)
            field.cursor_blink = self.cursor_blink
            yield field
            with Horizontal(classes="buttons"):
                yield Button("Record (ctrl+s)", variant="primary", id="ok", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        index = self.query_one(RadioSet).pressed_index
        why = self.query_one(Input).value.strip()
        if index < 0:
            self.notify("Choose the panel's answer first.", severity="warning")
            return
        if not why:
            self.notify("A consensus answer needs its own rationale.", severity="warning")
            self.query_one(Input).focus()
            return
        self.dismiss(ConsensusChoice(self.line.item_id, self.options[index], why))

    def action_cancel(self) -> None:
        self.dismiss(None)
