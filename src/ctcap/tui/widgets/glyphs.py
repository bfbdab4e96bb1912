"""Small text renderings: answer glyphs, scores, sparklines. Pure functions of their input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ctcap.text import shown_line

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Scale

BLOCKS = "▁▂▃▄▅▆▇█"
UNANSWERED = "○"
NOT_APPLICABLE = "–"
NO_INFORMATION = "?"
CHANGE_MARKS = {1: ("▲", "bold green"), -1: ("▼", "bold red"), 0: ("Δ", "bold yellow")}


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"


def percent_text(ratio: float | None) -> str:
    return "" if ratio is None else f"{100 * ratio:.0f}%"


def sparkline(values: tuple[float, ...] | list[float], top: float = 100.0) -> str:
    """One block per value, 0 to ``top``."""
    return "".join(BLOCKS[min(len(BLOCKS) - 1, max(0, int(v / top * len(BLOCKS))))] for v in values)


def _is_special(response: Response | str) -> bool:
    return isinstance(response, str)


def answer_glyph(response: Response | str | None, scale: Scale) -> Text:
    """One cell: the level on its colour, N/A, no information, or unanswered."""
    if response is None:
        return Text(UNANSWERED, style="dim")
    if _is_special(response):
        if response == "na":
            return Text(NOT_APPLICABLE, style="bold")
        return Text(NO_INFORMATION, style="bold black on #fee08b")
    level = int(response)
    try:
        colour = scale.level(level).colour
    except KeyError:
        colour = "#888888"
    return Text(str(level), style=f"bold #000000 on {colour}")


def change_mark(direction: int | None) -> Text:
    """Changed since the previous round: improved, regressed, or changed otherwise."""
    if direction is None:
        return Text(" ")
    mark, style = CHANGE_MARKS[max(-1, min(1, direction))]
    return Text(mark, style=style)


def item_label(
    title: str,
    response: Response | None,
    scale: Scale,
    direction: int | None,
    conflict: bool = False,
) -> Text:
    """A tree label: the answer's glyph, the change since the previous round, the title;
    a warning sign first when an import left the item to decide."""
    label = Text.assemble(answer_glyph(response, scale), change_mark(direction), " ")
    if conflict:
        label.append("⚠ ", style="bold yellow")
    label.append(shown_line(title))
    return label


def area_label(
    title: str, score: float | None, answered: int, applicable: int, capped: bool
) -> Text:
    label = Text.assemble(
        (shown_line(title), "bold"),
        "  ",
        (score_text(score), "bold"),
        (f" {answered}/{applicable}", "dim"),
    )
    if capped:
        label.append(" capped", style="bold red")
    return label
