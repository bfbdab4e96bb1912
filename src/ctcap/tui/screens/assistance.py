"""Need against assistance over the portfolio: per country × assistance area, the gap
priority's share against the share of money committed and disbursed there.

Under- and over-served rows, unserved gaps and items several donors address at once are
marked as in the reports (▼ ▲ ✗ ⚑); ``f`` keeps only the rows that stand out. Enter (or
``p``) opens the highlighted country's projects. The several-donors list shows each
project's handling mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from ctcap.reports.assistance_model import Served
from ctcap.text import shown_line

from ..messages import FileExported, NeedLoaded, OperationFailed
from ..widgets.marks import mark_text

if TYPE_CHECKING:
    from ctcap.reports.assistance_model import NeedAgainstAssistance, NeedRow, RegionRow

    from ..services import Services

ROW_COLUMNS = (("Country", 18), ("Area", 22), ("Served", 15), ("Donors", 9), ("Need", 6),
               ("Share", 6), ("Ratio", 6), ("Committed", 14), ("Disbursed", 14),
               ("Projects", 8))  # fmt: skip
AREA_COLUMNS = (("Area", 30), ("Need", 6), ("Committed", 16), ("Share", 6), ("Disbursed", 16),
                ("Share", 6), ("Projects", 8), ("Countries", 9))  # fmt: skip
OVERLAP_COLUMNS = (("Country", 18), ("Item", 30), ("Donor", 20), ("Project", 16),
                   ("Mark", 16), ("Dates", 23))  # fmt: skip
SERVED_STYLES = {Served.OVER: "bold blue", Served.UNDER: "bold yellow", Served.UNSERVED: "bold red"}


def _table(id: str, columns: tuple[tuple[str, int], ...]) -> DataTable[str | Text]:
    table = DataTable[str | Text](id=id, cursor_type="row", zebra_stripes=True)
    for n, (label, width) in enumerate(columns):
        table.add_column(label, width=width, key=f"c{n}")
    return table


def _right(text: str) -> Text:
    return Text(text, justify="right")


class AssistanceScreen(Screen[None]):
    CSS_PATH = "assistance.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "only_flagged", "Stand out only", id="need-flagged"),
        Binding("p", "projects", "Projects", id="projects"),
        Binding("c", "tab('rows')", "Countries", id="need-rows"),
        Binding("b", "tab('areas')", "By area", id="need-areas"),
        Binding("d", "tab('donors')", "Several donors", id="need-donors"),
        Binding("s", "export", "Export", id="export"),
        Binding("q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.view: NeedAgainstAssistance | None = None
        self.only_flagged = False

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests wait for this."""
        return self.view is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="need-summary")
        with TabbedContent(initial="rows", id="need-tabs"):
            with TabPane("Countries × areas", id="rows"):
                yield _table("need-rows", ROW_COLUMNS)
            with TabPane("By area", id="areas"):
                yield _table("need-areas", AREA_COLUMNS)
            with TabPane("Several donors", id="donors"):
                yield _table("need-overlaps", OVERLAP_COLUMNS)
        yield Static(id="need-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Need against assistance"
        self.query_one("#need-tabs").loading = True
        self.services.database.load_need(self)

    @on(OperationFailed)
    def failed(self, message: OperationFailed) -> None:
        self.query_one("#need-tabs").loading = False
        self.query_one("#need-summary", Static).update(Text(message.reason, "bold red"))

    @on(NeedLoaded)
    def loaded(self, message: NeedLoaded) -> None:
        from ctcap.reports.render.assistance_text import money

        view = self.view = message.view
        summary = Text(f"Commitments in {view.currency}: ")
        summary.append(money(view.total_committed, view.currency), "bold")
        summary.append(f" · {view.projects} project(s), {view.cancelled} cancelled left out")
        summary.append(f" · {len(view.flagged)} row(s) stand out · ")
        summary.append(f"⚑ {len(view.overlaps)} item gap(s) with several donors", "bold magenta")
        if view.synthetic:
            summary.append(" · SYNTHETIC DATA", "bold red")
        self.query_one("#need-summary", Static).update(summary)
        note = f"▼ under-served: committed share < {view.under:g} × need share · ▲ over-served: "
        note += f"> {view.over:g} × · ✗ unserved: a gap, no project · + other currencies, "
        note += "not converted. Association, not attribution."
        self.query_one("#need-note", Static).update(note)
        self._fill_rows()
        self._fill_areas(view)
        self._fill_overlaps(view)
        self.query_one("#need-tabs").loading = False
        self.query_one("#need-rows", DataTable).focus()

    def _fill_rows(self) -> None:
        from ctcap.reports.render.assistance_text import STANDING_OUT

        view = self.view
        if view is None:
            return
        table = self.query_one("#need-rows", DataTable)
        table.clear()
        for row in view.rows:
            if not self.only_flagged or row.served in STANDING_OUT or row.several_donors:
                table.add_row(*self._row(row, view.currency),
                              key=f"{row.country_code}|{row.area or ''}")  # fmt: skip
        if self.only_flagged:
            return
        for region in view.regions:
            table.add_row(*self._region(region, view.currency), key=f"region|{region.region}")

    @staticmethod
    def _row(row: NeedRow, currency: str) -> list[str | Text]:
        from ctcap.reports.render.assistance_text import (
            area_title,
            money,
            served_label,
            several_donors,
            share,
            times,
        )

        committed = money(row.money.committed, currency)
        if row.other_currencies:
            committed += " +"
        return [
            Text(f"{row.country_code} {shown_line(row.country_name)}"),
            Text(area_title(row.area)),
            Text(served_label(row), SERVED_STYLES.get(row.served, "dim")),
            Text(several_donors(row), "bold magenta"),
            _right(share(row.need_share)),
            _right(share(row.committed_share)),
            _right(times(row.ratio)),
            _right(committed),
            _right(money(row.money.disbursed, currency)),
            _right(str(row.projects)),
        ]

    @staticmethod
    def _region(region: RegionRow, currency: str) -> list[str | Text]:
        from ctcap.reports.render.assistance_text import area_title, money

        return [
            Text(f"{shown_line(region.region)} (region)", "italic"),
            Text(area_title(region.area)),
            Text("regional", "dim"),
            "",
            _right("—"),
            _right("—"),
            _right("—"),
            _right(money(region.money.committed, currency)),
            _right(money(region.money.disbursed, currency)),
            _right(str(region.projects)),
        ]

    def _fill_areas(self, view: NeedAgainstAssistance) -> None:
        from ctcap.reports.render.assistance_text import area_title, money, share

        table = self.query_one("#need-areas", DataTable)
        table.clear()
        for a in view.areas:
            table.add_row(
                Text(area_title(a.area)),
                _right(share(a.need_share)),
                _right(money(a.committed, view.currency)),
                _right(share(a.committed_share)),
                _right(money(a.disbursed, view.currency)),
                _right(share(a.disbursed_share)),
                _right(str(a.projects)),
                _right(str(a.countries)),
            )

    def _fill_overlaps(self, view: NeedAgainstAssistance) -> None:
        table = self.query_one("#need-overlaps", DataTable)
        table.clear()
        for overlap in view.overlaps:
            for project in overlap.projects:
                table.add_row(
                    Text(f"{overlap.country_code} {shown_line(overlap.country_name)}"),
                    Text(f"⚑ {shown_line(overlap.item_title)}", "bold magenta"),
                    Text(shown_line(project.donor)),
                    Text(shown_line(project.identifier)),
                    mark_text(project.mark),
                    f"{project.start or '?'} – {project.end or '?'}",
                )

    # Actions ------------------------------------------------------------------------------

    def action_only_flagged(self) -> None:
        self.only_flagged = not self.only_flagged
        self._fill_rows()
        shown = "only the rows that stand out" if self.only_flagged else "every row"
        self.notify(f"Showing {shown}.")

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _highlighted_country(self) -> str | None:
        table = self.query_one("#need-rows", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        code = key.split("|")[0]
        return None if code == "region" else code

    def action_projects(self) -> None:
        code = self._highlighted_country()
        if code is None:
            self.notify("Choose a country's row first.", severity="warning")
            return
        self.services.open_projects(code)

    @on(DataTable.RowSelected, "#need-rows")
    def row_selected(self) -> None:
        self.action_projects()

    def action_export(self) -> None:
        view = self.view
        if view is None:
            self.notify("Still loading.", severity="warning")
            return
        from functools import partial

        from ctcap.reports.formats import render_need

        from .export_prompt import ask_to_export

        ask_to_export(self, self.services, "need against assistance",
                      "need-against-assistance.html", partial(render_need, view))  # fmt: skip

    @on(FileExported)
    def exported(self, message: FileExported) -> None:
        self.notify(message.path, title="Exported")

    def action_back(self) -> None:
        self.app.pop_screen()
