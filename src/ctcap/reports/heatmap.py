"""The portfolio's SVG heatmap: countries × areas, each cell in its nearest level's colour.

Built from the pieces in ``svg``, like the gap report's charts in ``charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .model import NO_SCORE_COLOUR, ScaleInfo, format_score, trend_arrow
from .svg import GRID, MUTED, num, svg_root, svg_text, text_colour, wrap


@dataclass(frozen=True)
class HeatCell:
    score: float | None
    change: float | None
    capped: bool


def heatmap(
    rows: Sequence[tuple[str, Sequence[HeatCell]]],
    columns: Sequence[str],
    scale: ScaleInfo,
    title: str,
) -> Markup:
    """Countries × areas, each cell in the scale colour its score is nearest to."""
    wrapped = [wrap(column, 15, most=4) for column in columns]
    left, cell_w, cell_h = 220.0, 96.0, 34.0
    head = 18.0 + 13 * max((len(lines) for lines in wrapped), default=1)
    width = left + cell_w * len(columns) + 10
    height = head + cell_h * len(rows) + 56
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    for j, lines in enumerate(wrapped):
        x = left + cell_w * j + cell_w / 2
        for n, line in enumerate(lines):
            body.append(
                svg_text(
                    x,
                    head - 10 - 13 * (len(lines) - 1 - n),
                    line,
                    anchor="middle",
                    size=10.5,
                    weight="bold",
                )
            )
    for i, (label, cells) in enumerate(rows):
        y = head + cell_h * i
        body.append(svg_text(left - 10, y + cell_h / 2 + 4, label, anchor="end", size=12))
        for j, cell in enumerate(cells):
            x = left + cell_w * j
            fill = scale.colour_for_score(cell.score)
            ink = text_colour(fill)
            body.append(
                f'<rect class="heat-cell" x="{num(x + 1)}" y="{num(y + 1)}" '
                f'width="{num(cell_w - 2)}" height="{num(cell_h - 2)}" fill="{fill}" rx="2"/>'
            )
            label_text = format_score(cell.score)
            arrow = trend_arrow(cell.change)
            if arrow and arrow != "=":
                label_text += f" {arrow}"
            if cell.capped:
                label_text += " †"
            body.append(
                svg_text(
                    x + cell_w / 2,
                    y + cell_h / 2 + 4,
                    label_text,
                    anchor="middle",
                    size=12,
                    fill=ink,
                    weight="bold",
                )
            )
    y = head + cell_h * len(rows) + 22
    x = left
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
            left,
            y + 20,
            "▲ ▼ change since the previous final round · † capped by a fundamental item",
            size=10,
            fill=MUTED,
        )
    )
    return svg_root(max(width, x + 120), height, title, body, "heatmap")
