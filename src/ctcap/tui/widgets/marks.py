"""A handling mark as the TUI shows it: TLP 2.0's colours on black (FIRST), others plain."""

from __future__ import annotations

from rich.text import Text

from ctcap.text import shown_line

# TLP 2.0: the label in its colour on a black background.
_TLP = {
    "TLP:RED": "#ff2b2b",
    "TLP:AMBER": "#ffc000",
    "TLP:AMBER+STRICT": "#ffc000",
    "TLP:GREEN": "#33ff00",
    "TLP:CLEAR": "#ffffff",
}


def mark_text(label: str | None) -> Text:
    """``label`` styled for a top line or a table cell; "" when there is none."""
    if not label:
        return Text("")
    colour = _TLP.get(label)
    return Text(shown_line(label), f"bold {colour} on black" if colour else "bold reverse")
