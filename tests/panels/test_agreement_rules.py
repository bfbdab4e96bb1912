"""Per-item disagreement, the discussion ranking, and self against external, by hand."""

from __future__ import annotations

from typing import Any

import pytest

from ctcap.domain.agreement import item_agreement, panel_agreement
from ctcap.domain.answers import Special
from ctcap.domain.self_external import compare_self_external

NA, UNKNOWN = Special.NOT_APPLICABLE, Special.NO_INFORMATION


def test_an_item_knows_its_spread_and_whether_it_is_within_one_step(
    minimal_checklist: Any,
) -> None:
    scale = minimal_checklist.scale
    close = item_agreement("i", "a", [("ana", 3), ("ben", 4), ("cy", 3)], scale)
    apart = item_agreement("i", "a", [("ana", 1), ("ben", 4), ("cy", None)], scale)
    same = item_agreement("i", "a", [("ana", NA), ("ben", NA)], scale)
    mixed = item_agreement("i", "a", [("ana", NA), ("ben", 2), ("cy", 2)], scale)
    assert (close.spread, close.within_one, close.unanimous) == (1, True, False)
    assert (apart.spread, apart.within_one, apart.unanswered) == (3, False, 1)
    assert (same.spread, same.within_one, same.unanimous) == (None, None, True)
    # The levels agree, but whether the item applies at all does not.
    assert mixed.mixed_special and mixed.within_one and not mixed.unanimous
    assert mixed.needs_discussion and not close.needs_discussion


def test_items_most_in_need_of_discussion_come_first(minimal_checklist: Any) -> None:
    members = ("ana", "ben", "cy")
    responses = {
        "ana": {"sltd-reporting": 1, "sltd-screening": 3},
        "ben": {"sltd-reporting": 5, "sltd-screening": 3},
        "cy": {"sltd-reporting": 2, "sltd-screening": 3},
    }
    found = panel_agreement(minimal_checklist, members, responses, resamples=50)
    assert [i.item_id for i in found.for_discussion()] == ["sltd-reporting"]
    assert [i.item_id for i in found.unanimous] == ["sltd-screening"]
    assert found.overall.units == 2 and found.overall.resamples == 50


def test_unanimous_levels_everywhere_give_alpha_one(capacity_checklist: Any) -> None:
    levels = [1 + n % 5 for n, _ in enumerate(capacity_checklist.items())]
    answers = {item.id: lv for item, lv in zip(capacity_checklist.items(), levels, strict=True)}
    members = [f"m{n}" for n in range(4)]
    found = panel_agreement(capacity_checklist, members, dict.fromkeys(members, answers))
    assert found.overall.value == pytest.approx(1.0)
    assert found.for_discussion() == []
    assert len(found.unanimous) == 66


def test_self_against_external_item_by_item_and_on_average(minimal_checklist: Any) -> None:
    ours = {"sltd-reporting": 4, "sltd-screening": 3}
    theirs = {"sltd-reporting": 3, "sltd-screening": UNKNOWN}
    found = compare_self_external(minimal_checklist, ours, theirs)
    by_item = {i.item_id: i for i in found.items}
    assert by_item["sltd-reporting"].steps == -1
    assert by_item["sltd-reporting"].points == pytest.approx(-20.0)  # one step of five
    # No information scores as the lowest level: 3 → 1 is two steps down.
    assert by_item["sltd-screening"].steps == -2
    assert found.mean_steps == pytest.approx(-1.5)
    assert found.mean_points == pytest.approx(-30.0)
    assert (found.compared, found.lower, found.higher) == (2, 2, 0)
    assert found.overall_points is not None and found.overall_points < 0


def test_not_applicable_items_are_listed_but_not_averaged(minimal_checklist: Any) -> None:
    found = compare_self_external(
        minimal_checklist, {"sltd-reporting": 2, "sltd-screening": NA}, {"sltd-reporting": 4}
    )
    assert found.compared == 1 and found.mean_steps == pytest.approx(2.0)
    assert [i.steps for i in found.items] == [2, None]
