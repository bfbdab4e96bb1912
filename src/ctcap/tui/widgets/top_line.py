"""The scoring screen's top line: the handling mark, completion bar, overall score, status,
saved state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from .glyphs import score_text
from .marks import mark_text

if TYPE_CHECKING:
    from ctcap.domain.scoring import AssessmentScore

    from ..book import ScoringSheet


class TopLine(Horizontal):
    _mark = ""

    def compose(self) -> ComposeResult:
        yield Static(id="mark")
        yield ProgressBar(total=1, show_eta=False, id="completion")
        yield Static(id="summary")

    def show_sheet(self, sheet: ScoringSheet) -> None:
        final, saving, saved = sheet.info.is_final, sheet.answers.saving, bool(sheet.last_saved)
        self.show(sheet.score, final=final, saving=saving, saved=saved, mark=sheet.bundle.mark)

    def show(
        self, score: AssessmentScore, *, final: bool, saving: bool, saved: bool, mark: str = ""
    ) -> None:
        self.query_one("#completion", ProgressBar).update(
            total=max(score.applicable, 1), progress=score.answered
        )
        if mark != self._mark:  # a layout pass only when the mark itself changes
            self._mark = mark
            self.query_one("#mark", Static).update(mark_text(mark))
        text = Text.assemble(
            f" {score.answered}/{score.applicable} · overall ",
            (score_text(score.overall), "bold"),
            f" · target {score_text(score.target)} · ",
        )
        if final:
            text.append("FINAL, read-only", style="bold green")
        else:
            text.append("draft")
        if saving:
            text.append(" · saving…", style="bold yellow")
        elif saved:
            text.append(" · ✓ saved", style="green")
        # One fixed line (see assessment.tcss): a repaint, never a layout pass.
        self.query_one("#summary", Static).update(text, layout=False)
