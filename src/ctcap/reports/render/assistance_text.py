"""How every format prints the assistance reports' amounts, shares, flags and outcomes.

One place for the words and marks, so that an over-served row reads the same in
Markdown, HTML, CSV, XLSX and the TUI: ``▲ over-served``, ``▼ under-served``,
``✗ unserved``, and ``⚑`` where several donors address one item gap at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ctcap.domain.before_after import Outcome
from ctcap.domain.model import AssistanceArea

from ..assistance_model import Money, NeedAgainstAssistance, NeedRow, Served

SEVERAL_DONORS = "⚑"
NO_AREA = "(no area)"

SERVED_LABELS: dict[Served, str] = {
    Served.UNSERVED: "✗ unserved",
    Served.UNDER: "▼ under-served",
    Served.BALANCED: "balanced",
    Served.OVER: "▲ over-served",
    Served.NO_GAP: "no gap",
    Served.AMOUNT_UNKNOWN: "amount unknown",
    Served.NOT_ASSESSED: "not assessed",
    Served.AREA_UNSTATED: "area unstated",
}
# The rows that stand out, and the ones that are flagged most strongly.
STANDING_OUT = frozenset({Served.UNSERVED, Served.UNDER, Served.OVER})

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CLOSED: "closed",
    Outcome.NARROWED: "narrowed",
    Outcome.UNCHANGED: "unchanged",
    Outcome.REGRESSED: "regressed",
    Outcome.NOT_REASSESSED: "not yet re-assessed",
    Outcome.NO_BASELINE: "no baseline",
}


def money(value: Decimal | None, currency: str | None) -> str:
    """``1,600,000 USD``, ``12.50 JPY``; ``—`` when unknown."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".removesuffix(".00")
    return f"{text} {currency or ''}".strip()


def share(value: float | None) -> str:
    """A share of a whole as a percentage with one decimal; ``—`` when there is no whole."""
    return "—" if value is None else f"{100 * value:.1f}%"


def times(value: float | None) -> str:
    """Committed share ÷ need share: ``2.4×``; ``—`` where it is not defined."""
    return "—" if value is None else f"{value:.1f}×"


def area_title(area: AssistanceArea | None) -> str:
    return NO_AREA if area is None else area.title


def level(value: int | None) -> str:
    return "?" if value is None else str(value)


def served_label(row: NeedRow) -> str:
    return SERVED_LABELS[row.served]


def several_donors(row: NeedRow) -> str:
    """``⚑ 2 items`` where several donors address an item gap of this row at once."""
    count = len(row.several_donors)
    if not count:
        return ""
    return f"{SEVERAL_DONORS} {count} item{'s' if count != 1 else ''}"


def others(amounts: Sequence[Money]) -> str:
    """Commitments in other currencies, never converted: ``+ 5,000 JPY``."""
    return "; ".join(f"+ {money(m.committed, m.currency)}" for m in amounts)


def thresholds(view: NeedAgainstAssistance) -> str:
    return (
        f"under-served: committed share below {view.under:g} × need share; over-served: "
        f"above {view.over:g} ×; unserved: a gap and no project at all"
    )
