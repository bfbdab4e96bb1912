"""A round's panel and its review: members and their progress, reveal, agreement,
consensus, and the four-eyes steps.

Before the lead reveals, the screen shows how many items each member has answered and
nothing of what. After reveal it shows the agreement report (``reports.agreement``:
alpha overall and per area with its interval, the items that most need discussion,
ranked, with every member's answer), and the lead adopts the unanimous items in one
step or records the panel's answer to an item with its own rationale. Every step is
storage's: a refused one (revealing twice, approving one's own round…) comes back as
its one-line reason, shown as a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ctcap.text import shown_line

from ..messages import OperationFailed, PanelLoaded, PanelStepDone
from .panel_tables import fill_items, fill_members, item_lines, summary_lines, title_line

if TYPE_CHECKING:
    from ..panel_views import ConsensusChoice, PanelData
    from ..services import Services


class PanelScreen(Screen[None]):
    CSS_PATH = "panel.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "reveal", "Reveal", id="panel-reveal"),
        Binding("a", "adopt", "Adopt unanimous", id="panel-adopt"),
        Binding("c", "consensus", "Consensus", id="panel-consensus"),
        Binding("s", "submit", "Submit", id="review-submit"),
        Binding("n", "request_changes", "Send back", id="review-request-changes"),
        Binding("y", "approve", "Approve", id="review-approve"),
        Binding("t", "toggle_items", "All items", id="panel-all-items"),
        Binding("r", "refresh", "Refresh", id="panel-refresh"),
        Binding("q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, assessment_id: int) -> None:
        super().__init__()
        self.services = services
        self.database = services.database
        self.assessment_id = assessment_id
        self.data: PanelData | None = None
        self.every_item = False

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests and benchmarks wait for this."""
        return self.data is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="panel-title")
        with Horizontal(id="panel-top"):
            yield DataTable(id="members", cursor_type="none", zebra_stripes=True)
            with VerticalScroll(id="summary-pane"):
                yield Static(id="summary")
        yield Static(id="items-caption")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Panel and review"
        self.query_one("#panel-top").loading = True
        self.database.load_panel(self, self.assessment_id)

    # What the database client reports -----------------------------------------------

    @on(PanelLoaded)
    def loaded(self, message: PanelLoaded) -> None:
        data = self.data = message.data
        self.sub_title = f"Panel and review · {data.checklist_title}"
        self.query_one("#panel-title", Static).update(title_line(data))
        fill_members(self.query_one("#members", DataTable), data)
        self.query_one("#summary", Static).update(summary_lines(data))
        self._show_items()
        self.query_one("#panel-top").loading = False
        self.refresh_bindings()

    def _show_items(self) -> None:
        data, table = self.data, self.query_one("#items", DataTable)
        caption = self.query_one("#items-caption", Static)
        report = data.agreement if data is not None else None
        table.display = report is not None
        if report is None:
            caption.update("")
            return
        lines = item_lines(data, self.every_item) if data is not None else ()
        fill_items(table, report, lines)
        what = "Every item" if self.every_item else "Most in need of discussion"
        empty = " · none: every item is unanimous" if not lines else ""
        caption.update(f"{what} ({len(lines)}) · c: record the panel's answer{empty}")
        table.focus()

    @on(PanelStepDone)
    def step_done(self, message: PanelStepDone) -> None:
        self.notify(shown_line(message.summary), title=message.title, markup=False)
        self.database.load_panel(self, self.assessment_id)

    @on(OperationFailed)
    def step_failed(self, message: OperationFailed) -> None:
        # The app shows the reason; here the screen only stops waiting.
        self.query_one("#panel-top").loading = False

    # The steps ----------------------------------------------------------------------

    def _confirm(self, question: str, then: str, go: Callable[[], None]) -> None:
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                go()

        self.app.push_screen(ConfirmScreen(question, yes=then, no="Cancel"), answered)

    def action_reveal(self) -> None:
        data = self.data
        if data is None:
            return
        reveal = partial(self.database.reveal_panel, self, self.assessment_id)
        if data.panel is None or data.revealed or not data.is_lead:
            reveal()  # storage refuses it, saying why: no question to ask first
            return
        unanswered = [m.member for m in data.panel.members if m.answered < data.items]
        waiting = f" Not every member has answered every item ({', '.join(unanswered)})." if (
            unanswered
        ) else ""  # fmt: skip
        question = (
            f"Reveal every member's answers to the panel?{waiting} Members' answers close: "
            "this is done once."
        )
        self._confirm(question, "Reveal", reveal)

    def action_adopt(self) -> None:
        data = self.data
        report = data.agreement if data is not None else None
        adopt = partial(self.database.adopt_unanimous, self, self.assessment_id)
        if report is None or not data or not data.is_lead or not report.adoptable:
            adopt()  # refused (or nothing to adopt): storage says so
            return
        question = f"Adopt the {len(report.adoptable)} unanimous item(s) as the panel's answers?"
        self._confirm(question, "Adopt", adopt)

    def action_consensus(self) -> None:
        data = self.data
        report = data.agreement if data is not None else None
        table = self.query_one("#items", DataTable)
        if report is None or table.row_count == 0:
            self.notify("Nothing to decide yet: the panel is not revealed.", severity="warning")
            return
        item_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        line = next(line for line in report.lines if line.item_id == item_id)
        from .consensus import ConsensusScreen

        def decided(choice: ConsensusChoice | None) -> None:
            if choice is not None:
                self.database.record_consensus(self, self.assessment_id, choice)

        screen = ConsensusScreen(
            line, report.checklist.scale, cursor_blink=self.services.cursor_blink
        )
        self.app.push_screen(screen, decided)

    def action_submit(self) -> None:
        self.database.submit_review(self, self.assessment_id)

    def action_request_changes(self) -> None:
        from .prompt import PromptScreen

        def noted(note: str | None) -> None:
            if note:
                self.database.request_changes(self, self.assessment_id, note)

        prompt = PromptScreen(
            "Send the round back to its assessors. What should change?",
            ok="Send back",
            cursor_blink=self.services.cursor_blink,
        )
        self.app.push_screen(prompt, noted)

    def action_approve(self) -> None:
        approve = partial(self.database.approve_review, self, self.assessment_id)
        data = self.data
        if data is None or data.review.state != "in_review":
            approve()  # refused: storage says why
            return
        self._confirm(
            "Approve this round? You confirm you did not score it; then it can be finalized.",
            "Approve",
            approve,
        )

    def action_toggle_items(self) -> None:
        self.every_item = not self.every_item
        self._show_items()

    def action_refresh(self) -> None:
        self.database.load_panel(self, self.assessment_id)

    def action_back(self) -> None:
        self.app.pop_screen()
