"""One line above the item: a proposal from published data waits for a decision (p)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ctcap.text import shown_line


class ProposalNote(Static):
    DEFAULT_CSS = """
    ProposalNote {
        display: none;
        height: auto;
        color: $text-warning;
        margin-bottom: 1;
    }
    """

    def show(self, note: str | None) -> None:
        """``note``: the pending proposal in words, or None to hide the line."""
        self.display = note is not None
        if note is not None:
            self.update(Text(f"◆ Proposed: {shown_line(note)} · p decides"))
