"""The portfolio's SVG heatmap: countries × areas, each cell in its nearest level's colour.

Built from the pieces in ``svg``, like the gap report's charts in ``charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ...model import ScaleInfo
from ..colours import NO_SCORE_COLOUR, colour_for_score, text_colour
from ..text import format_score, trend_arrow
from .svg import GRID, MUTED, num, svg_root, svg_text, wrap


@dataclass(frozen=True)
class HeatCell:
    score: float | None
    change: float | None
    capped: bool


_LEFT, _CELL_W, _CELL_H = 220.0, 96.0, 34.0


def heatmap(
    rows: Sequence[tuple[str, Sequence[HeatCell]]],
    columns: Sequence[str],
    scale: ScaleInfo,
    title: str,
) -> Markup:
    """Countries × areas, each cell in the scale colour its score is nearest to."""
    wrapped = [wrap(column, 15, most=4) for column in columns]
    head = 18.0 + 13 * max((len(lines) for lines in wrapped), default=1)
    width = _LEFT + _CELL_W * len(columns) + 10
    height = head + _CELL_H * len(rows) + 56
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    body += _column_heads(wrapped, head)
    for i, (label, cells) in enumerate(rows):
        body += _row(head + _CELL_H * i, label, cells, scale)
    legend, legend_end = _legend(head + _CELL_H * len(rows) + 22, scale)
    body += legend
    return svg_root(max(width, legend_end + 120), height, title, body, "heatmap")


def _column_heads(wrapped: Sequence[list[str]], head: float) -> list[str]:
    """Each area's name, wrapped, bottom-aligned above its column."""
    body = []
    for j, lines in enumerate(wrapped):
        x = _LEFT + _CELL_W * j + _CELL_W / 2
        for n, line in enumerate(lines):
            y = head - 10 - 13 * (len(lines) - 1 - n)
            body.append(svg_text(x, y, line, anchor="middle", size=10.5, weight="bold"))
    return body


def _row(y: float, label: str, cells: Sequence[HeatCell], scale: ScaleInfo) -> list[str]:
    """One country: its name, then a coloured cell per area with score, arrow and cap mark."""
    body = [svg_text(_LEFT - 10, y + _CELL_H / 2 + 4, label, anchor="end", size=12)]
    for j, cell in enumerate(cells):
        x = _LEFT + _CELL_W * j
        fill = colour_for_score(cell.score, scale)
        body.append(
            f'<rect class="heat-cell" x="{num(x + 1)}" y="{num(y + 1)}" '
            f'width="{num(_CELL_W - 2)}" height="{num(_CELL_H - 2)}" fill="{fill}" rx="2"/>'
        )
        label_text = format_score(cell.score)
        arrow = trend_arrow(cell.change)
        if arrow and arrow != "=":
            label_text += f" {arrow}"
        if cell.capped:
            label_text += " †"
        body.append(
            svg_text(
                x + _CELL_W / 2,
                y + _CELL_H / 2 + 4,
                label_text,
                anchor="middle",
                size=12,
                fill=text_colour(fill),
                weight="bold",
            )
        )
    return body


def _legend(y: float, scale: ScaleInfo) -> tuple[list[str], float]:
    """The scale's levels and "not scored" as swatches, then the marks; and where they end."""
    x = _LEFT
    body = []
    for level in scale.levels:
        body.append(
            f'<rect x="{num(x)}" y="{num(y - 11)}" width="14" height="14" fill="{level.colour}" '
            f'stroke="{GRID}"/>'
        )
        text = f"{level.value} {level.label}"
        body.append(svg_text(x + 18, y, text, size=10))
        x += 30 + 6 * len(text)
    body.append(
        f'<rect x="{num(x)}" y="{num(y - 11)}" width="14" height="14" fill="{NO_SCORE_COLOUR}"/>'
    )
    body.append(svg_text(x + 18, y, "not scored", size=10))
    body.append(
        svg_text(
            _LEFT,
            y + 20,
            "▲ ▼ change since the previous final round · † capped by a fundamental item",
            size=10,
            fill=MUTED,
        )
    )
    return body, x
