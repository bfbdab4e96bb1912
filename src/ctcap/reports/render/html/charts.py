"""Inline SVG charts for the HTML gap report: the radar (or score bars), trend lines, bars.

Each function returns one ``<svg>`` element as ``Markup``, built from the pieces in
``svg``; the portfolio's heatmap is in ``heatmap``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..text import format_score
from .svg import (
    GRID,
    INK,
    MUTED,
    SCORE,
    SERIES,
    TARGET,
    clip,
    legend,
    num,
    svg_root,
    svg_text,
    wrap,
)


@dataclass(frozen=True)
class Axis:
    label: str
    score: float | None
    target: float


_RADAR_CX, _RADAR_CY, _RADAR_RADIUS = 260.0, 250.0, 165.0


def radar(axes: Sequence[Axis], title: str) -> Markup:
    """Area scores (filled) against targets (dashed), 0–100 on every spoke.

    With fewer than three areas a radar says nothing, so it becomes a bar chart.
    """
    if len(axes) < 3:
        return score_bars(axes, title)
    size = 520.0
    body = [f'<rect width="{num(size)}" height="500" fill="#ffffff"/>']
    body += _radar_rings(len(axes))
    for i, axis in enumerate(axes):
        body += _radar_spoke(len(axes), i, axis)
    body += _radar_shapes(axes)
    body += legend(20, 482, [("Score", SCORE, False), ("Target", TARGET, True)])
    return svg_root(size, 500, title, body, "radar")


def _radar_point(count: int, index: float, value: float) -> tuple[float, float]:
    """Where ``value`` (0–100) lies on spoke ``index`` of ``count``."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = _RADAR_RADIUS * max(0.0, min(100.0, value)) / 100
    return _RADAR_CX + r * math.cos(angle), _RADAR_CY + r * math.sin(angle)


def _radar_rings(count: int) -> list[str]:
    body = []
    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(
            f"{num(x)},{num(y)}" for x, y in (_radar_point(count, i, ring) for i in range(count))
        )
        body.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        x, y = _radar_point(count, -0.5, ring)  # between the first and the last spoke
        body.append(svg_text(x, y + 3, str(ring), anchor="middle", size=9, fill=MUTED))
    return body


def _radar_spoke(count: int, i: int, axis: Axis) -> list[str]:
    """The spoke of one area, with its name and score beyond its end."""
    cx, cy = _RADAR_CX, _RADAR_CY
    x, y = _radar_point(count, i, 100)
    body = [f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" stroke="{GRID}"/>']
    lx, ly = _radar_point(count, i, 118)
    anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
    lines = wrap(axis.label, 18)
    top = ly - 6 * (len(lines) - 1) + (4 if ly > cy else 0)
    for n, line in enumerate(lines):
        body.append(svg_text(lx, top + 12 * n, line, anchor=anchor, size=11))
    score_text = format_score(axis.score)
    body.append(
        svg_text(
            lx, top + 12 * len(lines), score_text, anchor=anchor, size=11, weight="bold", fill=SCORE
        )
    )
    return body


def _radar_shapes(axes: Sequence[Axis]) -> list[str]:
    """The target polygon (dashed), the score polygon (filled) and a dot per score."""
    count = len(axes)
    target_points = " ".join(
        f"{num(x)},{num(y)}"
        for x, y in (_radar_point(count, i, a.target) for i, a in enumerate(axes))
    )
    score_points = " ".join(
        f"{num(x)},{num(y)}"
        for x, y in (_radar_point(count, i, a.score or 0.0) for i, a in enumerate(axes))
    )
    body = [
        f'<polygon class="radar-target" points="{target_points}" fill="none" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>',
        f'<polygon class="radar-score" points="{score_points}" fill="{SCORE}" fill-opacity="0.25" '
        f'stroke="{SCORE}" stroke-width="2.5"/>',
    ]
    for i, axis in enumerate(axes):
        if axis.score is not None:
            x, y = _radar_point(count, i, axis.score)
            body.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{SCORE}"/>')
    return body


def score_bars(axes: Sequence[Axis], title: str) -> Markup:
    """Horizontal bars of score with a target tick: the radar's stand-in for few areas."""
    width, left, right, row = 520.0, 170.0, 60.0, 34.0
    height = 40 + row * len(axes) + 30
    span = width - left - right
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick / 100
        body.append(
            f'<line x1="{num(x)}" y1="30" x2="{num(x)}" y2="{num(30 + row * len(axes))}" '
            f'stroke="{GRID}"/>'
        )
        body.append(svg_text(x, 24, str(tick), anchor="middle", size=10, fill=MUTED))
    for i, axis in enumerate(axes):
        y = 30 + row * i
        body.append(svg_text(left - 8, y + 21, axis.label[:26], anchor="end", size=11))
        value = axis.score or 0.0
        body.append(
            f'<rect class="bar-score" x="{num(left)}" y="{num(y + 8)}" '
            f'width="{num(span * value / 100)}" height="18" fill="{SCORE}" fill-opacity="0.8"/>'
        )
        tx = left + span * axis.target / 100
        body.append(
            f'<line class="bar-target" x1="{num(tx)}" y1="{num(y + 3)}" x2="{num(tx)}" '
            f'y2="{num(y + 31)}" stroke="{TARGET}" stroke-width="3"/>'
        )
        body.append(
            svg_text(width - right + 8, y + 21, format_score(axis.score), size=11, weight="bold")
        )
    body += legend(left, height - 8, [("Score", SCORE, False), ("Target", TARGET, True)])
    return svg_root(width, height, title, body, "bars")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    emphasis: bool = False


@dataclass(frozen=True)
class _Plot:
    """The trend chart's frame: rounds along x, scores 0–100 up y, the legend on the right."""

    count: int
    width: float = 760.0
    height: float = 320.0
    left: float = 44.0
    right: float = 250.0
    top: float = 20.0
    bottom: float = 52.0

    @property
    def span_x(self) -> float:
        return self.width - self.left - self.right

    def x_at(self, index: int) -> float:
        span_x = self.span_x
        return self.left + (span_x / 2 if self.count == 1 else span_x * index / (self.count - 1))

    def y_at(self, value: float) -> float:
        span_y = self.height - self.top - self.bottom
        return self.top + span_y * (1 - max(0.0, min(100.0, value)) / 100)


def trend_lines(
    rounds: Sequence[str], series: Sequence[Series], target: float | None, title: str
) -> Markup:
    """Scores over rounds: the overall line in bold, each area thin, the target dashed."""
    plot = _Plot(len(rounds))
    body = [f'<rect width="{num(plot.width)}" height="{num(plot.height)}" fill="#ffffff"/>']
    body += _trend_axes(plot, rounds)
    if target is not None:
        y, x_end = plot.y_at(target), plot.left + plot.span_x
        body.append(
            f'<line class="trend-target" x1="{num(plot.left)}" y1="{num(y)}" x2="{num(x_end)}" '
            f'y2="{num(y)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    legend_y = plot.top + 8
    palette = iter(SERIES)
    for entry in sorted(series, key=lambda s: not s.emphasis):
        colour = INK if entry.emphasis else next(palette, MUTED)
        body += _trend_series(plot, entry, colour, legend_y)
        legend_y += 17 if entry.emphasis else 15
    if target is not None:
        lx = plot.width - plot.right + 16
        body.append(
            f'<line x1="{num(lx)}" y1="{num(legend_y - 4)}" x2="{num(lx + 18)}" '
            f'y2="{num(legend_y - 4)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(svg_text(lx + 24, legend_y, f"Overall target {format_score(target)}", size=10))
    return svg_root(plot.width, plot.height, title, body, "trend")


def _trend_axes(plot: _Plot, rounds: Sequence[str]) -> list[str]:
    """Grid lines at every 20 points, and each round's label (one line per "\\n") below."""
    body = []
    for tick in (0, 20, 40, 60, 80, 100):
        y = plot.y_at(tick)
        body.append(
            f'<line x1="{num(plot.left)}" y1="{num(y)}" x2="{num(plot.left + plot.span_x)}" '
            f'y2="{num(y)}" stroke="{GRID}"/>'
        )
        body.append(svg_text(plot.left - 6, y + 4, str(tick), anchor="end", size=10, fill=MUTED))
    label_y = plot.height - plot.bottom + 18
    for i, label in enumerate(rounds):
        for n, part in enumerate(label.split("\n")):
            body.append(
                svg_text(plot.x_at(i), label_y + 13 * n, part, anchor="middle", size=10, fill=MUTED)
            )
    return body


def _trend_series(plot: _Plot, entry: Series, colour: str, legend_y: float) -> list[str]:
    """One series: a line through its scores (broken where a round has none), its legend."""
    stroke = 3.5 if entry.emphasis else 1.6
    segments: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(entry.values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append((plot.x_at(i), plot.y_at(value)))
    body = []
    for segment in segments:
        if len(segment) > 1:
            path = " ".join(f"{num(x)},{num(y)}" for x, y in segment)
            body.append(
                f'<polyline class="trend-line" points="{path}" fill="none" '
                f'stroke="{colour}" stroke-width="{stroke}" stroke-linejoin="round"/>'
            )
        for x, y in segment:
            body.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(stroke + 1.2)}" fill="{colour}"/>'
            )
    last = next((v for v in reversed(entry.values) if v is not None), None)
    lx = plot.width - plot.right + 16
    body.append(
        f'<line x1="{num(lx)}" y1="{num(legend_y - 4)}" x2="{num(lx + 18)}" '
        f'y2="{num(legend_y - 4)}" stroke="{colour}" stroke-width="{stroke}"/>'
    )
    body.append(
        svg_text(
            lx + 24,
            legend_y,
            f"{clip(entry.label, 30)} {format_score(last)}",
            size=11 if entry.emphasis else 10,
            weight="bold" if entry.emphasis else "normal",
        )
    )
    return body


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
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    for i, bar in enumerate(bars):
        y = 12 + row * i
        colour = SCORE if bar.value > 0 else GRID
        body.append(
            svg_text(
                left - 10,
                y + 15,
                bar.label,
                anchor="end",
                size=12,
                fill=INK if bar.value > 0 else MUTED,
            )
        )
        body.append(
            f'<rect class="bar-assistance" x="{num(left)}" y="{num(y + 2)}" '
            f'width="{num(max(2.0, span * bar.value / largest))}" height="18" rx="2" '
            f'fill="{colour}"/>'
        )
        body.append(
            svg_text(
                left + span * bar.value / largest + 8,
                y + 15,
                bar.note,
                size=11,
                fill=INK if bar.value > 0 else MUTED,
            )
        )
    return svg_root(width, height, title, body, "assistance")
