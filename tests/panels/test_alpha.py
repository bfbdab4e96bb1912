"""Krippendorff's alpha, written here, against his published worked example and its laws."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctcap.domain.alpha import METRICS, alpha_with_interval, krippendorff_alpha

N = None
# "Computing Krippendorff's Alpha-Reliability" (Krippendorff, 2011): four observers
# (rows) coding twelve units, with missing values. Units 11 and 12 hold one value each
# (unit 12 is then not pairable).
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
UNITS = [list(unit) for unit in zip(*OBSERVERS, strict=True)]
# His published values, to three decimals (also those of the Perl module
# Statistics::Krippendorff's test of the same matrix).
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize("metric", METRICS)
def test_the_published_worked_example_is_reproduced(metric: str) -> None:
    assert round(krippendorff_alpha(UNITS, metric), 3) == PUBLISHED[metric]  # type: ignore[arg-type]


def test_the_interval_is_seeded_and_brackets_the_estimate() -> None:
    once = alpha_with_interval(UNITS, "ordinal", resamples=500, seed=7)
    again = alpha_with_interval(UNITS, "ordinal", resamples=500, seed=7)
    other = alpha_with_interval(UNITS, "ordinal", resamples=500, seed=8)
    assert once == again
    assert (once.low, once.high) != (other.low, other.high)
    assert once.low is not None and once.high is not None and once.value is not None
    assert once.low <= once.value <= once.high <= 1.0
    assert (once.units, once.pairable) == (11, 40)  # unit 12 is not pairable


def test_no_variation_leaves_alpha_undefined() -> None:
    assert krippendorff_alpha([[3, 3, 3], [3, 3, N]], "ordinal") is None
    assert krippendorff_alpha([[3, N], [N, 2]], "ordinal") is None  # nothing pairable
    assert alpha_with_interval([[2, 2], [2, 2]]).value is None


levels = st.integers(min_value=1, max_value=5)


@st.composite
def reliability_data(draw: st.DrawFn) -> list[list[int | None]]:
    raters = draw(st.integers(min_value=2, max_value=6))
    units = draw(st.integers(min_value=2, max_value=12))
    cell = st.one_of(st.none(), levels)
    return [[draw(cell) for _ in range(raters)] for _ in range(units)]


@settings(max_examples=150, deadline=None)
@given(st.lists(levels, min_size=2, max_size=10, unique=True), st.integers(2, 6), st.data())
def test_perfect_agreement_gives_one(values: list[int], raters: int, data: st.DataObject) -> None:
    units: list[list[int | None]] = [[value] * raters for value in values]
    # Missing answers do not spoil agreement, as long as each unit keeps two values.
    for unit in units:
        for index in data.draw(st.sets(st.integers(0, raters - 1), max_size=raters - 2)):
            unit[index] = None
    for metric in METRICS:
        assert krippendorff_alpha(units, metric) == pytest.approx(1.0)


@settings(max_examples=150, deadline=None)
@given(reliability_data(), st.randoms(use_true_random=False))
def test_permuting_units_or_raters_changes_nothing(
    units: list[list[int | None]], rng: random.Random
) -> None:
    shuffled_units = units[:]
    rng.shuffle(shuffled_units)
    order = list(range(len(units[0])))
    rng.shuffle(order)
    shuffled_raters = [[unit[i] for i in order] for unit in units]
    for metric in METRICS:
        expected = krippendorff_alpha(units, metric)
        for other in (shuffled_units, shuffled_raters):
            found = krippendorff_alpha(other, metric)
            assert found == pytest.approx(expected) if expected is not None else found is None


@settings(max_examples=100, deadline=None)
@given(reliability_data())
def test_alpha_is_at_most_one(units: list[list[int | None]]) -> None:
    for metric in METRICS:
        found = krippendorff_alpha(units, metric)
        assert found is None or found <= 1.0 + 1e-9
