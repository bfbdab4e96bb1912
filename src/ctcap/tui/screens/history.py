"""A country's rounds over time: area scores as a table and a chart; any two compared."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static, TabbedContent, TabPane

from ..messages import HistoryLoaded, OperationFailed
from ..shown import block, line
from ..widgets.glyphs import percent_text, score_text
from ..widgets.round_chart import RoundChart

if TYPE_CHECKING:
    from ctcap.reports.history_model import HistoryTrack

    from ..services import Services
    from ..views import HistoryData, RoundData

# Column widths: a longer title is cut (``ctcap.text.cut``), ending in "…".
AREA_WIDTH, ITEM_WIDTH, LEVEL_WIDTH = 24, 30, 16
ARROWS = {1: Text("▲ better", "bold green"), -1: Text("▼ worse", "bold red"), 0: Text("changed")}


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tab('table')", "Table", id="history-table"),
        Binding("c", "tab('chart')", "Chart", id="history-chart"),
        Binding("d", "tab('compare')", "Compare", id="history-compare"),
        Binding("q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, country: str, checklist_id: str | None) -> None:
        super().__init__()
        self.services = services
        self.country = country
        self.checklist_id = checklist_id
        self.history: HistoryData | None = None

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests and benchmarks wait for this."""
        return self.history is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-title")
        with TabbedContent(initial="table", id="tabs"):
            with TabPane("Table", id="table"):
                yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
            with TabPane("Chart", id="chart"), VerticalScroll():
                yield RoundChart(id="round-chart")
            with TabPane("Compare", id="compare"):
                with Horizontal(id="pickers"):
                    yield Select[int]([], prompt="From round", id="from", compact=True)
                    yield Static(" → ", id="arrow")
                    yield Select[int]([], prompt="To round", id="to", compact=True)
                yield Static(id="compare-summary")
                yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tabs").loading = True
        self.services.database.load_history(self, self.country, self.checklist_id)

    @on(OperationFailed)
    def failed(self, message: OperationFailed) -> None:
        self.query_one("#tabs").loading = False
        self.query_one("#history-title", Static).update(block(message.reason, "bold red"))

    @on(HistoryLoaded)
    def loaded(self, message: HistoryLoaded) -> None:
        history = self.history = message.history
        rounds, track = history.rounds, history.track
        self.sub_title = f"{history.mark} · History: {history.country_name}"
        title = f"{history.country_name} ({history.country_code}) · "
        title += f"{track.checklist_title} · {len(rounds)} round(s)"
        self.query_one("#history-title", Static).update(line(title))
        self._fill_table(track)
        self.query_one(RoundChart).set_track(track)
        options = [(self._round_name(r), n) for n, r in enumerate(rounds)]
        before, after = self.query_one("#from", Select), self.query_one("#to", Select)
        before.set_options(options)
        after.set_options(options)
        if len(rounds) >= 2:
            before.value, after.value = len(rounds) - 2, len(rounds) - 1
        self._compare()
        self.query_one("#tabs").loading = False

    @staticmethod
    def _round_name(data: RoundData) -> str:
        mark = "final" if data.info.is_final else "draft"
        return f"{data.info.as_of.isoformat()} ({mark})"

    def _fill_table(self, track: HistoryTrack) -> None:
        table = self.query_one("#rounds", DataTable)
        table.clear(columns=True)
        table.add_column("Area", key="area", width=AREA_WIDTH)
        points = track.rounds
        for n, point in enumerate(points):
            mark = "✓" if point.round.status == "final" else "…"
            table.add_column(f"{point.round.as_of.isoformat()}{mark}", key=f"r{n}", width=11)
        if not points:
            return
        table.add_row("Overall", *(score_text(p.overall) for p in points), key="overall")
        table.add_row("Completion", *(percent_text(p.completion) for p in points), key="done")
        for area in track.areas:
            cells = [score_text(p.area_score(area.area_id)) for p in points]
            table.add_row(line(area.title, AREA_WIDTH), *cells, key=area.area_id)

    @on(Select.Changed)
    def picked(self) -> None:
        self._compare()

    def _compare(self) -> None:
        from ctcap.domain.answers import response_label
        from ctcap.domain.compare import compare_rounds

        table = self.query_one("#changes", DataTable)
        table.clear(columns=True)
        summary = self.query_one("#compare-summary", Static)
        before = self.query_one("#from", Select).value
        after = self.query_one("#to", Select).value
        if self.history is None or not isinstance(before, int) or not isinstance(after, int):
            summary.update("Choose two rounds to compare.")
            return
        old, new = self.history.rounds[before], self.history.rounds[after]
        found = compare_rounds(old.checklist, old.responses, new.checklist, new.responses)
        summary.update(
            f"{len(found.improved)} better · {len(found.regressed)} worse · "
            f"{len(found.changed)} changed · {len(found.added)} added · "
            f"{len(found.removed)} removed · {len(found.reworded)} reworded"
        )
        table.add_column("Item", key="item", width=ITEM_WIDTH)
        table.add_column("Before", key="before", width=LEVEL_WIDTH)
        table.add_column("After", key="after", width=LEVEL_WIDTH)
        table.add_column("", key="direction", width=9)
        for change in found.changed:
            item = new.checklist.item(change.item_id)
            table.add_row(
                line(item.title, ITEM_WIDTH),
                line(response_label(change.before, old.checklist.scale), LEVEL_WIDTH),
                line(response_label(change.after, new.checklist.scale), LEVEL_WIDTH),
                ARROWS[change.direction],
                key=change.item_id,
            )

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()
