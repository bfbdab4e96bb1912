"""Countries: every country at a glance, assessed ones first. The first screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from ctcap.text import shown_line

from ..messages import CountriesLoaded
from ..shown import ShownInput, block, line
from ..widgets.glyphs import percent_text, score_text, sparkline
from ..widgets.marks import mark_text

if TYPE_CHECKING:
    from ..services import Services
    from ..views import CountrySummary

NAME_WIDTH = 22  # a longer name is cut, ending in "…"
COLUMNS = (
    ("Code", 4),
    ("Country", NAME_WIDTH),
    ("Score", 5),
    ("Done", 5),
    ("Trend", 8),
    ("Status", 8),
    ("Mark", 12),
)


class CountryTable(DataTable[str | Text]):
    """Type a letter that is not a key binding, and it goes to the filter."""

    class TypedAhead(Message):
        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def on_key(self, event: events.Key) -> None:
        # Type-ahead text, not commands: every command here is a remappable Binding, and
        # only printable keys that no binding claims are forwarded to the filter.
        character = event.character
        if not character or not event.is_printable or event.key in self.screen.active_bindings:
            return
        if character.isalnum() or character in " -'().":
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(character))


class CountriesScreen(Screen[None]):
    CSS_PATH = "countries.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New assessment", id="new-assessment"),
        Binding("h", "history", "History", id="history"),
        Binding("g", "gap_report", "Gap report", id="gap-report"),
        Binding("p", "projects", "Projects", id="projects"),
        Binding("a", "assistance", "Assistance", id="assistance"),
        Binding("slash", "filter", "Filter", id="filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", id="clear-filter", show=False),
        Binding("q", "back", "Quit", id="back"),
        Binding("question_mark", "app.help", "Keys", id="countries-help", key_display="?"),
        Binding("down", "into_list(1)", "Into the list", id="into-list", show=False),
        Binding("up", "into_list(-1)", "Into the list", id="into-list-up", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.summaries: list[CountrySummary] = []
        self._shown: list[str] = []
        self._loaded = False  # the database's list (not only the last session's copy)
        self._shown_any = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield ShownInput(
            placeholder="Type a country name or code to filter", id="filter", select_on_focus=False
        )
        table = CountryTable(id="countries", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        yield table
        yield Static("Opening the database…", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.services.cursor_blink
        self.query_one(CountryTable).focus()

    def on_screen_resume(self) -> None:
        if self._loaded and self.services.database.is_open:
            self.services.database.load_countries(self, self.services.iso_countries)

    # Called by the app ------------------------------------------------------------------

    def database_ready(self) -> None:
        self.query_one("#status", Static).update("Loading the countries…")

    def database_failed(self, reason: str) -> None:
        self.query_one("#status", Static).update(block(f"Database error: {reason}", "bold red"))

    @on(CountriesLoaded)
    def countries_loaded(self, message: CountriesLoaded) -> None:
        if message.cached and self._loaded:
            return  # the database's list is here already
        first_load = not self._shown_any
        self._shown_any = True
        self._loaded = self._loaded or not message.cached
        if message.summaries != self.summaries or first_load:
            self.summaries = message.summaries
            self.fill(message.recent_code if first_load else self.highlighted_code())
        assessed = sum(1 for s in self.summaries if s.assessed)
        self.query_one("#status", Static).update(
            f"{assessed} countries assessed · {len(self.summaries)} countries · "
            + (
                "as the last session left them; reading the database…"
                if message.cached
                else "Enter opens · n starts a new assessment"
            )
        )

    # The table ----------------------------------------------------------------------------

    def _row(self, summary: CountrySummary) -> list[str | Text]:
        if not summary.assessed:
            code, name = line(summary.code, 4, "dim"), line(summary.name, NAME_WIDTH, "dim")
            return [code, name, *[""] * 5]
        status = shown_line(summary.status or "")
        if summary.rounds > 1:
            status += f" ×{summary.rounds}"
        return [
            line(summary.code, 4, "bold"),
            line(summary.name, NAME_WIDTH),
            Text(score_text(summary.overall), justify="right"),
            Text(percent_text(summary.completion), justify="right"),
            Text(sparkline(summary.trend), "bold"),
            Text(status, "green" if summary.status == "final" else ""),
            mark_text(summary.mark),
        ]

    def fill(self, focus: str | None = None) -> None:
        table = self.query_one(CountryTable)
        needle = self.query_one("#filter", Input).value.strip().casefold()
        table.clear()
        self._shown = []
        for summary in self.summaries:
            if (
                needle
                and needle not in summary.name.casefold()
                and needle not in summary.code.casefold()
            ):
                continue
            table.add_row(*self._row(summary), key=summary.code)
            self._shown.append(summary.code)
        if focus in self._shown:
            table.move_cursor(row=self._shown.index(focus), animate=False)

    def highlighted_code(self) -> str | None:
        table = self.query_one(CountryTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def highlighted(self) -> CountrySummary | None:
        code = self.highlighted_code()
        return next((s for s in self.summaries if s.code == code), None)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.services.open_country(event.row_key.value)

    # Filtering --------------------------------------------------------------------------

    @on(CountryTable.TypedAhead)
    def typed_ahead(self, message: CountryTable.TypedAhead) -> None:
        field = self.query_one("#filter", Input)
        field.focus()
        field.insert_text_at_cursor(message.character)

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.fill(self.highlighted_code())
        if self._shown:
            self.query_one(CountryTable).move_cursor(row=0, animate=False)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        code = self.highlighted_code()
        self.query_one(CountryTable).focus()
        if code is not None:
            self.services.open_country(code)

    def action_into_list(self, step: int) -> None:
        """Down or Up in the filter: into the list, one row on."""
        table = self.query_one(CountryTable)
        table.focus()
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    # Actions ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
        self.query_one(CountryTable).focus()

    def action_new(self) -> None:
        self.services.new_assessment(self.highlighted_code())

    def action_history(self) -> None:
        summary = self.highlighted()
        if summary is None or not summary.assessed:
            self.notify("No assessments for this country yet.", severity="warning")
            return
        self.services.open_history(summary.code, summary.checklist_id)

    def action_gap_report(self) -> None:
        summary = self.highlighted()
        if summary is None or summary.assessment_id is None:
            self.notify("No assessments for this country yet.", severity="warning")
            return
        self.services.open_gap_report(summary.assessment_id)

    def action_projects(self) -> None:
        code = self.highlighted_code()
        if code is not None:
            self.services.open_projects(code)

    def action_assistance(self) -> None:
        self.services.open_assistance()

    async def action_back(self) -> None:
        await self.app.action_quit()
