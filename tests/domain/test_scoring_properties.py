"""Properties the scoring rules keep for any checklist, scale and answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ctcap.domain.answers import Special
from ctcap.domain.compare import compare_rounds
from ctcap.domain.gaps import assistance_totals, gaps, item_gap
from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.scoring import effective_level, score_area, score_assessment, score_item

NA = Special.NOT_APPLICABLE
UNKNOWN = Special.NO_INFORMATION
PROPERTIES = settings(max_examples=200, deadline=None)


@st.composite
def scales(draw: st.DrawFn) -> dict[str, Any]:
    values = sorted(draw(st.sets(st.integers(min_value=0, max_value=9), min_size=2, max_size=7)))
    return {
        "id": "s",
        "title": "S",
        "levels": [
            {"value": v, "label": f"L{v}", "description": "d", "colour": "#000000"} for v in values
        ],
    }


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    scale = draw(scales())
    values = [level["value"] for level in scale["levels"]]
    weights = st.floats(min_value=0.01, max_value=100, allow_nan=False) | st.sampled_from(
        [0.1, 0.2, 0.3, 1.0, 2.0, 3.0, 100.0]
    )
    counter = iter(range(1000))
    areas = []
    for a in range(draw(st.integers(min_value=1, max_value=3))):
        items = [
            {
                "id": f"item-{next(counter)}",
                "title": "T",
                "question": "Q?",
                "references": [{"title": "R"}],
                "weight": draw(weights),
                "target": draw(st.sampled_from(values)),
                "assistance_area": draw(st.sampled_from(list(AssistanceArea))),
                "fundamental": draw(st.booleans()),
                "descriptors": {v: f"level {v}" for v in values},
            }
            for _ in range(draw(st.integers(min_value=1, max_value=5)))
        ]
        areas.append({"id": f"area-{a}", "title": "A", "items": items})
    cap = draw(st.none() | st.sampled_from(values))
    return Checklist.model_validate(
        {
            "id": "c",
            "title": "C",
            "version": "1",
            "source": {"title": "S", "publisher": "P", "date": "2010"},
            "scale": scale,
            "fundamental_cap": cap,
            "areas": areas,
        }
    )


def responses_for(draw: st.DrawFn, checklist: Checklist) -> dict[str, Any]:
    answer = st.sampled_from([None, NA, UNKNOWN]) | st.sampled_from(checklist.scale.values)
    found = {item.id: draw(answer) for item in checklist.items()}
    return {item_id: value for item_id, value in found.items() if value is not None}


@st.composite
def assessed(draw: st.DrawFn) -> tuple[Checklist, dict[str, Any]]:
    checklist = draw(checklists())
    return checklist, responses_for(draw, checklist)


def in_range(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 100.0


@PROPERTIES
@given(case=assessed())
def test_scores_are_within_0_and_100_and_completion_within_0_and_1(case: Any) -> None:
    checklist, responses = case
    result = score_assessment(checklist, responses)
    assert in_range(result.overall)
    assert 0.0 <= result.completion <= 1.0
    assert 0 <= result.answered <= result.applicable <= result.total
    for area in result.areas:
        assert in_range(area.score) and in_range(area.uncapped)
        assert 0.0 <= area.completion <= 1.0
        assert 0.0 <= area.target <= 100.0
        if area.score is not None:
            assert area.uncapped is not None
            assert area.score <= area.uncapped
            if area.capped_by:
                assert area.score == area.cap_score < area.uncapped
            else:
                assert area.score == area.uncapped
    for item in checklist.items():
        assert in_range(score_item(responses.get(item.id), checklist.scale))


@PROPERTIES
@given(case=assessed(), data=st.data())
def test_raising_one_level_never_lowers_the_uncapped_area_score(case: Any, data: Any) -> None:
    checklist, responses = case
    item = data.draw(st.sampled_from(checklist.items()))
    values = checklist.scale.values
    low = data.draw(st.sampled_from([UNKNOWN, *values]))
    low_level = effective_level(low, checklist.scale)
    high = data.draw(st.sampled_from([v for v in values if low_level is None or v >= low_level]))
    area = checklist.area_of(item.id)
    before = score_area(area, {**responses, item.id: low}, checklist.scale, checklist.cap_level)
    after = score_area(area, {**responses, item.id: high}, checklist.scale, checklist.cap_level)
    assert before.uncapped is not None and after.uncapped is not None
    assert after.uncapped >= before.uncapped
    assert after.answered == before.answered


@PROPERTIES
@given(case=assessed(), data=st.data())
def test_na_item_counts_as_if_it_were_not_in_the_checklist(case: Any, data: Any) -> None:
    checklist, responses = case
    item = data.draw(st.sampled_from(checklist.items()))
    with_na = score_assessment(checklist, {**responses, item.id: NA})
    area = checklist.area_of(item.id)
    remaining = [i for i in area.items if i.id != item.id]
    others = {k: v for k, v in responses.items() if k != item.id}
    for before, after in zip(score_assessment(checklist, others).areas, with_na.areas, strict=True):
        if before.area_id != area.id:
            assert before == after  # other areas are untouched
    if remaining:
        smaller = area.model_copy(update={"items": remaining})
        without = score_area(smaller, others, checklist.scale, checklist.cap_level)
        na_area = with_na.area(area.id)
        assert (na_area.score, na_area.uncapped, na_area.capped_by, na_area.target) == (
            without.score,
            without.uncapped,
            without.capped_by,
            without.target,
        )
        assert (na_area.answered, na_area.applicable) == (without.answered, without.applicable)


@PROPERTIES
@given(case=assessed())
def test_priority_is_positive_below_target_and_there_is_no_gap_at_or_above(case: Any) -> None:
    checklist, responses = case
    scale = checklist.scale
    found = {g.item_id: g for g in gaps(checklist, responses)}
    for item in checklist.items():
        response = responses.get(item.id)
        level = None if response is None else effective_level(response, scale)
        gap = item_gap(checklist, item.id, response)
        if level is None or level >= item.target:
            assert gap is None and item.id not in found
        else:
            assert gap is not None and found[item.id] == gap
            assert gap.steps == item.target - level > 0
            assert 0.0 < gap.normalised <= 1.0
            assert gap.priority > 0.0
            assert gap.priority == item.weight * gap.normalised
            assert gap.no_information == (response == UNKNOWN)
    ranked = list(found.values())
    keys = [(not g.fundamental, -g.priority) for g in ranked]
    assert keys == sorted(keys)
    totals = assistance_totals(ranked)
    assert [t.area for t in sorted(totals, key=lambda t: list(AssistanceArea).index(t.area))] == (
        list(AssistanceArea)
    )
    assert all(t.priority >= 0.0 for t in totals)
    assert sum(t.gaps for t in totals) == len(ranked)
    for total in totals:
        mine = [g.priority for g in ranked if g.assistance_area == total.area]
        assert total.priority == sum(mine)


@PROPERTIES
@given(case=assessed(), data=st.data())
def test_comparing_a_round_with_itself_changes_nothing(case: Any, data: Any) -> None:
    checklist, responses = case
    same = compare_rounds(checklist, responses, checklist, dict(responses))
    assert same.changed == same.added == same.removed == same.reworded == ()
    later = responses_for(data.draw, checklist)
    comparison = compare_rounds(checklist, responses, checklist, later)
    assert {c.item_id for c in comparison.changed} == {
        i.id for i in checklist.items() if responses.get(i.id) != later.get(i.id)
    }
    for change in comparison.changed:
        reverse = compare_rounds(checklist, later, checklist, responses)
        back = next(c for c in reverse.changed if c.item_id == change.item_id)
        assert back.direction == -change.direction
