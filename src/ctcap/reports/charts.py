"""Inline SVG charts for the HTML gap report: the radar (or score bars), trend lines, bars.

Each function returns one ``<svg>`` element as ``Markup``, built from the pieces in
``svg``; the portfolio's heatmap is in ``heatmap``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .model import format_score
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

    body = [f'<rect width="{num(size)}" height="500" fill="#ffffff"/>']
    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(
            f"{num(x)},{num(y)}" for x, y in (point(i, ring) for i in range(count))
        )
        body.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        x, y = point(-0.5, ring)  # between the first and the last spoke: no label there
        body.append(svg_text(x, y + 3, str(ring), anchor="middle", size=9, fill=MUTED))
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        body.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" stroke="{GRID}"/>'
        )
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = wrap(axis.label, 18)
        top = ly - 6 * (len(lines) - 1) + (4 if ly > cy else 0)
        for n, line in enumerate(lines):
            body.append(svg_text(lx, top + 12 * n, line, anchor=anchor, size=11))
        score_text = format_score(axis.score)
        body.append(
            svg_text(
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
        f"{num(x)},{num(y)}" for x, y in (point(i, a.target) for i, a in enumerate(axes))
    )
    body.append(
        f'<polygon class="radar-target" points="{target_points}" fill="none" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    score_points = " ".join(
        f"{num(x)},{num(y)}" for x, y in (point(i, a.score or 0.0) for i, a in enumerate(axes))
    )
    body.append(
        f'<polygon class="radar-score" points="{score_points}" fill="{SCORE}" fill-opacity="0.25" '
        f'stroke="{SCORE}" stroke-width="2.5"/>'
    )
    for i, axis in enumerate(axes):
        if axis.score is not None:
            x, y = point(i, axis.score)
            body.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{SCORE}"/>')
    body += legend(20, 482, [("Score", SCORE, False), ("Target", TARGET, True)])
    return svg_root(size, 500, title, body, "radar")


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

    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    for tick in (0, 20, 40, 60, 80, 100):
        y = y_at(tick)
        body.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(left + span_x)}" y2="{num(y)}" '
            f'stroke="{GRID}"/>'
        )
        body.append(svg_text(left - 6, y + 4, str(tick), anchor="end", size=10, fill=MUTED))
    for i, label in enumerate(rounds):
        for n, part in enumerate(label.split("\n")):
            body.append(
                svg_text(
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
            f'<line class="trend-target" x1="{num(left)}" y1="{num(y)}" x2="{num(left + span_x)}" '
            f'y2="{num(y)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
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
        lx = width - right + 16
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
        legend_y += 17 if entry.emphasis else 15
    if target is not None:
        lx = width - right + 16
        body.append(
            f'<line x1="{num(lx)}" y1="{num(legend_y - 4)}" x2="{num(lx + 18)}" '
            f'y2="{num(legend_y - 4)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(svg_text(lx + 24, legend_y, f"Overall target {format_score(target)}", size=10))
    return svg_root(width, height, title, body, "trend")


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
