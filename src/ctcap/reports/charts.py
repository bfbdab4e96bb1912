"""Inline SVG charts for the HTML reports: radar, trend lines, bars and the heatmap.

Each function returns one ``<svg>`` element as ``Markup``. Every piece of text goes
through ``escape`` here, so the templates can insert the charts as they are while
their own autoescaping still guards everything else. Coordinates are printed with
one decimal, so the same report gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .model import NO_SCORE_COLOUR, ScaleInfo, format_score, trend_arrow

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
TARGET = "#1d4ed8"
SCORE = "#c2410c"
# A colour-blind-safe categorical palette (Okabe–Ito), then a few more.
SERIES = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
    "#999999",
    "#882255",
)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = 12,
    fill: str = INK,
    weight: str = "normal",
    extra: str = "",
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{_n(size)}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{escape(text)}</text>'
    )


def _svg(width: float, height: float, label: str, body: Sequence[str], css_class: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'role="img" aria-label="{escape(label)}" font-family="inherit">'
        f"<title>{escape(label)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap(text: str, width: int, most: int = 3) -> list[str]:
    """Words into lines of about ``width`` characters; at most ``most`` lines, then "…"."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[: most - 1], _clip(" ".join(lines[most - 1 :]), width)]
    return lines or [""]


def text_colour(background: str) -> str:
    """Dark ink on light fills, white on dark ones (WCAG relative luminance)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.22 else INK


@dataclass(frozen=True)
class Axis:
    label: str
    score: float | None
    target: float


def radar(axes: Sequence[Axis], title: str) -> Markup:
    """Area scores (filled) against targets (dashed), 0–100 on every spoke.

    With fewer than three areas a radar says nothing, so it becomes a bar chart.
    """
    if len(axes) < 3:
        return score_bars(axes, title)
    size, cx, cy, radius = 520.0, 260.0, 250.0, 165.0
    count = len(axes)

    def point(index: float, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body = [f'<rect width="{_n(size)}" height="500" fill="#ffffff"/>']
    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(
            f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count))
        )
        body.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        x, y = point(-0.5, ring)  # between the first and the last spoke: no label there
        body.append(_text(x, y + 3, str(ring), anchor="middle", size=9, fill=MUTED))
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        body.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{GRID}"/>'
        )
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = _wrap(axis.label, 18)
        top = ly - 6 * (len(lines) - 1) + (4 if ly > cy else 0)
        for n, line in enumerate(lines):
            body.append(_text(lx, top + 12 * n, line, anchor=anchor, size=11))
        score_text = format_score(axis.score)
        body.append(
            _text(
                lx,
                top + 12 * len(lines),
                score_text,
                anchor=anchor,
                size=11,
                weight="bold",
                fill=SCORE,
            )
        )
    target_points = " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (point(i, a.target) for i, a in enumerate(axes))
    )
    body.append(
        f'<polygon class="radar-target" points="{target_points}" fill="none" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    score_points = " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (point(i, a.score or 0.0) for i, a in enumerate(axes))
    )
    body.append(
        f'<polygon class="radar-score" points="{score_points}" fill="{SCORE}" fill-opacity="0.25" '
        f'stroke="{SCORE}" stroke-width="2.5"/>'
    )
    for i, axis in enumerate(axes):
        if axis.score is not None:
            x, y = point(i, axis.score)
            body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{SCORE}"/>')
    body += _legend(20, 482, [("Score", SCORE, False), ("Target", TARGET, True)])
    return _svg(size, 500, title, body, "radar")


def score_bars(axes: Sequence[Axis], title: str) -> Markup:
    """Horizontal bars of score with a target tick: the radar's stand-in for few areas."""
    width, left, right, row = 520.0, 170.0, 60.0, 34.0
    height = 40 + row * len(axes) + 30
    span = width - left - right
    body = [f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick / 100
        body.append(
            f'<line x1="{_n(x)}" y1="30" x2="{_n(x)}" y2="{_n(30 + row * len(axes))}" '
            f'stroke="{GRID}"/>'
        )
        body.append(_text(x, 24, str(tick), anchor="middle", size=10, fill=MUTED))
    for i, axis in enumerate(axes):
        y = 30 + row * i
        body.append(_text(left - 8, y + 21, axis.label[:26], anchor="end", size=11))
        value = axis.score or 0.0
        body.append(
            f'<rect class="bar-score" x="{_n(left)}" y="{_n(y + 8)}" '
            f'width="{_n(span * value / 100)}" height="18" fill="{SCORE}" fill-opacity="0.8"/>'
        )
        tx = left + span * axis.target / 100
        body.append(
            f'<line class="bar-target" x1="{_n(tx)}" y1="{_n(y + 3)}" x2="{_n(tx)}" '
            f'y2="{_n(y + 31)}" stroke="{TARGET}" stroke-width="3"/>'
        )
        body.append(
            _text(width - right + 8, y + 21, format_score(axis.score), size=11, weight="bold")
        )
    body += _legend(left, height - 8, [("Score", SCORE, False), ("Target", TARGET, True)])
    return _svg(width, height, title, body, "bars")


def _legend(x: float, y: float, entries: Sequence[tuple[str, str, bool]]) -> list[str]:
    out = []
    for label, colour, dashed in entries:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 22)}" y2="{_n(y - 4)}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        out.append(_text(x + 28, y, label, size=11))
        x += 40 + 7 * len(label)
    return out


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    emphasis: bool = False


def trend_lines(
    rounds: Sequence[str], series: Sequence[Series], target: float | None, title: str
) -> Markup:
    """Scores over rounds: the overall line in bold, each area thin, the target dashed."""
    width, height = 760.0, 320.0
    left, right, top, bottom = 44.0, 250.0, 20.0, 52.0
    span_x, span_y = width - left - right, height - top - bottom
    count = len(rounds)

    def x_at(index: int) -> float:
        return left + (span_x / 2 if count == 1 else span_x * index / (count - 1))

    def y_at(value: float) -> float:
        return top + span_y * (1 - max(0.0, min(100.0, value)) / 100)

    body = [f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    for tick in (0, 20, 40, 60, 80, 100):
        y = y_at(tick)
        body.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + span_x)}" y2="{_n(y)}" '
            f'stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y + 4, str(tick), anchor="end", size=10, fill=MUTED))
    for i, label in enumerate(rounds):
        for n, part in enumerate(label.split("\n")):
            body.append(
                _text(
                    x_at(i),
                    height - bottom + 18 + 13 * n,
                    part,
                    anchor="middle",
                    size=10,
                    fill=MUTED,
                )
            )
    if target is not None:
        y = y_at(target)
        body.append(
            f'<line class="trend-target" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + span_x)}" '
            f'y2="{_n(y)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    legend_y = top + 8
    palette = iter(SERIES)
    ordered = sorted(series, key=lambda s: not s.emphasis)
    for entry in ordered:
        colour = INK if entry.emphasis else next(palette, MUTED)
        stroke = 3.5 if entry.emphasis else 1.6
        segments: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(entry.values):
            if value is None:
                segments.append([])
            else:
                segments[-1].append((x_at(i), y_at(value)))
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{_n(x)},{_n(y)}" for x, y in segment)
                body.append(
                    f'<polyline class="trend-line" points="{path}" fill="none" '
                    f'stroke="{colour}" stroke-width="{stroke}" stroke-linejoin="round"/>'
                )
            for x, y in segment:
                body.append(
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(stroke + 1.2)}" fill="{colour}"/>'
                )
        last = next((v for v in reversed(entry.values) if v is not None), None)
        lx = width - right + 16
        body.append(
            f'<line x1="{_n(lx)}" y1="{_n(legend_y - 4)}" x2="{_n(lx + 18)}" '
            f'y2="{_n(legend_y - 4)}" stroke="{colour}" stroke-width="{stroke}"/>'
        )
        body.append(
            _text(
                lx + 24,
                legend_y,
                f"{_clip(entry.label, 30)} {format_score(last)}",
                size=11 if entry.emphasis else 10,
                weight="bold" if entry.emphasis else "normal",
            )
        )
        legend_y += 17 if entry.emphasis else 15
    if target is not None:
        lx = width - right + 16
        body.append(
            f'<line x1="{_n(lx)}" y1="{_n(legend_y - 4)}" x2="{_n(lx + 18)}" '
            f'y2="{_n(legend_y - 4)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(_text(lx + 24, legend_y, f"Overall target {format_score(target)}", size=10))
    return _svg(width, height, title, body, "trend")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str


def assistance_bars(bars: Sequence[Bar], title: str) -> Markup:
    """The nine assistance areas by the gap priority their assistance would close."""
    width, left, right, row = 760.0, 290.0, 150.0, 28.0
    height = 16 + row * len(bars) + 10
    span = width - left - right
    largest = max((b.value for b in bars), default=0.0) or 1.0
    body = [f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    for i, bar in enumerate(bars):
        y = 12 + row * i
        colour = SCORE if bar.value > 0 else GRID
        body.append(
            _text(
                left - 10,
                y + 15,
                bar.label,
                anchor="end",
                size=12,
                fill=INK if bar.value > 0 else MUTED,
            )
        )
        body.append(
            f'<rect class="bar-assistance" x="{_n(left)}" y="{_n(y + 2)}" '
            f'width="{_n(max(2.0, span * bar.value / largest))}" height="18" rx="2" '
            f'fill="{colour}"/>'
        )
        body.append(
            _text(
                left + span * bar.value / largest + 8,
                y + 15,
                bar.note,
                size=11,
                fill=INK if bar.value > 0 else MUTED,
            )
        )
    return _svg(width, height, title, body, "assistance")


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
    wrapped = [_wrap(column, 15, most=4) for column in columns]
    left, cell_w, cell_h = 220.0, 96.0, 34.0
    head = 18.0 + 13 * max((len(lines) for lines in wrapped), default=1)
    width = left + cell_w * len(columns) + 10
    height = head + cell_h * len(rows) + 56
    body = [f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    for j, lines in enumerate(wrapped):
        x = left + cell_w * j + cell_w / 2
        for n, line in enumerate(lines):
            body.append(
                _text(
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
        body.append(_text(left - 10, y + cell_h / 2 + 4, label, anchor="end", size=12))
        for j, cell in enumerate(cells):
            x = left + cell_w * j
            fill = scale.colour_for_score(cell.score)
            ink = text_colour(fill)
            body.append(
                f'<rect class="heat-cell" x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_w - 2)}" '
                f'height="{_n(cell_h - 2)}" fill="{fill}" rx="2"/>'
            )
            label_text = format_score(cell.score)
            arrow = trend_arrow(cell.change)
            if arrow and arrow != "=":
                label_text += f" {arrow}"
            if cell.capped:
                label_text += " †"
            body.append(
                _text(
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
            f'<rect x="{_n(x)}" y="{_n(y - 11)}" width="14" height="14" fill="{level.colour}" '
            f'stroke="{GRID}"/>'
        )
        text = f"{level.value} {level.label}"
        body.append(_text(x + 18, y, text, size=10))
        x += 30 + 6 * len(text)
    body.append(
        f'<rect x="{_n(x)}" y="{_n(y - 11)}" width="14" height="14" fill="{NO_SCORE_COLOUR}"/>'
    )
    body.append(_text(x + 18, y, "not scored", size=10))
    body.append(
        _text(
            left,
            y + 20,
            "▲ ▼ change since the previous final round · † capped by a fundamental item",
            size=10,
            fill=MUTED,
        )
    )
    return _svg(max(width, x + 120), height, title, body, "heatmap")
