"""Markdown building blocks the reports share: escaping, code spans, aligned tables.

User text (rationales, evidence) goes through ``escape`` so that it stays text: it can
neither break a table, nor inject HTML or a link into a Markdown viewer, nor spell a
control character as an entity (``&#27;``); its control characters are made visible
(``ctcap.text.for_terminal``), so the report is inert in a terminal and in the TUI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ctcap.text import for_terminal

from ...model import Handling, RoundRef, ScaleInfo
from ..text import SYNTHETIC_MARK, SYNTHETIC_NOTICE

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """One line of user text, with Markdown and HTML syntax escaped."""
    return _SPECIAL.sub(r"\\\1", for_terminal(_SPACE.sub(" ", text).strip(), multiline=False))


def code_span(text: str) -> str:
    return f"`{for_terminal(text.replace('`', ''), multiline=False)}`"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """An aligned Markdown table: readable as plain text in a terminal, too."""
    widths = [max(3, len(headers[n]), *(len(row[n]) for row in rows)) for n in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[n]) if n in right else cell.ljust(widths[n])
            for n, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        ("-" * (widths[n] - 1) + ":") if n in right else "-" * widths[n]
        for n in range(len(headers))
    ]
    return "\n".join([line(headers), "| " + " | ".join(rule) + " |", *(line(r) for r in rows)])


def synthetic_banner(synthetic: bool) -> list[str]:
    return [f"> **{SYNTHETIC_MARK}**: {SYNTHETIC_NOTICE}", ""] if synthetic else []


def scale_text(scale: ScaleInfo) -> str:
    return "; ".join(f"{lv.value} {escape(lv.label)}" for lv in scale.levels)


def handling_line(handling: Handling) -> list[str]:
    """The mark, first and last on every Markdown report: ``**TLP:AMBER**``."""
    return [f"**{escape(handling.banner)}**", ""]


def named(ref: RoundRef, text: str) -> str:
    """A name a release may have withheld (the assessor's, the team's)."""
    if ref.names_withheld:
        return f"(withheld: marked above {escape(ref.names_withheld)})"
    return escape(text) if text else "(none recorded)"


def team(ref: RoundRef) -> str:
    return named(ref, "; ".join(member.text for member in ref.team))
