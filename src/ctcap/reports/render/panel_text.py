"""How every renderer prints the panel reports' numbers: alpha and its interval, a
member's answer in one cell, a difference with its sign."""

from __future__ import annotations

from ctcap.domain.alpha import AlphaEstimate

from ..model import LevelRef

UNDEFINED = "undefined (the levels given do not vary)"
METRIC_NOTE = "Krippendorff's alpha, ordinal"


def alpha_value(estimate: AlphaEstimate) -> str:
    return "—" if estimate.value is None else f"{estimate.value:.2f}"


def alpha_interval(estimate: AlphaEstimate) -> str:
    """``0.41 – 0.78``; ``—`` when there is none (too few items, no variation, 0 resamples)."""
    if estimate.low is None or estimate.high is None:
        return "—"
    return f"{estimate.low:.2f} – {estimate.high:.2f}"


def alpha_sentence(estimate: AlphaEstimate) -> str:
    """The estimate in words, with how its interval was had."""
    if estimate.value is None:
        return f"alpha {UNDEFINED}"
    interval = alpha_interval(estimate)
    how = (
        f"{estimate.level:.0%} bootstrap interval {interval} over {estimate.units} items, "
        f"{estimate.resamples} resamples, seed {estimate.seed}"
        if interval != "—"
        else "no interval"
    )
    return f"alpha {estimate.value:.2f} ({how})"


def short_answer(ref: LevelRef) -> str:
    """A member's answer in one narrow cell: the level, N/A, ? (no information), · (none)."""
    if ref.value is not None:
        return str(ref.value)
    return {"na": "N/A", "unknown": "?"}.get(ref.response, "·")


def within_one_text(within: bool | None) -> str:
    return {True: "yes", False: "no", None: "—"}[within]


def spread_text(spread: int | None) -> str:
    return "—" if spread is None else str(spread)


def signed(value: float | None, digits: int = 1) -> str:
    """``+1.5``, ``-0.25``; ``—`` when there is nothing to compare."""
    return "—" if value is None else f"{value:+.{digits}f}"


def signed_steps(steps: int | None) -> str:
    return "—" if steps is None else f"{steps:+d}"
