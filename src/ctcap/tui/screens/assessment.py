"""Scoring an assessment: areas → items on the left, the focused item on the right.

A key changes the screen at once; the write runs in the queue and the screen
shows "saved" only when the answer is committed. A failed write is shown and
the item reverts to what is stored: the handlers for what the queue reports, and
finalizing and reopening, are in ``assessment_record.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Tree

from ctcap.domain.answers import Special, response_label
from ctcap.domain.compare import compare_rounds
from ctcap.domain.scoring import AssessmentScore, score_assessment

from ..book import AnswerBook
from ..messages import AssessmentLoaded
from ..views import AnswerState
from ..widgets.checklist_tree import ChecklistTree
from ..widgets.glyphs import area_label, item_label
from ..widgets.item_detail import ItemDetail, LevelRow, RationaleArea
from ..widgets.top_line import TopLine
from .assessment_record import AssessmentRecordMixin

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Area, Item

    from ..views import AssessmentBundle

SCORE_BINDINGS = [
    Binding(str(n), f"score({n})", f"Level {n}", show=False, id=f"score-{n}") for n in range(10)
]


class AssessmentScreen(AssessmentRecordMixin):
    CSS_PATH = "assessment.tcss"
    # In footer order: at 80 columns the last ones fall off, and the scale pane shows x and ?.
    BINDINGS: ClassVar[list[BindingType]] = [
        *SCORE_BINDINGS,
        Binding("right_square_bracket", "unanswered(1)", "Next open", id="next-unanswered"),
        Binding("r", "rationale", "Rationale", id="rationale"),
        Binding("e", "evidence", "Evidence", id="evidence"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("f", "finalize", "Finalize", id="finalize"),
        Binding("o", "reopen", "Reopen", id="reopen"),
        Binding("h", "history", "History", id="history"),
        Binding("g", "gap_report", "Gaps", id="gap-report"),
        Binding("q", "back", "Back", id="back"),
        Binding("x", "special('na')", "N/A", id="not-applicable"),
        Binding("question_mark", "special('unknown')", "No info", id="no-information"),
        Binding("left_square_bracket", "unanswered(-1)", "Prev open", id="prev-unanswered"),
        Binding("j", "move(1)", "Down", show=False, id="down"),
        Binding("k", "move(-1)", "Up", show=False, id="up"),
        Binding("escape", "leave_editor", "Done editing", show=False, id="leave-editor"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding("K", "keep_ours", "Keep ours", show=False, id="keep-ours"),
    ]

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.bundle: AssessmentBundle | None = None
        self.book: AnswerBook | None = None
        self.score: AssessmentScore | None = None
        self.changes: dict[str, int] = {}
        self.item_id: str | None = None
        self.last_saved = ""
        self.conflicts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield TopLine(id="topline")
        with Horizontal(id="body"):
            yield ChecklistTree(id="tree")
            with VerticalScroll(id="detail-pane"):
                yield ItemDetail(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#body").loading = True
        self.query_one(RationaleArea).cursor_blink = self.ctcap.cursor_blink
        self.ctcap.load_assessment(self, self.assessment_id)

    # Loading ------------------------------------------------------------------------------

    @on(AssessmentLoaded)
    async def assessment_loaded(self, message: AssessmentLoaded) -> None:
        reload = self.bundle is not None
        bundle = message.bundle
        self.bundle = bundle
        detail, info = bundle.detail, bundle.detail.info
        self.book = AnswerBook(info.id, detail.answers)
        self.conflicts = dict(bundle.conflicts)
        checklist = detail.checklist
        self.sub_title = f"{info.country_name} · {checklist.title} · as of {info.as_of.isoformat()}"
        self._rescore()
        tree = self.query_one(ChecklistTree)
        tree.build(checklist, self._area_label, self._item_label)
        await self.query_one(ItemDetail).set_scale(checklist.scale)
        ids = [item.id for item in checklist.items()]
        focus = self.item_id if reload else info.cursor_item_id
        if focus not in ids:
            unanswered = [i for i in ids if self.book.response(i) is None]
            focus = (unanswered or ids)[0]
        assert focus is not None
        self.ctcap.note_cursor(info.id, info.cursor_item_id)
        self.item_id = focus
        self.query_one("#body").loading = False
        tree.focus()
        tree.focus_item(focus)
        self._show_focused()
        self._update_summary()
        self.refresh_bindings()

    def _rescore(self) -> None:
        assert self.bundle is not None and self.book is not None
        checklist, responses = self.bundle.detail.checklist, self.book.responses()
        self.score = score_assessment(checklist, responses)
        previous = self.bundle.previous_checklist
        self.changes = {}
        if previous is not None:
            found = compare_rounds(previous, self.bundle.previous_responses, checklist, responses)
            self.changes = {c.item_id: c.direction for c in found.changed if c.after is not None}

    # Labels and panes ---------------------------------------------------------------------

    def _item_label(self, item: Item) -> Text:
        assert self.book is not None and self.checklist is not None
        response = self.book.response(item.id)
        direction = self.changes.get(item.id)
        conflict = item.id in self.conflicts
        return item_label(item.title, response, self.checklist.scale, direction, conflict)

    def _area_label(self, area: Area) -> Text:
        assert self.score is not None
        score = self.score.area(area.id)
        capped = bool(score.capped_by)
        return area_label(area.title, score.score, score.answered, score.applicable, capped)

    def _update_summary(self) -> None:
        if self.score is None or self.info is None or self.book is None:
            return
        self.query_one(TopLine).show(
            self.score,
            final=self.info.is_final,
            saving=self.book.saving,
            saved=bool(self.last_saved),
        )

    def _show_focused(self) -> None:
        if self.bundle is None or self.book is None or self.score is None:
            return
        checklist, detail = self.bundle.detail.checklist, self.query_one(ItemDetail)
        tree = self.query_one(ChecklistTree)
        area_id = tree.area_of(tree.cursor_node)
        if area_id is not None:
            area = next(a for a in checklist.areas if a.id == area_id)
            detail.show_area(area, self.score.area(area_id))
            return
        if self.item_id is None:
            return
        item = checklist.item(self.item_id)
        previous = None
        if self.bundle.previous_as_of is not None and self.bundle.previous_checklist is not None:
            before = self.bundle.previous_responses.get(item.id)
            previous = (before, self.bundle.previous_as_of)
        detail.show_item(
            item,
            self.book.state(item.id),
            checklist.scale,
            editable=not (self.info and self.info.is_final),
            author=self.book.authors.get(item.id),
            previous=previous,
            conflict=self.conflicts.get(item.id),
        )

    def _refresh_item(self, item_id: str) -> None:
        """After a change to one item: its label, its area's label, the top line, the pane."""
        assert self.checklist is not None
        self._rescore()
        tree = self.query_one(ChecklistTree)
        item = self.checklist.item(item_id)
        area = self.checklist.area_of(item_id)
        tree.relabel(tree.item_nodes[item_id], self._item_label(item))
        tree.relabel(tree.area_nodes[area.id], self._area_label(area))
        self._update_summary()
        if item_id == self.item_id:
            self._show_focused()

    @on(Tree.NodeHighlighted)
    def node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        item_id = ChecklistTree.item_of(event.node)
        self._commit_rationale()
        if item_id is not None and item_id != self.item_id:
            self.item_id = item_id
            self.ctcap.save_cursor(self.assessment_id, item_id)
        self._show_focused()

    # Changing answers ---------------------------------------------------------------------

    def _editable_item(self) -> str | None:
        if self.info is None or self.book is None:
            return None
        if self.info.is_final:
            self.notify("This assessment is final and read-only.", severity="warning")
            return None
        tree = self.query_one(ChecklistTree)
        if tree.item_of(tree.cursor_node) is None or self.item_id is None:
            self.notify("Choose an item first.", severity="warning")
            return None
        return self.item_id

    def _apply(self, item_id: str, state: AnswerState, *, undoable: bool = True) -> None:
        assert self.book is not None
        job = self.book.change(item_id, state, undoable=undoable)
        if job is None:
            return
        self.ctcap.write_answer(self, job)
        self._refresh_item(item_id)

    def _respond(self, response: Response) -> None:
        item_id = self._editable_item()
        if item_id is None or self.book is None:
            return
        self._commit_rationale()
        state = self.book.state(item_id)
        self._apply(item_id, AnswerState(response, state.rationale, state.evidence))
        hook = self.ctcap.after_score_refresh
        if hook is not None:
            self.call_after_refresh(hook)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "score":
            return self.checklist is not None and parameters[0] in self.checklist.scale.values
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
        if self.book is None:
            return
        areas = self.query(RationaleArea)
        edit = areas.first().take_edit() if areas else None
        if edit is None:
            return
        item_id, text = edit
        state = self.book.state(item_id)
        if state.response is None:
            self.notify("Rationale not saved: score the item first.", severity="error")
            return
        self._apply(item_id, AnswerState(state.response, text.rstrip(), state.evidence))

    @on(RationaleArea.Committed)
    def rationale_committed(self) -> None:
        self._commit_rationale()

    def action_rationale(self) -> None:
        item_id = self._editable_item()
        if item_id is None or self.book is None:
            return
        if self.book.response(item_id) is None:
            self.notify("Score the item first (1–5, x or ?), then write why.", severity="warning")
            return
        area = self.query_one(RationaleArea)
        area.focus()
        self.call_after_refresh(lambda: area.move_cursor(area.document.end))

    def action_leave_editor(self) -> None:
        if isinstance(self.focused, RationaleArea):
            self._commit_rationale()
            self.query_one(ChecklistTree).focus()

    def action_evidence(self) -> None:
        item_id = self._editable_item()
        if item_id is None or self.book is None or self.checklist is None:
            return
        if self.book.response(item_id) is None:
            self.notify(
                "Score the item first (1–5, x or ?), then add evidence.", severity="warning"
            )
            return
        from .evidence import EvidenceScreen

        def done(lines: tuple[str, ...] | None) -> None:
            if lines is None or self.book is None:
                return
            state = self.book.state(item_id)
            if state.response is not None:
                self._apply(item_id, AnswerState(state.response, state.rationale, lines))

        title = self.checklist.item(item_id).title
        blink = self.ctcap.cursor_blink
        evidence = self.book.state(item_id).evidence
        self.app.push_screen(EvidenceScreen(title, evidence, cursor_blink=blink), done)

    def action_undo(self) -> None:
        self._step_back(redo=False)

    def action_redo(self) -> None:
        self._step_back(redo=True)

    def _step_back(self, *, redo: bool) -> None:
        if self.book is None or self.info is None or self.checklist is None:
            return
        if self.info.is_final:
            self.notify("This assessment is final and read-only.", severity="warning")
            return
        self._commit_rationale()
        job = self.book.redo() if redo else self.book.undo()
        if job is None:
            self.notify("Nothing to redo." if redo else "Nothing to undo.")
            return
        self.ctcap.write_answer(self, job)
        self.jump_to_item(job.item_id)
        self._refresh_item(job.item_id)
        label = response_label(job.state.response, self.checklist.scale)
        title = self.checklist.item(job.item_id).title
        if redo:
            self.notify(f"{title}: {label} again", title="Redone")
        else:
            self.notify(f"{title}: back to {label}", title="Undone")

    # Navigation -------------------------------------------------------------------------

    def item_titles(self) -> list[tuple[str, str]]:
        """For the command palette."""
        if self.checklist is None:
            return []
        return [(item.id, item.title) for item in self.checklist.items()]

    def jump_to_item(self, item_id: str) -> None:
        self.query_one(ChecklistTree).focus_item(item_id)

    def action_move(self, step: int) -> None:
        tree = self.query_one(ChecklistTree)
        if step > 0:
            tree.action_cursor_down()
        else:
            tree.action_cursor_up()

    def action_unanswered(self, step: int) -> None:
        if self.checklist is None or self.book is None:
            return
        order = [item.id for item in self.checklist.items()]
        found = self.book.next_unanswered(order, self.item_id, step)
        if found is None:
            self.notify("Every item is answered.")
        else:
            self.jump_to_item(found)

    def flush(self) -> None:
        """Hand over the rationale being edited and the cursor: before leaving or quitting."""
        self._commit_rationale()
        if self.item_id is not None and self.bundle is not None:
            self.ctcap.save_cursor(self.assessment_id, self.item_id)

    def action_back(self) -> None:
        self.flush()
        self.app.pop_screen()

    def action_history(self) -> None:
        if self.info is not None:
            self.flush()
            self.ctcap.open_history(self.info.country_code, self.info.checklist_id)

    def action_gap_report(self) -> None:
        if self.info is not None:
            self.flush()
            self.ctcap.open_gap_report(self.assessment_id)
