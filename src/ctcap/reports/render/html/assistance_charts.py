"""Inline SVG charts of the assistance reports: need against money per assistance area,
and the outcomes of the projects' gaps as stacked bars. Built from the pieces in ``svg``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .svg import GRID, INK, MUTED, SCORE, TARGET, clip, num, svg_root, svg_text

COMMITTED, DISBURSED = TARGET, "#009e73"
NEED = SCORE


@dataclass(frozen=True)
class ShareGroup:
    """One assistance area: its share of all need, of all commitments, of all disbursements."""

    label: str
    need: float
    committed: float | None
    disbursed: float | None


def _legend(x: float, y: float, entries: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for label, colour in entries:
        out.append(f'<rect x="{num(x)}" y="{num(y - 10)}" width="14" height="10" fill="{colour}"/>')
        out.append(svg_text(x + 19, y, label, size=11))
        x += 34 + 6.5 * len(label)
    return out


def share_bars(groups: Sequence[ShareGroup], title: str) -> Markup:
    """Per area, three bars: gap priority share, committed share, disbursed share (0–max %)."""
    width, left, right, bar, gap, group = 760.0, 290.0, 60.0, 9.0, 2.0, 38.0
    height = 14 + group * len(groups) + 34
    span = width - left - right
    values = [v for g in groups for v in (g.need, g.committed, g.disbursed) if v is not None]
    largest = max(values, default=0.0) or 1.0
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    body.append(
        f'<line x1="{num(left)}" y1="8" x2="{num(left)}" y2="{num(height - 30)}" stroke="{GRID}"/>'
    )
    for i, entry in enumerate(groups):
        top = 12 + group * i
        body.append(svg_text(left - 10, top + 17, clip(entry.label, 44), anchor="end", size=12))
        for n, (value, colour, kind) in enumerate(
            ((entry.need, NEED, "need"), (entry.committed, COMMITTED, "committed"),
             (entry.disbursed, DISBURSED, "disbursed"))
        ):  # fmt: skip
            y = top + n * (bar + gap)
            length = span * (value or 0.0) / largest
            body.append(
                f'<rect class="bar-{kind}" x="{num(left)}" y="{num(y)}" '
                f'width="{num(max(1.0, length))}" height="{num(bar)}" '
                f'fill="{colour if value else GRID}"/>'
            )
            shown = "—" if value is None else f"{100 * value:.1f}%"
            body.append(svg_text(left + length + 5, y + 8, shown, size=9, fill=MUTED))
    body += _legend(left, height - 10, [("Share of gap priority", NEED),
                                        ("Share committed", COMMITTED),
                                        ("Share disbursed", DISBURSED)])  # fmt: skip
    return svg_root(width, height, title, body, "need-shares")


OUTCOME_COLOURS = {
    "closed": "#1a7f37",
    "narrowed": "#56b4e9",
    "unchanged": "#999999",
    "regressed": "#c62828",
    "not yet re-assessed": "#e69f00",
    "no baseline": "#d9dee3",
}


def outcome_bars(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]], title: str) -> Markup:
    """One stacked bar per group: its linked gaps by outcome, as parts of the group's total."""
    width, left, right, row = 760.0, 250.0, 60.0, 26.0
    height = 12 + row * len(rows) + 40
    span = width - left - right
    body = [f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']
    for i, (label, counts) in enumerate(rows):
        y = 10 + row * i
        total = sum(n for _, n in counts)
        body.append(svg_text(left - 10, y + 14, clip(label, 36), anchor="end", size=12))
        x = left
        for name, count in counts:
            if not count:
                continue
            length = span * count / total
            body.append(
                f'<rect class="outcome-{name.replace(" ", "-")}" x="{num(x)}" y="{num(y + 2)}" '
                f'width="{num(length)}" height="16" fill="{OUTCOME_COLOURS[name]}">'
                f"<title>{name}: {count}</title></rect>"
            )
            x += length
        body.append(svg_text(left + span + 6, y + 14, str(total), size=11, fill=INK))
    legend_y = height - 12
    x = left
    for name, colour in OUTCOME_COLOURS.items():
        body.append(
            f'<rect x="{num(x)}" y="{num(legend_y - 10)}" width="12" height="10" fill="{colour}"/>'
        )
        body.append(svg_text(x + 16, legend_y, name, size=10, fill=MUTED))
        x += 26 + 5.6 * len(name)
    return svg_root(width, height, title, body, "outcomes")
