"""Colours the renderers share: a score's fill from the scale, and the ink to write on it.

A level's colour comes from its checklist's scale; a score between levels takes the
colour of the level whose score is nearest, so heatmaps and spreadsheets use the
scale's own colours. HTML, SVG and XLSX all fill cells this way.
"""

from __future__ import annotations

from ..model import ScaleInfo

INK = "#1f2933"
NO_SCORE_COLOUR = "#d9d9d9"


def colour_for_score(score: float | None, scale: ScaleInfo) -> str:
    """The colour of the scale level whose score is nearest ``score``."""
    if score is None:
        return NO_SCORE_COLOUR
    top = scale.top
    best = min(scale.levels, key=lambda lv: (abs(100.0 * lv.value / top - score), lv.value))
    return best.colour


def text_colour(background: str) -> str:
    """Dark ink on light fills, white on dark ones (WCAG relative luminance)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.22 else INK
