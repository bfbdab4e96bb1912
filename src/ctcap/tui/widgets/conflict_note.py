"""Under the focused item: the import conflict still open on it, if any.

An import that found both sides changed the item keeps this database's answer and
leaves the decision here; the note names both answers and how to settle it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Static

from ..shown import block


class ConflictNote(Static):
    DEFAULT_CSS: ClassVar[str] = """
    ConflictNote { display: none; }
    ConflictNote.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.conflict: str | None = None

    def show(self, conflict: str | None) -> None:
        """``conflict``: both answers in words (``data.conflict_notes``); None hides it."""
        if conflict == self.conflict:
            return
        self.conflict = conflict
        self.set_class(bool(conflict), "-shown")
        if conflict:
            # The answers' authors come from a bundle: shown, never obeyed.
            self.update(
                block(
                    f"⚠ Import conflict: {conflict}. K keeps this database's answer; scoring "
                    "it again settles it too."
                )
            )
