"""Which round is current and which is previous, and when an item is reworded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ctcap.domain.model import Item, Scale
from ctcap.domain.rounds import (
    previous_round,
    previous_rounds,
    reported_round,
    reworded,
    working_round,
)


@dataclass(frozen=True)
class R:
    id: int
    as_of: date
    is_final: bool
    based_on_id: int | None = None
    checklist_id: str = "c"
    origin: str | None = None


F1 = R(1, date(2023, 1, 1), True)
F2 = R(2, date(2024, 1, 1), True)
D3 = R(3, date(2024, 6, 1), False)  # a draft never finalised
F4 = R(4, date(2025, 1, 1), True)
FROM_F1 = R(5, date(2026, 1, 1), False, based_on_id=1)  # `new --from 1`
OTHER = R(6, date(2025, 6, 1), True, checklist_id="other")


def test_working_round_is_the_latest_draft_else_the_latest_final() -> None:
    assert working_round([F1, F2, D3, F4, FROM_F1]) == FROM_F1
    assert working_round([F1, D3, F2]) == D3  # a draft wins over a later final
    assert working_round([F1, F2]) == F2
    assert working_round([]) is None


def test_reported_round_is_the_latest_final_else_the_latest_draft() -> None:
    assert reported_round([F1, F2, D3, F4, FROM_F1]) == F4
    assert reported_round([D3]) == D3
    assert reported_round([]) is None


def test_order_is_as_of_then_id_not_the_order_given() -> None:
    same_day = R(7, F4.as_of, True)
    assert reported_round([same_day, F4]) == same_day
    assert working_round(list(reversed([F1, F2, D3]))) == D3


def test_previous_is_the_based_on_round_when_there_is_one() -> None:
    rounds = [F1, F2, D3, F4, FROM_F1, OTHER]
    assert previous_round(rounds, FROM_F1) == F1


def test_previous_is_the_latest_final_before_skipping_drafts() -> None:
    rounds = [F1, F2, D3, F4, OTHER]
    assert previous_round(rounds, F4) == F2
    assert previous_round(rounds, F2) == F1
    assert previous_round(rounds, F1) is None


def test_previous_falls_back_to_a_draft_before_and_ignores_other_checklists() -> None:
    draft_first = R(8, date(2020, 1, 1), False)
    later = R(9, date(2026, 1, 1), True, checklist_id="other")
    assert previous_round([draft_first, F1, OTHER, later], F1) == draft_first
    assert previous_round([OTHER, later], later) == OTHER


def test_a_based_on_round_of_another_checklist_or_later_is_not_taken() -> None:
    strange = R(10, date(2027, 1, 1), True, based_on_id=OTHER.id)
    assert previous_round([F1, F2, OTHER, strange], strange) == F2
    backwards = R(11, date(2022, 1, 1), True, based_on_id=F2.id)
    assert previous_round([F1, F2, backwards], backwards) is None


def test_previous_rounds_of_a_series() -> None:
    series = [F1, F2, D3, F4, FROM_F1]
    assert previous_rounds(series) == {1: None, 2: F1, 3: F2, 4: F2, 5: F1}


def _scale(label_2: str = "Limited") -> Scale:
    return Scale.model_validate(
        {
            "id": "s",
            "title": "S",
            "levels": [
                {"value": 1, "label": "None", "description": "d1", "colour": "#aa0000"},
                {"value": 2, "label": label_2, "description": "d2", "colour": "#aaaa00"},
                {"value": 3, "label": "Full", "description": "d3", "colour": "#00aa00"},
            ],
        }
    )


def _item(question: str = "Is it there?", descriptor_3: str = "Yes") -> Item:
    return Item.model_validate(
        {
            "id": "i",
            "title": "I",
            "question": question,
            "references": [{"title": "ref"}],
            "target": 3,
            "assistance_area": "immigration-control",
            "descriptors": {1: "No", 2: "Partly", 3: descriptor_3},
        }
    )


def test_reworded_when_the_question_descriptors_or_scale_meaning_change() -> None:
    scale = _scale()
    assert not reworded(_item(), scale, _item(), _scale())
    assert reworded(_item(), scale, _item(question="Is it there and used?"), scale)
    assert reworded(_item(), scale, _item(descriptor_3="Yes, audited"), scale)
    assert reworded(_item(), scale, _item(), _scale(label_2="Some"))


def test_a_self_and_an_external_round_of_one_date_are_not_each_others_previous() -> None:
    mine = R(7, date(2025, 6, 1), True, origin="self")
    theirs = R(8, date(2025, 6, 1), True, origin="external")
    assert previous_round([F1, F4, mine, theirs], theirs) == F4
    assert previous_round([F1, F4, mine, theirs], mine) == F4
    unsaid = R(9, date(2025, 6, 1), True)  # a round nobody marked is a later round
    assert previous_round([F4, mine, unsaid], unsaid) == mine
    again = R(10, date(2025, 6, 1), True, origin="self")  # two self rounds: a correction
    assert previous_round([F4, mine, again], again) == mine
