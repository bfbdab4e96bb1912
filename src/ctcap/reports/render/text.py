"""How every renderer prints a score, a change, a share, a cap and the synthetic mark.

Scores are on 0–100 and print with one decimal (``—`` when nothing is scored). A
*change* is the new score minus the previous round's, in points; its arrow is decided
on the value rounded to one decimal, as it is printed, so an arrow never contradicts
the number beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..gap_model import AreaLine

SYNTHETIC_MARK = "SYNTHETIC DATA"
SYNTHETIC_NOTICE = (
    "this report contains fictional countries or answers made for demonstration; "
    "they are not an assessment of any real country."
)


def trend_arrow(change: float | None) -> str:
    """▲ up, ▼ down, = unchanged, "" when there is nothing to compare with."""
    if change is None:
        return ""
    rounded = round(change, 1)
    if rounded > 0:
        return "▲"
    if rounded < 0:
        return "▼"
    return "="


def format_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def format_change(change: float | None) -> str:
    """``▲ 12.5``, ``▼ 3.0``, ``= 0.0``; ``—`` when there is no previous round."""
    if change is None:
        return "—"
    arrow = trend_arrow(change)
    return f"{arrow} {abs(round(change, 1)):.1f}"


def format_percent(ratio: float) -> str:
    return f"{100 * ratio:.0f}%"


def cap_reason(area: AreaLine) -> str:
    """Why the area is capped, in one sentence; "" when it is not."""
    if not area.capped_by:
        return ""
    causes = "; ".join(f"{c.title} ({c.item_id}) at {c.level}" for c in area.capped_by)
    return (
        f"Capped at {format_score(area.cap_score)} (would be {format_score(area.uncapped)}): "
        f"fundamental item below target: {causes}"
    )
