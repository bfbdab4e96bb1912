"""Handling marks and the release rule (domain.marks)."""

from __future__ import annotations

import pytest

from ctcap.domain.marks import TLP, MarkError, Release, custom_scheme


def test_tlp_levels_are_ordered_and_read_in_any_spelling() -> None:
    assert TLP.levels == ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
    assert TLP.default == "AMBER"
    assert TLP.parse("tlp:amber+strict") == TLP.parse(" AMBER+STRICT ") == "AMBER+STRICT"
    assert TLP.label("GREEN") == "TLP:GREEN"
    assert TLP.stricter("GREEN", None, "AMBER") == "AMBER"
    assert TLP.stricter() == "CLEAR"
    with pytest.raises(MarkError, match="unknown mark 'white'"):
        TLP.parse("white")  # TLP 1.0's WHITE is CLEAR in 2.0


def test_a_release_shows_what_is_at_or_below_its_level() -> None:
    green = Release(TLP, "GREEN")
    assert green.shows("CLEAR") and green.shows("GREEN") and not green.shows("AMBER")
    assert green.withheld("GREEN", None) is None
    assert green.withheld("GREEN", "AMBER+STRICT") == "AMBER+STRICT"
    assert Release(TLP).shows("RED")  # no release level: everything


def test_a_ministry_may_use_its_own_ordered_levels() -> None:
    scheme = custom_scheme(["Unclassified", "restricted", "SECRET"], "restricted")
    assert scheme.levels == ("UNCLASSIFIED", "RESTRICTED", "SECRET")
    assert (scheme.default, scheme.label("SECRET"), scheme.is_tlp) == (
        "RESTRICTED",
        "SECRET",
        False,
    )
    assert custom_scheme(TLP.levels).is_tlp  # naming TLP's levels is TLP


@pytest.mark.parametrize(
    ("levels", "words"),
    [
        (["ONLY"], "at least two"),
        (["A", "A"], "once"),
        (["OPEN", "SECRET<script>"], "letters, digits"),
    ],
)
def test_a_malformed_scheme_is_refused(levels: list[str], words: str) -> None:
    with pytest.raises(MarkError, match=words):
        custom_scheme(levels)
