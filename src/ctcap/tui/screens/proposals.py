"""Proposals from published data for the open assessment: accept, edit or reject each.

Every rule is storage's: a proposal never overwrites an answer and never finalizes, and a
final round takes none. What storage refuses is shown as a notification and nothing
changes. Dismissed with True when anything was decided, so the scoring screen reloads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ctcap.domain.answers import Special
from ctcap.text import for_terminal, shown_line

from ..messages import ProposalDecided, ProposalRefused, ProposalsAcceptedAll, ProposalsLoaded

if TYPE_CHECKING:
    from ctcap.domain.answers import Response

    from ..services import Services
    from ..views import ProposalsView, ProposalView

COLUMNS = (("Item", 22), ("Proposed", 18), ("Source", 10), ("Data", 8), ("Row", 8))
SPECIALS = {"x": Special.NOT_APPLICABLE, "na": Special.NOT_APPLICABLE}
SPECIALS |= {"?": Special.NO_INFORMATION, "unknown": Special.NO_INFORMATION}


def parse_level(text: str, levels: tuple[int, ...]) -> Response | None:
    """What the assessor typed for an edited proposal: a level of the scale, x or ?."""
    key = text.strip().lower()
    if key in SPECIALS:
        return SPECIALS[key]
    return int(key) if key.isdigit() and int(key) in levels else None


class ProposalsScreen(Screen[bool]):
    CSS_PATH = "proposals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", id="proposal-accept"),
        Binding("A", "accept_all", "Accept all", id="proposal-accept-all"),
        Binding("e", "edit", "Edit level", id="proposal-edit"),
        Binding("r", "reject", "Reject", id="proposal-reject"),
        Binding("q,escape", "back", "Back", id="proposals-back"),
    ]

    def __init__(self, services: Services, assessment_id: int) -> None:
        super().__init__()
        self.services = services
        self.database = services.database
        self.assessment_id = assessment_id
        self.view: ProposalsView | None = None
        self.decided = False  # anything accepted, edited or rejected: the caller reloads

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests wait for this."""
        return self.view is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="proposals-title")
        table: DataTable[str | Text] = DataTable(id="proposals", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        yield table
        with VerticalScroll(id="proposal-pane"):
            yield Static("", id="proposal-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Proposals from published data"
        self.query_one("#proposals").loading = True
        self.database.load_proposals(self, self.assessment_id)

    # What the database client reports -----------------------------------------------------

    @on(ProposalsLoaded)
    def loaded(self, message: ProposalsLoaded) -> None:
        focus = self.focused_proposal()
        self.view = view = message.view
        pending = len(view.proposals)
        final = " · final: it takes no proposals" if view.is_final else ""
        self.query_one("#proposals-title", Static).update(
            Text(f"{pending} pending{final} · {shown_line(view.title, 90)}")
        )
        table = self.query_one("#proposals", DataTable)
        table.clear()
        for proposal in view.proposals:
            table.add_row(*self._row(proposal), key=proposal.item_id)
        codes = [p.item_id for p in view.proposals]
        if focus is not None and focus.item_id in codes:
            table.move_cursor(row=codes.index(focus.item_id), animate=False)
        table.loading = False
        table.focus()
        self._show_detail()

    def _row(self, proposal: ProposalView) -> list[str | Text]:
        item = Text()
        if proposal.answer_now is not None:
            item.append("● ", "yellow")  # answered already: accepting is refused
        item.append(shown_line(proposal.item_id, 40))
        return [
            item,
            Text(shown_line(proposal.proposed, 40)),
            Text(shown_line(proposal.source, 40)),
            Text(shown_line(proposal.data_date, 20)),
            Text(shown_line(proposal.rows, 40)),
        ]

    @on(ProposalDecided)
    def decided_one(self, message: ProposalDecided) -> None:
        self.decided = True
        what = f"answer {message.written}" if message.written else message.status
        self.notify(
            shown_line(f"{message.item_id}: {what}"),
            title=f"Proposal {message.status}",
            markup=False,
        )
        self.database.load_proposals(self, self.assessment_id)

    @on(ProposalsAcceptedAll)
    def accepted_all(self, message: ProposalsAcceptedAll) -> None:
        self.decided = self.decided or bool(message.accepted)
        text = f"{len(message.accepted)} accepted, {len(message.left)} left pending"
        for item_id, why in message.left[:3]:
            text += f"\n{shown_line(f'{item_id}: {why}', 120)}"
        if message.left:
            self.notify(text, title="Accept all", severity="warning", markup=False)
        else:
            self.notify(text, title="Accept all", markup=False)
        self.database.load_proposals(self, self.assessment_id)

    @on(ProposalRefused)
    def refused(self, message: ProposalRefused) -> None:
        self.notify(
            shown_line(message.reason), title="Refused", severity="error", timeout=15, markup=False
        )
        self.database.load_proposals(self, self.assessment_id)

    # The focused proposal ---------------------------------------------------------------

    def focused_proposal(self) -> ProposalView | None:
        if self.view is None or not self.view.proposals:
            return None
        row = self.query_one("#proposals", DataTable).cursor_row
        return self.view.proposals[row] if 0 <= row < len(self.view.proposals) else None

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        proposal = self.focused_proposal()
        detail = self.query_one("#proposal-detail", Static)
        if proposal is None:
            detail.update(Text("No pending proposals for this assessment.", "dim"))
            return
        text = Text()
        text.append(for_terminal(proposal.item_title), "bold")
        text.append(f"  {shown_line(proposal.item_id)}\n", "dim")
        text.append("Proposed: ").append(shown_line(proposal.proposed), "bold")
        text.append(f"\nFrom {shown_line(proposal.source)}, mapping {shown_line(proposal.mapping)}")
        text.append(f"\nFile {shown_line(proposal.file_name)} (sha256 ")
        text.append(shown_line(proposal.file_sha256), "dim").append(")")
        for line in proposal.evidence:
            text.append(f"\n  {shown_line(line)}")
        if proposal.why:
            text.append(f"\nWhy: {for_terminal(proposal.why)}")
        if proposal.answer_now is not None:
            text.append(
                f"\nAnswered already: {shown_line(proposal.answer_now)}. A proposal never "
                "overwrites an answer: reject it, or change the answer on the scoring screen.",
                "yellow",
            )
        detail.update(text)

    # Deciding ---------------------------------------------------------------------------

    def _decidable(self) -> ProposalView | None:
        proposal = self.focused_proposal()
        if proposal is None:
            self.notify("No proposal here.", severity="warning")
        return proposal

    def action_accept(self) -> None:
        if (proposal := self._decidable()) is not None:
            self.database.decide_proposal(self, self.assessment_id, proposal.item_id, "accept")

    def action_accept_all(self) -> None:
        if self.view is None or not self.view.proposals:
            self.notify("No proposal here.", severity="warning")
            return
        from .confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.database.accept_all_proposals(self, self.assessment_id)

        question = (
            f"Accept the {len(self.view.proposals)} pending proposal(s)? Items that have an "
            "answer keep it: their proposals stay pending."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Accept all", no="Cancel"), confirmed)

    def action_edit(self) -> None:
        proposal, view = self._decidable(), self.view
        if proposal is None or view is None:
            return
        from .prompt import PromptScreen

        levels = ", ".join(str(n) for n in view.levels)

        def chosen(typed: str | None) -> None:
            if typed is None:
                return
            response = parse_level(typed, view.levels)
            if response is None:
                self.notify(f"Not a level: use {levels}, x or ?", severity="error")
                return
            self.database.decide_proposal(
                self, self.assessment_id, proposal.item_id, "edit", response=response
            )

        prompt = PromptScreen(
            f"Score {proposal.item_id} instead of the proposed level ({levels}, x N/A, "
            "? no information):",
            ok="Write",
            cursor_blink=self.services.cursor_blink,
        )
        self.app.push_screen(prompt, chosen)

    def action_reject(self) -> None:
        if (proposal := self._decidable()) is None:
            return
        from .prompt import PromptScreen

        def chosen(reason: str | None) -> None:
            if reason and reason.strip():
                self.database.decide_proposal(
                    self, self.assessment_id, proposal.item_id, "reject", reason=reason.strip()
                )

        prompt = PromptScreen(
            f"Reject the proposal for {proposal.item_id}. Why (kept in the proposal log)?",
            ok="Reject",
            cursor_blink=self.services.cursor_blink,
        )
        self.app.push_screen(prompt, chosen)

    def action_back(self) -> None:
        self.dismiss(self.decided)
