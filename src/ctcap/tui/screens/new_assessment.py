"""Starting an assessment: country, checklist, as-of date and assessor."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ctcap.text import shown_line

from ..shown import ShownInput, line
from ..views import ChecklistChoice, NewAssessment


class NewAssessmentScreen(ModalScreen[NewAssessment | None]):
    CSS_PATH: ClassVar[CSSPathType] = ["modal.tcss", "new_assessment.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new-cancel"),
        Binding("ctrl+s", "create", "Create", id="new-create"),
    ]

    def __init__(
        self,
        *,
        countries: dict[str, str],
        checklists: list[ChecklistChoice],
        country: str | None,
        as_of: date,
        assessor: str,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.countries = countries
        self.checklists = checklists
        self.country = country if country in countries else None
        self.as_of = as_of
        self.assessor = assessor
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        # Options as Text: a Select parses a str as markup.
        countries = [(line(f"{name} ({code})"), code) for code, name in self.countries.items()]
        countries.sort(key=lambda option: option[0].plain.casefold())
        checklists = [(line(f"{c.title} ({c.id} {c.version})"), c.id) for c in self.checklists]
        with Vertical(classes="dialog wide"):
            yield Static("New assessment", classes="question")
            with Grid(id="fields"):
                yield Label("Country")
                yield Select(
                    countries,
                    value=self.country if self.country else Select.NULL,
                    prompt="Choose a country",
                    id="country",
                    compact=True,
                )
                yield Label("Checklist")
                yield Select(
                    checklists,
                    value=checklists[0][1] if len(checklists) == 1 else Select.NULL,
                    prompt="Choose a checklist",
                    id="checklist",
                    compact=True,
                )
                yield Label("As of")
                yield ShownInput(
                    self.as_of.isoformat(), placeholder="YYYY-MM-DD", id="as-of", compact=True
                )
                yield Label("Assessor")
                yield ShownInput(self.assessor, id="assessor", compact=True)
            yield Static(id="error")
            with Horizontal(classes="buttons"):
                yield Button("Create (ctrl+s)", variant="primary", id="create")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.cursor_blink
        first = "#checklist" if self.country else "#country"
        self.query_one(first, Select).focus()

    def request(self) -> NewAssessment | str:
        """The request, or what is wrong with the form."""
        country = self.query_one("#country", Select).value
        checklist = self.query_one("#checklist", Select).value
        if not isinstance(country, str):
            return "Choose a country."
        if not isinstance(checklist, str):
            return "Choose a checklist."
        text = self.query_one("#as-of", Input).value.strip()
        try:
            as_of = date.fromisoformat(text)
        except ValueError:
            return f"As of: {shown_line(text, 40)!r} is not a date (YYYY-MM-DD)."
        assessor = self.query_one("#assessor", Input).value.strip()
        if not assessor:
            return "Give the assessor's name."
        return NewAssessment(country, checklist, as_of, assessor)

    def action_create(self) -> None:
        result = self.request()
        if isinstance(result, str):
            self.query_one("#error", Static).update(line(result))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_create()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.dismiss(None)
