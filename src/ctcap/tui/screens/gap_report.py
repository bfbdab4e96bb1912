"""The current assessment's gap report as Markdown, exportable to a file."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from ctcap.text import for_terminal, shown_line

from ..messages import FileExported, GapReportLoaded, OperationFailed

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..services import Services
    from ..views import GapReportView


def report_parser() -> MarkdownIt:
    """Textual's parser without linkify: a URL in stored text stays text, never a link
    the terminal would open (the renderer escapes every other link syntax)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"linkify": False})


class GapReportScreen(Screen[None]):
    CSS_PATH = "gap_report.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "export", "Export", id="export"),
        Binding("q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, assessment_id: int) -> None:
        super().__init__()
        self.services = services
        self.assessment_id = assessment_id
        self.report: GapReportView | None = None

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests and benchmarks wait for this."""
        return self.report is not None

    @property
    def markdown(self) -> str:
        return self.report.markdown if self.report is not None else ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report-pane"):
            yield Markdown(id="report", open_links=False, parser_factory=report_parser)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Gap report"
        self.query_one("#report-pane").loading = True
        self.services.database.load_gap_report(self, self.assessment_id)

    @on(GapReportLoaded)
    async def loaded(self, message: GapReportLoaded) -> None:
        self.report = message.report
        self.sub_title = f"{shown_line(message.report.mark)} · Gap report"
        # The renderer escapes Markdown and controls in stored text; this guards the rest.
        await self.query_one(Markdown).update(for_terminal(message.report.markdown))
        pane = self.query_one("#report-pane")
        pane.loading = False
        pane.focus()

    @on(OperationFailed)
    async def failed(self, message: OperationFailed) -> None:
        from ctcap.reports.render.md.blocks import escape

        reason = for_terminal(escape(message.reason))
        await self.query_one(Markdown).update(f"**Could not build the report:** {reason}")
        self.query_one("#report-pane").loading = False

    def action_export(self) -> None:
        report = self.report
        if report is None:
            self.notify("The report is still loading.", severity="warning")
            return
        from .export_prompt import ask_to_export

        ask_to_export(self, self.services, "the gap report", report.file_name, report.render)

    @on(FileExported)
    def exported(self, message: FileExported) -> None:
        self.notify(message.path, title="Exported")

    def action_back(self) -> None:
        self.app.pop_screen()
