"""Krippendorff's alpha: agreement among any number of raters, answers missing allowed.

Written here from Krippendorff's definitions ("Computing Krippendorff's Alpha-Reliability",
2011): the reliability data are units (items) each holding the values the raters gave it,
``None`` where a rater gave none. Pairable values (units with two or more values) fill a
coincidence matrix ``o[c, k]``: every ordered pair of values within a unit of ``m`` values
adds ``1 / (m − 1)``. With ``n_c`` the row sums and ``n`` their total,

    alpha = 1 − (n − 1) · Σ o[c, k] δ²(c, k) ÷ Σ n_c · n_k · δ²(c, k)

where δ² is the metric's difference: nominal (0 or 1), ordinal (the squared count of
pairable values from c to k, half of each end), interval ((c − k)²) or ratio
(((c − k) ÷ (c + k))²). Alpha is undefined (None) where the values do not vary at all:
there is nothing to agree or disagree about beyond chance.

The bootstrap interval resamples units with replacement (seeded, so the same data and
seed give the same interval) and takes the percentiles of the resampled alphas.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
METRICS: tuple[Metric, ...] = ("nominal", "ordinal", "interval", "ratio")
Coincidences = dict[tuple[float, float], float]


def unit_coincidences(values: Iterable[float | None]) -> Coincidences:
    """One unit's contribution to the coincidence matrix (empty if it has < 2 values)."""
    counts = Counter(v for v in values if v is not None)
    m = sum(counts.values())
    if m < 2:
        return {}
    found: Coincidences = {}
    for c, n_c in counts.items():
        for k, n_k in counts.items():
            pairs = n_c * (n_c - 1) if c == k else n_c * n_k
            if pairs:
                found[(c, k)] = pairs / (m - 1)
    return found


def _delta(metric: Metric, marginals: Mapping[float, float]) -> dict[tuple[float, float], float]:
    values = sorted(marginals)
    deltas: dict[tuple[float, float], float] = {}
    for i, c in enumerate(values):
        for j, k in enumerate(values):
            if metric == "nominal":
                deltas[(c, k)] = 0.0 if c == k else 1.0
            elif metric == "interval":
                deltas[(c, k)] = (c - k) ** 2
            elif metric == "ratio":
                deltas[(c, k)] = 0.0 if c + k == 0 else ((c - k) / (c + k)) ** 2
            else:
                low, high = min(i, j), max(i, j)
                between = sum(marginals[values[g]] for g in range(low, high + 1))
                deltas[(c, k)] = (between - (marginals[c] + marginals[k]) / 2) ** 2
    return deltas


def alpha_from_coincidences(
    coincidences: Mapping[tuple[float, float], float], metric: Metric
) -> float | None:
    marginals: dict[float, float] = {}
    for (c, _k), weight in coincidences.items():
        marginals[c] = marginals.get(c, 0.0) + weight
    n = sum(marginals.values())
    if n < 2:
        return None
    deltas = _delta(metric, marginals)
    observed = sum(weight * deltas[pair] for pair, weight in coincidences.items())
    expected = sum(
        marginals[c] * marginals[k] * deltas[(c, k)] for c in marginals for k in marginals
    )
    if expected <= 1e-12:
        return None  # no variation: alpha is undefined
    return 1.0 - (n - 1) * observed / expected


def _summed(contributions: Iterable[tuple[Coincidences, int]]) -> Coincidences:
    total: Coincidences = {}
    for unit, times in contributions:
        for pair, weight in unit.items():
            total[pair] = total.get(pair, 0.0) + weight * times
    return total


def krippendorff_alpha(
    units: Sequence[Sequence[float | None]], metric: Metric = "ordinal"
) -> float | None:
    """Alpha of ``units`` (each unit: one value per rater, None where missing)."""
    return alpha_from_coincidences(_summed((unit_coincidences(u), 1) for u in units), metric)


@dataclass(frozen=True)
class AlphaEstimate:
    value: float | None  # None: undefined (no variation, or fewer than 2 pairable values)
    low: float | None  # bootstrap percentile interval, None when it cannot be had
    high: float | None
    level: float  # e.g. 0.95
    units: int  # units with at least two values
    pairable: int  # values in those units
    resamples: int
    seed: int


def alpha_with_interval(
    units: Sequence[Sequence[float | None]],
    metric: Metric = "ordinal",
    *,
    resamples: int = 1000,
    seed: int = 1,
    level: float = 0.95,
) -> AlphaEstimate:
    """Alpha and a bootstrap percentile interval over units, deterministic for a seed.

    Identical units are grouped first, so a resample adds up a few distinct coincidence
    tables instead of one per unit: a panel of 66 items costs milliseconds per thousand.
    """
    contributions = [unit_coincidences(u) for u in units]
    pairable_units = [c for c in contributions if c]
    value = alpha_from_coincidences(_summed((c, 1) for c in pairable_units), metric)
    sizes = [sum(1 for v in u if v is not None) for u in units]
    pairable = sum(size for size in sizes if size >= 2)
    kinds: dict[tuple[tuple[tuple[float, float], float], ...], int] = {}
    kind_of = [kinds.setdefault(tuple(sorted(c.items())), len(kinds)) for c in pairable_units]
    tables = [dict(key) for key in kinds]
    low = high = None
    if value is not None and resamples > 0 and len(pairable_units) > 1:
        rng = random.Random(seed)
        count = len(pairable_units)
        found: list[float] = []
        for _ in range(resamples):
            drawn = Counter(kind_of[i] for i in rng.choices(range(count), k=count))
            estimate = alpha_from_coincidences(
                _summed((tables[k], times) for k, times in drawn.items()), metric
            )
            if estimate is not None:
                found.append(estimate)
        if found:
            low, high = _percentiles(sorted(found), level)
    return AlphaEstimate(value, low, high, level, len(pairable_units), pairable, resamples, seed)


def _percentiles(ordered: list[float], level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    last = len(ordered) - 1
    return ordered[round(tail * last)], ordered[round((1 - tail) * last)]
