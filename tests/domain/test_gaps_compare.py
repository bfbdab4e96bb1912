"""Item gaps, their ranking, totals by assistance area, and comparing two rounds."""

from __future__ import annotations

from typing import Any

import pytest

from ctcap.domain.answers import Special
from ctcap.domain.compare import compare_rounds
from ctcap.domain.gaps import assistance_totals, gaps, item_gap
from ctcap.domain.model import AssistanceArea, Checklist

NA = Special.NOT_APPLICABLE
UNKNOWN = Special.NO_INFORMATION


def scale_data(values: list[int], scale_id: str) -> dict[str, Any]:
    return {
        "id": scale_id,
        "title": scale_id,
        "levels": [
            {"value": v, "label": f"L{v}", "description": f"level {v}", "colour": "#123456"}
            for v in values
        ],
    }


FIVE = scale_data([1, 2, 3, 4, 5], "five")
ZERO_THREE = scale_data([0, 1, 2, 3], "zero-three")


def item(
    item_id: str,
    *,
    target: int = 4,
    weight: float = 1.0,
    fundamental: bool = False,
    area: str = "aviation-security",
    values: tuple[int, ...] = (1, 2, 3, 4, 5),
    question: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": item_id,
        "title": item_id.upper(),
        "question": question or f"Is {item_id} in place?",
        "references": [{"title": "A reference"}],
        "weight": weight,
        "target": target,
        "assistance_area": area,
        "fundamental": fundamental,
        "descriptors": {v: f"{item_id} at {v}" for v in values},
        **extra,
    }


def checklist(
    *items: dict[str, Any], scale: dict[str, Any] = FIVE, version: str = "1"
) -> Checklist:
    half = (len(items) + 1) // 2
    areas = [("first", items[:half]), ("second", items[half:])]
    return Checklist.model_validate(
        {
            "id": "test",
            "title": "Test",
            "version": version,
            "source": {"title": "S", "publisher": "P", "date": "2010"},
            "scale": scale,
            "areas": [
                {"id": area_id, "title": area_id, "items": list(chunk)}
                for area_id, chunk in areas
                if chunk
            ],
        }
    )


# --- gaps ------------------------------------------------------------------------


def test_item_gap_in_steps_normalised_and_weighted() -> None:
    cl = checklist(item("a", target=5, weight=3))
    gap = item_gap(cl, "a", 2)
    assert gap is not None
    assert (gap.level, gap.target, gap.steps) == (2, 5, 3)
    assert gap.normalised == 0.75  # 3 steps of the 4 between levels 1 and 5
    assert gap.priority == 2.25
    assert gap.area_id == "first"
    assert gap.assistance_area is AssistanceArea.AVIATION_SECURITY
    assert not gap.fundamental and not gap.no_information


def test_item_gap_on_a_scale_from_zero() -> None:
    cl = checklist(item("a", target=3, weight=2, values=(0, 1, 2, 3)), scale=ZERO_THREE)
    gap = item_gap(cl, "a", 1)
    assert gap is not None
    assert gap.steps == 2
    assert gap.normalised == pytest.approx(2 / 3)
    assert gap.priority == pytest.approx(4 / 3)


def test_no_information_is_a_gap_from_the_lowest_level_and_flagged() -> None:
    cl = checklist(item("a", target=4))
    gap = item_gap(cl, "a", UNKNOWN)
    assert gap is not None
    assert (gap.level, gap.steps, gap.normalised) == (1, 3, 0.75)
    assert gap.no_information
    level_one = item_gap(cl, "a", 1)
    assert level_one is not None and not level_one.no_information


@pytest.mark.parametrize("response", [4, 5, NA, None])
def test_no_gap_at_or_above_target_for_na_or_unanswered(response: Any) -> None:
    assert item_gap(checklist(item("a", target=4)), "a", response) is None


def test_gaps_rank_fundamental_first_then_priority_then_checklist_order() -> None:
    cl = checklist(
        item("low", weight=1),  # 1 step  → 0.25
        item("high", weight=4),  # 3 steps → 3.0
        item("fund", weight=1, fundamental=True),  # 1 step → 0.25, but fundamental
        item("tie", weight=1),  # 1 step  → 0.25, after "low" in checklist order
        item("done", weight=9),  # at target: no gap
        item("fund2", weight=2, fundamental=True),  # 2 steps → 1.0
    )
    found = gaps(cl, {"low": 3, "high": 1, "fund": 3, "tie": 3, "done": 4, "fund2": 2})
    assert [g.item_id for g in found] == ["fund2", "fund", "high", "low", "tie"]
    assert [g.priority for g in found] == [1.0, 0.25, 3.0, 0.25, 0.25]


def test_assistance_totals_cover_all_nine_areas() -> None:
    cl = checklist(
        item("a", weight=2, area="terrorist-financing"),
        item("b", weight=1, area="terrorist-financing", fundamental=True),
        item("c", weight=1, area="customs-cooperation"),
        item("d", weight=1, area="ct-conventions"),
    )
    found = gaps(cl, {"a": 2, "b": UNKNOWN, "c": 3, "d": 4})
    totals = assistance_totals(found)
    assert len(totals) == 9
    assert {t.area for t in totals} == set(AssistanceArea)
    by_area = {t.area: t for t in totals}
    financing = by_area[AssistanceArea.TERRORIST_FINANCING]
    assert financing.priority == 2 * 0.5 + 1 * 0.75
    assert (financing.gaps, financing.fundamental_gaps) == (2, 1)
    assert by_area[AssistanceArea.CUSTOMS_COOPERATION].priority == 0.25
    assert by_area[AssistanceArea.CT_CONVENTIONS].gaps == 0  # at target
    # largest first, then the nine areas in the paper's order
    assert [t.area for t in totals[:2]] == [
        AssistanceArea.TERRORIST_FINANCING,
        AssistanceArea.CUSTOMS_COOPERATION,
    ]
    rest = [t.area for t in totals[2:]]
    assert rest == [a for a in AssistanceArea if a in rest]
    assert all(t.priority == 0 and t.gaps == 0 for t in totals[2:])


def test_assistance_totals_with_no_gaps() -> None:
    totals = assistance_totals([])
    assert [t.area for t in totals] == list(AssistanceArea)
    assert all(t.priority == 0 for t in totals)


def test_assistance_area_titles() -> None:
    assert AssistanceArea.COUNTER_CBRN.title == "Counter-CBRN terrorism"
    assert all(area.title for area in AssistanceArea)


# --- comparing rounds --------------------------------------------------------------


def test_compare_rounds_by_item_id() -> None:
    old = checklist(
        item("gone"),
        item("reworded", question="Is it there?"),
        item("same"),
        item("up"),
        item("down"),
        version="1",
    )
    new = checklist(
        item("reworded", question="Is it there and in use?"),
        item("same"),
        item("up"),
        item("down"),
        item("new"),
        version="2",
    )
    comparison = compare_rounds(
        old,
        {"gone": 3, "reworded": 2, "same": 4, "up": 2, "down": 4},
        new,
        {"reworded": 3, "same": 4, "up": 5, "down": UNKNOWN, "new": 1},
    )
    assert comparison.added == ("new",)
    assert comparison.removed == ("gone",)
    assert comparison.reworded == ("reworded",)
    changed = {c.item_id: c for c in comparison.changed}
    assert set(changed) == {"reworded", "up", "down"}  # "same" did not change
    assert (changed["up"].before, changed["up"].after, changed["up"].direction) == (2, 5, 1)
    assert changed["down"].direction == -1  # 4 → no information, i.e. level 1
    assert changed["reworded"].direction == 1
    assert [c.item_id for c in comparison.improved] == ["reworded", "up"]
    assert [c.item_id for c in comparison.regressed] == ["down"]


@pytest.mark.parametrize(
    ("before", "after"),
    [(3, NA), (NA, 3), (None, 3), (3, None), (1, UNKNOWN), (UNKNOWN, 1)],
)
def test_changes_without_a_comparable_level_have_no_direction(before: Any, after: Any) -> None:
    cl = checklist(item("a"))
    old = {} if before is None else {"a": before}
    new = {} if after is None else {"a": after}
    [change] = compare_rounds(cl, old, cl, new).changed
    assert change.direction == 0
    assert (change.before, change.after) == (before, after)


def test_reworded_means_title_question_or_descriptors() -> None:
    base = checklist(item("a"), item("b"), item("c"), item("d"))
    changed = checklist(
        item("a", title="A new title"),
        item("b", descriptors={1: "x", 2: "b at 2", 3: "b at 3", 4: "b at 4", 5: "b at 5"}),
        item("c", guidance="New guidance only"),
        item("d", weight=3, target=5),
    )
    comparison = compare_rounds(base, {}, changed, {})
    assert comparison.reworded == ("a", "b")
    assert comparison.changed == ()
    assert compare_rounds(base, {"a": 2}, base, {"a": 2}).changed == ()


def test_direction_reads_each_round_on_its_own_scale() -> None:
    """A new version may change the scale: level 3 of 0..3 is above level 4 of 1..5."""
    old = checklist(item("a"), item("b"), item("c"))
    zero_three = (0, 1, 2, 3)
    new = checklist(
        item("a", target=3, values=zero_three),
        item("b", target=3, values=zero_three),
        item("c", target=3, values=zero_three),
        scale=ZERO_THREE,
    )
    comparison = compare_rounds(old, {"a": 4, "b": 5, "c": 2}, new, {"a": 3, "b": 2, "c": 1})
    directions = {c.item_id: c.direction for c in comparison.changed}
    # 80 → 100 improved; 100 → 66.7 regressed; 40 → 33.3 regressed
    assert directions == {"a": 1, "b": -1, "c": -1}
