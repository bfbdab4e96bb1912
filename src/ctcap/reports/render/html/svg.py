"""The SVG building blocks the HTML charts share: palette, text, the root element.

Numbers are printed with one decimal (``num``), so the same report gives the same
bytes; every piece of text goes through ``escape``, so the templates can insert the
charts as they are. The ink on a coloured fill is ``colours.text_colour``, which the
XLSX cells use too.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ..colours import INK

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


def num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def svg_text(
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
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{num(size)}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{escape(text)}</text>'
    )


def svg_root(
    width: float, height: float, label: str, body: Sequence[str], css_class: str
) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-label="{escape(label)}" font-family="inherit">'
        f"<title>{escape(label)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int, most: int = 3) -> list[str]:
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
        lines = [*lines[: most - 1], clip(" ".join(lines[most - 1 :]), width)]
    return lines or [""]


def legend(x: float, y: float, entries: Sequence[tuple[str, str, bool]]) -> list[str]:
    out = []
    for label, colour, dashed in entries:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(
            f'<line x1="{num(x)}" y1="{num(y - 4)}" x2="{num(x + 22)}" y2="{num(y - 4)}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        out.append(svg_text(x + 28, y, label, size=11))
        x += 40 + 7 * len(label)
    return out
