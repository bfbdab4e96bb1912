"""Text that is not ours, as the TUI's widgets show it: controls visible, markup inert.

Textual parses a ``str`` handed to Static, Tree, DataTable, Select, the command palette
or a notification as markup (``[b]``, ``[link=…]``, ``[@click=app.quit]``), and any
widget passes ESC, C1 and bidi controls through to the terminal. So stored and typed
text (checklists, answers, names, error messages) goes into a widget as a
``rich.text.Text`` of the guarded string (``block``, ``line``), never as a markup
string. Editable fields show it through ``for_editor``, one character for one, so the
cursor stays where the text says; the stored text is never changed.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, TextArea

from ctcap.text import for_editor, for_terminal, shown_line


def block(text: str, style: str = "") -> Text:
    """Text of several lines (a question, guidance, an error), guarded."""
    return Text(for_terminal(text), style=style)


def line(text: str, n: int | None = None, style: str = "") -> Text:
    """One line (a title, a name, a table cell), guarded and cut to ``n`` characters."""
    return Text(shown_line(text, n), style=style)


def content_line(text: str, n: int | None = None) -> Content:
    """``line`` as Textual's own Content (the command palette, the header)."""
    return Content(shown_line(text, n))


class ShownInPlace(Highlighter):
    """For an Input: the value shown through ``for_editor`` (Rich drops BEL, BS, VT, FF
    and CR from an Input's text before this sees it: they are never sent either)."""

    def highlight(self, text: Text) -> None:
        plain = text.plain
        shown = for_editor(plain)
        if shown != plain:
            text.plain = shown


class ShownInput(Input):
    """An Input that shows typed or prefilled text, never sends it to the terminal raw."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", ShownInPlace())
        super().__init__(*args, **kwargs)


class ShownTextArea(TextArea):
    """A TextArea that shows every line through ``for_editor``.

    A control character is zero cells wide to Textual's layout and one once shown, so
    the cursor may sit a cell off after one on the same line; the text is right.
    """

    def get_line(self, line_index: int) -> Text:
        return Text(for_editor(self.document.get_line(line_index)), end="", no_wrap=True)
