"""The scoring rules, each with exact numbers worked out by hand.

Scale ``five`` has levels 1..5 (top 5: level v scores 20·v); scale ``zero-three``
has levels 0..3 (top 3). The default fundamental cap is the scale's second level.
"""

from __future__ import annotations

from typing import Any

import pytest

from ctcap.domain.answers import Special, parse_response, response_label
from ctcap.domain.model import Checklist, Scale
from ctcap.domain.scoring import (
    effective_level,
    is_below_target,
    level_score,
    score_area,
    score_assessment,
    score_item,
)
from ctcap.errors import CtcapError, InvalidAnswerError

NA = Special.NOT_APPLICABLE
UNKNOWN = Special.NO_INFORMATION


def scale_data(values: list[int], scale_id: str = "five") -> dict[str, Any]:
    return {
        "id": scale_id,
        "title": scale_id,
        "levels": [
            {"value": v, "label": f"L{v}", "description": f"level {v}", "colour": "#123456"}
            for v in values
        ],
    }


FIVE = scale_data([1, 2, 3, 4, 5])
ZERO_THREE = scale_data([0, 1, 2, 3], "zero-three")


def item(
    item_id: str,
    *,
    target: int = 4,
    weight: float = 1.0,
    fundamental: bool = False,
    values: list[int] | None = None,
) -> dict[str, Any]:
    return {
        "id": item_id,
        "title": item_id.upper(),
        "question": f"Is {item_id} in place?",
        "references": [{"title": "A reference"}],
        "weight": weight,
        "target": target,
        "assistance_area": "aviation-security",
        "fundamental": fundamental,
        "descriptors": {v: f"{item_id} at {v}" for v in (values or [1, 2, 3, 4, 5])},
    }


def checklist(
    areas: dict[str, list[dict[str, Any]]],
    scale: dict[str, Any] = FIVE,
    fundamental_cap: int | None = None,
) -> Checklist:
    return Checklist.model_validate(
        {
            "id": "test",
            "title": "Test",
            "version": "1",
            "source": {"title": "S", "publisher": "P", "date": "2010"},
            "scale": scale,
            "fundamental_cap": fundamental_cap,
            "areas": [
                {"id": area_id, "title": area_id, "items": items}
                for area_id, items in areas.items()
            ],
        }
    )


def one_area(*items: dict[str, Any], **kwargs: Any) -> Checklist:
    return checklist({"area": list(items)}, **kwargs)


def area_score(cl: Checklist, responses: dict[str, Any]) -> Any:
    return score_area(cl.areas[0], responses, cl.scale, cl.cap_level)


# --- items ---------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "expected"), [(1, 20.0), (2, 40.0), (4, 80.0), (5, 100.0)])
def test_item_score_is_100_times_level_over_top(level: int, expected: float) -> None:
    scale = Scale.model_validate(FIVE)
    assert score_item(level, scale) == expected
    assert level_score(level, scale) == expected


def test_item_score_on_a_scale_from_zero() -> None:
    scale = Scale.model_validate(ZERO_THREE)
    assert score_item(0, scale) == 0.0
    assert score_item(2, scale) == pytest.approx(200 / 3)
    assert score_item(3, scale) == 100.0
    assert score_item(UNKNOWN, scale) == 0.0


def test_na_and_unanswered_are_left_out_unknown_is_the_lowest_level() -> None:
    scale = Scale.model_validate(FIVE)
    assert score_item(NA, scale) is None
    assert score_item(None, scale) is None
    assert score_item(UNKNOWN, scale) == 20.0
    assert effective_level(UNKNOWN, scale) == 1
    assert effective_level(NA, scale) is None
    assert effective_level(3, scale) == 3


def test_below_target() -> None:
    cl = one_area(item("a", target=4))
    a, scale = cl.item("a"), cl.scale
    assert is_below_target(a, 3, scale)
    assert not is_below_target(a, 4, scale)
    assert not is_below_target(a, 5, scale)
    assert is_below_target(a, UNKNOWN, scale)
    assert not is_below_target(a, NA, scale)
    assert not is_below_target(a, None, scale)


# --- areas -------------------------------------------------------------------------


def test_area_is_the_weighted_mean_of_scored_items() -> None:
    cl = one_area(item("a", weight=2), item("b", weight=1), item("c", weight=5))
    result = area_score(cl, {"a": 5, "b": 2})  # c unanswered: left out
    assert result.score == pytest.approx((100 * 2 + 40 * 1) / 3)  # 80
    assert result.uncapped == result.score
    assert result.capped_by == ()
    assert (result.answered, result.applicable, result.total) == (2, 3, 3)
    assert result.completion == pytest.approx(2 / 3)


def test_na_is_left_out_of_score_and_of_completion() -> None:
    cl = one_area(item("a", weight=1), item("b", weight=9))
    result = area_score(cl, {"a": 3, "b": NA})
    assert result.score == 60.0  # b's heavy weight does not count
    assert (result.answered, result.applicable, result.total) == (1, 1, 2)
    assert result.completion == 1.0
    # the target is over applicable items only: a's target 4 → 80
    assert result.target == 80.0
    assert result.gap == 20.0


def test_unanswered_lowers_completion_not_score() -> None:
    cl = one_area(item("a"), item("b"), item("c"), item("d"))
    result = area_score(cl, {"a": 5, "b": UNKNOWN})
    assert result.score == 60.0  # (100 + 20) / 2: unknown scores as level 1
    assert (result.answered, result.applicable) == (2, 4)
    assert result.completion == 0.5


def test_an_area_with_nothing_scored_has_no_score() -> None:
    cl = one_area(item("a"), item("b"))
    result = area_score(cl, {"a": NA})
    assert result.score is None and result.uncapped is None and result.gap is None
    assert (result.answered, result.applicable) == (0, 1)
    assert result.completion == 0.0
    all_na = area_score(cl, {"a": NA, "b": NA})
    assert all_na.applicable == 0
    assert all_na.completion == 1.0  # nothing left to answer
    assert all_na.target == 0.0


def test_fundamental_item_below_target_caps_the_area_at_the_second_level() -> None:
    cl = one_area(item("a", fundamental=True, target=4), item("b"), item("c"))
    result = area_score(cl, {"a": 3, "b": 5, "c": 5})
    assert result.uncapped == pytest.approx((60 + 100 + 100) / 3)
    assert result.cap_score == 40.0  # level 2 of 5
    assert result.score == 40.0
    assert result.capped_by == ("a",)


def test_cap_names_every_fundamental_item_below_target_in_order() -> None:
    cl = one_area(
        item("a"),
        item("f1", fundamental=True, target=5),
        item("f2", fundamental=True, target=3),
        item("f3", fundamental=True, target=3),
    )
    result = area_score(cl, {"a": 5, "f1": 4, "f2": UNKNOWN, "f3": 3})
    assert result.score == 40.0
    assert result.capped_by == ("f1", "f2")  # f3 is at target


def test_cap_does_not_raise_a_lower_score() -> None:
    cl = one_area(item("a", fundamental=True), item("b"))
    result = area_score(cl, {"a": 1, "b": 2})
    assert result.uncapped == 30.0
    assert result.score == 30.0
    assert result.capped_by == ()  # the cap does not bite


def test_fundamental_item_at_target_na_or_unanswered_does_not_cap() -> None:
    cl = one_area(item("a", fundamental=True, target=4), item("b"))
    for response in (4, 5, NA, None):
        responses = {"b": 5} if response is None else {"a": response, "b": 5}
        result = area_score(cl, responses)
        assert result.capped_by == ()
        assert result.score == result.uncapped


def test_custom_fundamental_cap() -> None:
    cl = one_area(item("a", fundamental=True, target=5), item("b"), fundamental_cap=3)
    assert cl.cap_level == 3
    result = area_score(cl, {"a": 4, "b": 5})
    assert result.uncapped == 90.0
    assert result.cap_score == 60.0
    assert result.score == 60.0
    assert result.capped_by == ("a",)


def test_cap_on_a_scale_from_zero_uses_its_second_level() -> None:
    cl = one_area(
        item("a", fundamental=True, target=3, values=[0, 1, 2, 3]),
        item("b", target=3, values=[0, 1, 2, 3]),
        scale=ZERO_THREE,
    )
    assert cl.cap_level == 1
    result = area_score(cl, {"a": 2, "b": 3})
    assert result.uncapped == pytest.approx(250 / 3)
    assert result.score == pytest.approx(100 / 3)


# --- assessment ------------------------------------------------------------------


def test_overall_is_the_plain_mean_of_area_scores() -> None:
    cl = checklist(
        {
            "big": [item("a"), item("b"), item("c")],  # 80 each → 80
            "small": [item("d")],  # 40
            "empty": [item("e")],  # unanswered: no score, left out
        }
    )
    result = score_assessment(cl, {"a": 4, "b": 4, "c": 4, "d": 2})
    assert [a.score for a in result.areas] == [80.0, 40.0, None]
    assert result.overall == 60.0  # not (80·3 + 40) / 4 = 70
    assert result.area("small").score == 40.0
    assert (result.answered, result.applicable, result.total) == (4, 5, 5)
    assert result.unanswered == 1
    assert result.completion == pytest.approx(4 / 5)


def test_overall_uses_capped_area_scores() -> None:
    cl = checklist({"x": [item("a", fundamental=True), item("b")], "y": [item("c")]})
    result = score_assessment(cl, {"a": 3, "b": 5, "c": 5})
    assert result.area("x").score == 40.0
    assert result.overall == 70.0


def test_assessment_with_nothing_answered() -> None:
    cl = checklist({"x": [item("a")], "y": [item("b", target=5)]})
    result = score_assessment(cl, {})
    assert result.overall is None
    assert result.completion == 0.0
    assert result.target == 90.0  # mean of area targets 80 and 100


def test_na_in_one_area_does_not_change_completion_elsewhere() -> None:
    cl = checklist({"x": [item("a"), item("b")], "y": [item("c")]})
    result = score_assessment(cl, {"a": NA, "b": 3})
    assert (result.answered, result.applicable, result.total) == (1, 2, 3)
    assert result.completion == 0.5


# --- answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3", 3),
        (" 5 ", 5),
        ("na", NA),
        ("N/A", NA),
        ("x", NA),
        ("unknown", UNKNOWN),
        ("?", UNKNOWN),
    ],
)
def test_parse_response(typed: str, expected: object) -> None:
    assert parse_response(typed, Scale.model_validate(FIVE)) == expected


@pytest.mark.parametrize("typed", ["0", "6", "three", "", "4.5"])
def test_parse_response_refuses_what_is_not_on_the_scale(typed: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        parse_response(typed, Scale.model_validate(FIVE))
    assert isinstance(caught.value, CtcapError)
    assert "1, 2, 3, 4, 5" in str(caught.value)


def test_response_labels() -> None:
    scale = Scale.model_validate(FIVE)
    assert response_label(None, scale) == "Unanswered"
    assert response_label(NA, scale) == "N/A"
    assert response_label(UNKNOWN, scale) == "No information"
    assert response_label(2, scale) == "2 L2"
