"""Scoring an assessment: areas → items on the left, the focused item on the right.

A key changes the screen at once (the ``ScoringSheet``); the database client writes the
answer and the screen shows "saved" only when the commit is reported. A failed write
is shown and the item reverts to what is stored; a write conflict, a finalize and a
reopen each reload the assessment.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from ctcap.domain.answers import Special

from ..book import READ_ONLY, ScoringSheet
from ..messages import (
    AnswerRejected,
    AnswerSaved,
    AssessmentFinalized,
    AssessmentLoaded,
    AssessmentReopened,
    ConflictKept,
)
from ..widgets.checklist_tree import ChecklistTree
from ..widgets.item_detail import ItemDetail, LevelRow, RationaleArea
from ..widgets.linked_projects import LinkedProjects
from ..widgets.proposal_note import ProposalNote
from ..widgets.top_line import TopLine
from .assessment_rounds import RoundKeys
from .assessment_support import SupportKeys

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.storage.records import AssessmentInfo

    from ..services import Services
    from ..views import WriteJob

SCORE_BINDINGS = [
    Binding(str(n), f"score({n})", f"Level {n}", show=False, id=f"score-{n}") for n in range(10)
]


class AssessmentScreen(SupportKeys, RoundKeys, Screen[None]):
    CSS_PATH = "assessment.tcss"
    # In footer order: at 80 columns the last ones fall off, and the scale pane shows x and ?.
    BINDINGS: ClassVar[list[BindingType]] = [
        *SCORE_BINDINGS,
        Binding("right_square_bracket", "unanswered(1)", "Next open", id="next-unanswered"),
        Binding("r", "rationale", "Rationale", id="rationale"),
        Binding("e", "evidence", "Evidence", id="evidence"),
        Binding("c", "confidence", "Confidence", show=False, id="confidence"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("f", "finalize", "Finalize", id="finalize"),
        Binding("o", "reopen", "Reopen", id="reopen"),
        Binding("h", "history", "History", id="history"),
        Binding("g", "gap_report", "Gaps", id="gap-report"),
        Binding("q", "back", "Back", id="back"),
        Binding("x", "special('na')", "N/A", id="not-applicable"),
        Binding("question_mark", "special('unknown')", "No info", id="no-information"),
        Binding("left_square_bracket", "unanswered(-1)", "Prev open", id="prev-unanswered"),
        Binding("a", "projects", "Assistance", id="projects"),
        Binding("j", "move(1)", "Down", show=False, id="down"),
        Binding("k", "move(-1)", "Up", show=False, id="up"),
        Binding("escape", "leave_editor", "Done editing", show=False, id="leave-editor"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding("K", "keep_ours", "Keep ours", show=False, id="keep-ours"),
        Binding("p", "proposals", "Proposals", show=False, id="proposals"),
        Binding("P", "panel", "Panel/review", show=False, id="panel"),
    ]

    def __init__(self, services: Services, assessment_id: int) -> None:
        super().__init__()
        self.services = services
        self.database = services.database
        self.assessment_id = assessment_id
        self.sheet: ScoringSheet | None = None  # once loaded
        self.item_id: str | None = None

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests and benchmarks wait for this."""
        return self.sheet is not None

    @property
    def info(self) -> AssessmentInfo | None:
        return self.sheet.info if self.sheet else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield TopLine(id="topline")
        with Horizontal(id="body"):
            yield ChecklistTree(id="tree")
            with VerticalScroll(id="detail-pane"):
                yield ProposalNote(id="proposal-note")
                yield ItemDetail(id="detail")
                yield LinkedProjects(id="linked-projects")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#body").loading = True
        self.query_one(RationaleArea).cursor_blink = self.services.cursor_blink
        self.database.load_assessment(self, self.assessment_id)

    @on(AssessmentLoaded)
    async def assessment_loaded(self, message: AssessmentLoaded) -> None:
        reload = self.sheet is not None
        sheet = self.sheet = ScoringSheet(message.bundle)
        info = sheet.info
        self.sub_title = (
            f"{sheet.bundle.mark} · {info.country_name} · {sheet.checklist.title} · "
            f"as of {info.as_of} · {info.assessment_type.label}"
        )
        if message.bundle.as_member:
            self.sub_title += " · your own answers, blind"
        tree = self.query_one(ChecklistTree)
        tree.build(sheet)
        await self.query_one(ItemDetail).set_scale(sheet.checklist.scale)
        self.item_id = sheet.start_item(self.item_id if reload else info.cursor_item_id)
        self.database.note_cursor(info.id, info.cursor_item_id)
        self.query_one(LinkedProjects).load(self.database, info.country_code, info.checklist_id)
        self.query_one("#body").loading = False
        tree.focus()
        tree.focus_item(self.item_id)
        self._show_focused()
        self._update_summary()
        self.refresh_bindings()

    # Drawing ------------------------------------------------------------------------------

    def _update_summary(self) -> None:
        if self.sheet is not None:
            self.query_one(TopLine).show_sheet(self.sheet)

    def _show_focused(self) -> None:
        if self.sheet is not None:
            tree = self.query_one(ChecklistTree)
            area_id = tree.area_of(tree.cursor_node)
            self.query_one(ItemDetail).show_from(self.sheet, area_id=area_id, item_id=self.item_id)
            self.query_one(LinkedProjects).show(None if area_id else self.item_id)
            self.query_one(ProposalNote).show(self.sheet.bundle.proposals.get(self.item_id or ""))

    def _refresh_item(self, item_id: str) -> None:
        """After a change to one item: its line, its area's, the top line, the pane."""
        assert self.sheet is not None
        self.query_one(ChecklistTree).relabel_item(self.sheet, item_id)
        self._update_summary()
        if item_id == self.item_id:
            self._show_focused()

    @on(Tree.NodeHighlighted)
    def node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        item_id = ChecklistTree.item_of(event.node)
        self._commit_rationale()
        if item_id is not None and item_id != self.item_id:
            self.item_id = item_id
            self.database.save_cursor(self.assessment_id, item_id)
        self._show_focused()

    # Changing answers ---------------------------------------------------------------------

    def _editable_item(self, then: str = "") -> str | None:
        """The focused item, if it can be changed now (``then``: and is answered); else
        say why not."""
        if self.sheet is None:
            return None
        tree = self.query_one(ChecklistTree)
        item_id = self.item_id if tree.item_of(tree.cursor_node) is not None else None
        refusal = self.sheet.refusal(item_id, then=then)
        if refusal is not None:
            self.notify(refusal, severity="warning")
            return None
        return item_id

    def _write(self, job: WriteJob | None) -> None:
        if job is not None:
            self.database.write_answer(self, job)
            self._refresh_item(job.item_id)

    def _respond(self, response: Response) -> None:
        item_id = self._editable_item()
        if item_id is None or self.sheet is None:
            return
        self._commit_rationale()
        state = replace(self.sheet.answers.state(item_id), response=response)
        self._write(self.sheet.change(item_id, state))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "score":
            return self.sheet is not None and parameters[0] in self.sheet.checklist.scale.values
        if action == "reopen":  # shown only on a final assessment
            return self.info is not None and self.info.is_final
        return True

    def action_score(self, level: int) -> None:
        self._respond(level)

    def action_special(self, value: str) -> None:
        self._respond(Special(value))

    @on(LevelRow.Chosen)
    def level_chosen(self, message: LevelRow.Chosen) -> None:
        value = message.value
        self._respond(Special(value) if isinstance(value, str) else value)

    def _commit_rationale(self) -> None:
        areas = self.query(RationaleArea)
        edit = areas.first().take_edit() if areas and self.sheet is not None else None
        if edit is None or self.sheet is None:
            return
        item_id, text = edit
        state = self.sheet.answers.state(item_id)
        if state.response is None:
            self.notify("Rationale not saved: score the item first.", severity="error")
            return
        self._write(self.sheet.change(item_id, replace(state, rationale=text.rstrip())))

    @on(RationaleArea.Committed)
    def rationale_committed(self) -> None:
        self._commit_rationale()

    def action_rationale(self) -> None:
        if self._editable_item(then="write why") is not None:
            area = self.query_one(RationaleArea)
            area.focus()
            self.call_after_refresh(lambda: area.move_cursor(area.document.end))

    def action_leave_editor(self) -> None:
        if isinstance(self.focused, RationaleArea):
            self._commit_rationale()
            self.query_one(ChecklistTree).focus()

    def action_undo(self) -> None:
        self._step_back(redo=False)

    def action_redo(self) -> None:
        self._step_back(redo=True)

    def _step_back(self, *, redo: bool) -> None:
        if self.sheet is None:
            return
        if not self.sheet.editable:
            self.notify(READ_ONLY, severity="warning")
            return
        self._commit_rationale()
        job = self.sheet.step_back(redo=redo)
        if job is None:
            self.notify("Nothing to redo." if redo else "Nothing to undo.")
            return
        self._write(job)
        self.jump_to_item(job.item_id)
        self.notify(self.sheet.step_note(job, redo=redo), title="Redone" if redo else "Undone")

    # What the database client reports -----------------------------------------------------

    @on(AnswerSaved)
    def answer_saved(self, message: AnswerSaved) -> None:
        if self.sheet is None or message.assessment_id != self.assessment_id:
            return
        if self.sheet.saved(message.job_id, message.record):
            self._refresh_item(message.item_id)
            return
        # The usual case: the save confirms what is on screen. Relabelling the tree
        # again would only compete with the next keypress.
        self._update_summary()
        if message.item_id == self.item_id:
            self._show_focused()

    @on(AnswerRejected)
    def answer_rejected(self, message: AnswerRejected) -> None:
        title = "Changed by another assessor" if message.conflict else "Not saved"
        self.notify(message.reason, title=title, severity="error", timeout=30)
        if self.sheet is None or message.assessment_id != self.assessment_id:
            return
        self.sheet.rejected(message.job_id, message.item_id, message.current)
        self._refresh_item(message.item_id)
        if message.conflict or message.finalized or message.closed:
            self.database.load_assessment(self, self.assessment_id)

    @on(ConflictKept)
    def conflict_kept(self, message: ConflictKept) -> None:
        if self.sheet is None or message.assessment_id != self.assessment_id:
            return
        self.sheet.conflicts.pop(message.item_id, None)
        self._refresh_item(message.item_id)
        self.notify(message.item_id, title="Kept this database's answer")

    # Finalized and reopened (the keys: assessment_rounds): each reloads the assessment ----

    @on(AssessmentFinalized)
    def finalized(self, message: AssessmentFinalized) -> None:
        self.notify(message.info.title, title="Finalized")
        self.database.load_assessment(self, self.assessment_id)

    @on(AssessmentReopened)
    def reopened(self, message: AssessmentReopened) -> None:
        self.notify(message.info.title, title="Reopened as a draft")
        self.database.load_assessment(self, self.assessment_id)

    # Navigation -------------------------------------------------------------------------

    def item_titles(self) -> list[tuple[str, str]]:
        """For the command palette."""
        return [(i.id, i.title) for i in self.sheet.checklist.items()] if self.sheet else []

    def jump_to_item(self, item_id: str) -> None:
        self.query_one(ChecklistTree).focus_item(item_id)

    def action_move(self, step: int) -> None:
        tree = self.query_one(ChecklistTree)
        (tree.action_cursor_down if step > 0 else tree.action_cursor_up)()

    def action_unanswered(self, step: int) -> None:
        if self.sheet is None:
            return
        found = self.sheet.answers.next_unanswered(self.sheet.item_ids(), self.item_id, step)
        if found is None:
            self.notify("Every item is answered.")
        else:
            self.jump_to_item(found)

    def flush(self) -> None:
        """Hand over the rationale being edited and the cursor: before leaving or quitting."""
        self._commit_rationale()
        if self.item_id is not None and self.sheet is not None:
            self.database.save_cursor(self.assessment_id, self.item_id)

    def action_back(self) -> None:
        self.flush()
        self.app.pop_screen()

    def action_history(self) -> None:
        if self.info is not None:
            self.flush()
            self.services.open_history(self.info.country_code, self.info.checklist_id)

    def action_gap_report(self) -> None:
        if self.info is not None:
            self.flush()
            self.services.open_gap_report(self.assessment_id)

    def action_panel(self) -> None:
        """The round's panel and its review steps (submit, send back, approve)."""
        self.flush()
        self.services.open_panel(self.assessment_id)

    def action_projects(self) -> None:
        if self.info is not None:
            self.flush()
            self.services.open_projects(self.info.country_code)

    def action_proposals(self) -> None:
        """Proposals from published data; a decision reloads the assessment."""
        from .proposals import ProposalsScreen

        def closed(decided: bool | None) -> None:
            if decided:
                self.database.load_assessment(self, self.assessment_id)

        self.flush()
        self.app.push_screen(ProposalsScreen(self.services, self.assessment_id), closed)
