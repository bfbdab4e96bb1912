"""The right pane of the scoring screen: the focused item, its scale and its answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ctcap.text import for_terminal, shown_line

from ..shown import ShownTextArea, block
from .conflict_note import ConflictNote
from .glyphs import answer_glyph, score_text

if TYPE_CHECKING:
    from datetime import date

    from ctcap.domain.answers import Response
    from ctcap.domain.model import Area, Item, Scale
    from ctcap.domain.scoring import AreaScore

    from ..book import ScoringSheet
    from ..views import AnswerState

NA, UNKNOWN = "na", "unknown"


class LevelRow(Static):
    """One answer the assessor can give; click it to choose it."""

    class Chosen(Message):
        def __init__(self, value: Response | str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, value: Response | str, key: str, label: str) -> None:
        super().__init__(classes="level")
        self.value = value
        self.key = key
        self.label = label
        self._shown: tuple[Text, bool] | None = None

    def show(self, glyph: Text, descriptor: str, *, chosen: bool, target: bool) -> None:
        text = Text.assemble(
            ("▶" if chosen else " ", "bold"),
            glyph,
            (f" ({self.key}) " if self.key != str(self.value) else " ", "dim"),
            (shown_line(self.label), "bold"),
        )
        if descriptor:
            text.append(": ")
            text.append_text(block(descriptor))
        if target:
            text.append("  ◎ target", style="italic")
        # Only what changed: a scoring key then repaints two rows, not the whole scale.
        if (text, chosen) == self._shown:
            return
        # When only the one-cell marker moved, the row keeps its size: a repaint, with no
        # layout pass over the whole screen (which re-wraps every text on it).
        resized = self._shown is None or self._shown[0].plain[1:] != text.plain[1:]
        self._shown = (text, chosen)
        self.set_class(chosen, "-chosen")
        self.update(text, layout=resized)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self.value))


class RationaleArea(ShownTextArea):
    """The rationale of one item. An edit is handed over when focus leaves."""

    class Committed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, read_only=True)
        self.item_id: str | None = None
        self.original = ""

    def load(self, item_id: str, text: str, *, editable: bool) -> None:
        """Show ``text``, unless this item has an edit in progress."""
        editing = self.item_id == item_id and self.text != self.original
        self.read_only = not editable
        self.placeholder = (
            "r to write why this level" if editable else "Score the item first (1–5, x, ?)"
        )
        if editing:
            return
        self.item_id, self.original = item_id, text
        if self.text != text:
            self.load_text(text)

    def take_edit(self) -> tuple[str, str] | None:
        """The unsaved edit, once: (item id, text), or None."""
        if self.item_id is None or self.text == self.original:
            return None
        self.original = self.text
        return self.item_id, self.text

    def on_blur(self) -> None:
        if self.item_id is not None and self.text != self.original:
            self.post_message(self.Committed())


def support_text(state: AnswerState, as_of: date | None, stale_years: int) -> Text:
    """Confidence, weak-ground flags, the answer's own mark and its treaty facts: one line
    each, for an answered item."""
    from ctcap.domain.evidence import answer_flags
    from ctcap.domain.treaty import treaty_level

    if state.response is None:
        return Text("")
    confidence = state.confidence.value if state.confidence else "not recorded"
    text = Text.assemble("Confidence: ", (confidence, "bold"))
    if as_of is not None:
        flags = answer_flags(state.confidence, state.evidence, as_of, stale_years)
        if flags:
            text.append("  ⚠ " + "; ".join(str(f) for f in flags), "bold yellow")
    if state.mark:
        text.append(f"\nMarked {for_terminal(state.mark)} (rationale and evidence)", "italic")
    if state.facts is not None and as_of is not None:
        notes = "; ".join(treaty_level(state.facts, as_of).notes) or "no treaty act recorded"
        text.append(f"\nTreaty facts: {for_terminal(notes)}")
    return text


class ItemDetail(Vertical):
    """Updates only the parts that change, so a keypress costs little layout."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._contents: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="item-title")
        yield Static(id="item-question")
        yield Static(id="item-guidance", classes="muted")
        yield Static("Scale", classes="heading item-only")
        yield Vertical(id="levels", classes="item-only")
        yield Static("Rationale  r edit · Esc done", classes="heading item-only")
        yield RationaleArea(id="rationale")
        yield Static("Evidence  e edit · c confidence", classes="heading item-only")
        yield Static(id="support", classes="item-only")
        yield Static(id="evidence", classes="item-only")
        yield Static(id="references", classes="item-only muted")
        yield Static(id="previous", classes="item-only muted")
        yield ConflictNote(id="conflict", classes="item-only muted")

    async def set_scale(self, scale: Scale) -> None:
        levels = self.query_one("#levels", Vertical)
        await levels.remove_children()
        rows = [LevelRow(level.value, str(level.value), level.label) for level in scale.levels]
        rows.append(LevelRow(NA, "x", "Not applicable"))
        rows.append(LevelRow(UNKNOWN, "?", "No information"))
        await levels.mount_all(rows)

    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

    def _set(self, selector: str, content: str | Text) -> None:
        if self._contents.get(selector) == content:
            return
        self._contents[selector] = content
        static = self._static(selector)
        static.update(content)
        static.set_class(not (content.plain if isinstance(content, Text) else content), "-empty")

    def show_from(self, sheet: ScoringSheet, *, area_id: str | None, item_id: str | None) -> None:
        """The area under the cursor, else the item: as ``sheet`` has it now."""
        if area_id is not None:
            area = next(a for a in sheet.checklist.areas if a.id == area_id)
            self.show_area(area, sheet.score.area(area_id))
        elif item_id is not None:
            self.show_item(
                sheet.checklist.item(item_id),
                sheet.answers.state(item_id),
                sheet.checklist.scale,
                editable=sheet.editable,
                author=sheet.answers.authors.get(item_id),
                previous=sheet.previous_answer(item_id),
                as_of=sheet.info.as_of,
                stale_years=sheet.bundle.stale_years,
            )
            self.query_one(ConflictNote).show(sheet.conflicts.get(item_id))

    def show_item(
        self,
        item: Item,
        state: AnswerState,
        scale: Scale,
        *,
        editable: bool,
        author: str | None,
        previous: tuple[Response | None, date] | None,
        as_of: date | None = None,
        stale_years: int = 5,
    ) -> None:
        from ctcap.domain.answers import response_label

        self.remove_class("-area")
        title = Text.assemble((shown_line(item.title), "bold"), (f"  {shown_line(item.id)}", "dim"))
        meta = [f"target {item.target}", f"weight {item.weight:g}"]
        if item.fundamental:
            meta.insert(0, "fundamental")
        title.append("\n" + " · ".join(meta), style="italic")
        self._set("#item-title", title)
        self._set("#item-question", block(item.question))
        self._set("#item-guidance", block(item.guidance))
        for row in self.query(LevelRow):
            if isinstance(row.value, int):
                descriptor = item.descriptors.get(row.value, scale.level(row.value).description)
                target = row.value == item.target
            elif row.value == NA:
                descriptor, target = "left out of the scores", False
            else:
                descriptor, target = "scores as the lowest level, reported apart", False
            glyph = answer_glyph(row.value, scale)
            row.show(glyph, descriptor, chosen=row.value == state.response, target=target)
        self.query_one(RationaleArea).load(
            item.id, state.rationale, editable=editable and state.response is not None
        )
        self._set("#support", support_text(state, as_of, stale_years))
        evidence = "\n".join(
            f"• {shown_line(e.describe(as_of=as_of, stale_years=stale_years))}"
            for e in state.evidence
        )
        self._set("#evidence", Text(evidence) if evidence else Text("none", style="dim"))
        refs = "\n".join(
            "• " + shown_line(" ".join(p for p in (r.title, r.clause, r.url) if p))
            for r in item.references
        )
        self._set("#references", Text(f"References\n{refs}"))
        lines = []
        if author and state.response is not None:
            lines.append(f"Answered by {shown_line(author)}")
        if previous is not None:
            before, as_of = previous
            label = shown_line(response_label(before, scale))
            lines.append(f"Previous round ({as_of.isoformat()}): {label}")
        self._set("#previous", Text("\n".join(lines)))

    def show_area(self, area: Area, score: AreaScore) -> None:
        self.add_class("-area")
        title = Text.assemble((shown_line(area.title), "bold"), (f"  {shown_line(area.id)}", "dim"))
        self._set("#item-title", title)
        lines = [
            f"Score {score_text(score.score)} · target {score_text(score.target)}",
            f"{score.answered} of {score.applicable} applicable items answered "
            f"({score.total} items)",
        ]
        if score.capped_by:
            lines.append(
                f"Capped at {score_text(score.cap_score)} (uncapped "
                f"{score_text(score.uncapped)}): fundamental item(s) below target: "
                + ", ".join(shown_line(item_id) for item_id in score.capped_by)
            )
        self._set("#item-question", Text("\n".join(lines)))
        self._set("#item-guidance", block(area.description))
