"""Before and after, by hand: which rounds bracket a project, and what the gap did."""

from __future__ import annotations

from datetime import date

import pytest

from ctcap.domain.answers import Response, Special
from ctcap.domain.before_after import (
    ItemRound,
    Outcome,
    bracket,
    classify,
    item_change,
    tally,
    tally_by,
)
from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import earliest, latest

from .conftest import project


def _round(checklist: Checklist, n: int, as_of: date, response: Response | None,
           final: bool = True, item: str = "sltd-reporting") -> ItemRound:  # fmt: skip
    return ItemRound(n, as_of, checklist.id, None, response, checklist.item(item),
                     checklist.scale, final)  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "outcome"),
    [
        (3, 0, Outcome.CLOSED),
        (3, 1, Outcome.NARROWED),
        (2, 2, Outcome.UNCHANGED),
        (0, 0, Outcome.UNCHANGED),
        (1, 3, Outcome.REGRESSED),
        (0, 1, Outcome.REGRESSED),
    ],
)
def test_gap_steps_classify(before: int, after: int, outcome: Outcome) -> None:
    assert classify(before, after) == outcome


def test_partial_dates_count_conservatively() -> None:
    assert earliest("2009-09") == date(2009, 9, 1) and latest("2009-09") == date(2009, 9, 30)
    assert earliest("2012") == date(2012, 1, 1) and latest("2012") == date(2012, 12, 31)
    assert latest("2024-02") == date(2024, 2, 29)


def test_bracket_takes_latest_final_before_and_first_final_after(bundled) -> None:  # type: ignore[no-untyped-def]
    minimal = bundled["minimal"]
    series = [
        _round(minimal, 1, date(2020, 6, 30), 1),
        _round(minimal, 2, date(2021, 6, 30), 2),
        _round(minimal, 3, date(2021, 8, 31), 2, final=False),  # a draft never counts
        _round(minimal, 4, date(2023, 6, 30), 3),
        _round(minimal, 5, date(2024, 6, 30), 4),
    ]
    before, after = bracket(series, "2021-09", "2022")
    assert (before and before.id, after and after.id) == (2, 4)
    # A round on a day the partial start may mean is not "before" it.
    before, _ = bracket(series, "2021-06", "2022")
    assert before is not None and before.id == 1


def test_item_change_hand_computed(bundled) -> None:  # type: ignore[no-untyped-def]
    minimal = bundled["minimal"]  # sltd-reporting: target 4 on a 1–5 scale
    series = [_round(minimal, 1, date(2020, 6, 30), 1), _round(minimal, 2, date(2023, 6, 30), 3)]
    change = item_change("minimal", "sltd-reporting", series, "2021-01-01", "2022-12-31")
    assert (change.level_before, change.level_after, change.change) == (1, 3, 2)
    assert (change.gap_before, change.gap_after, change.target) == (3, 1, 4)
    assert change.outcome == Outcome.NARROWED and change.reason == ""
    closed = item_change("minimal", "sltd-reporting",
                         [series[0], _round(minimal, 3, date(2023, 6, 30), 5)],
                         "2021-01-01", "2022-12-31")  # fmt: skip
    assert closed.outcome == Outcome.CLOSED and closed.gap_after == 0


def test_missing_comparisons_say_why(bundled) -> None:  # type: ignore[no-untyped-def]
    minimal = bundled["minimal"]
    before = _round(minimal, 1, date(2020, 6, 30), 2)
    cases = [
        ([before], None, "2022", Outcome.NO_BASELINE, "no start date"),
        ([before], "2019", "2022", Outcome.NO_BASELINE, "no final round before"),
        ([before], "2021", None, Outcome.NOT_REASSESSED, "no end date yet"),
        ([before], "2021", "2022", Outcome.NOT_REASSESSED, "no final round after"),
        ([_round(minimal, 1, date(2020, 6, 30), Special.NO_INFORMATION)], "2021", "2022",
         Outcome.NO_BASELINE, "no information"),
        ([before, _round(minimal, 2, date(2023, 6, 30), Special.NOT_APPLICABLE)], "2021", "2022",
         Outcome.NOT_REASSESSED, "not applicable"),
    ]  # fmt: skip
    for series, start, end, outcome, reason in cases:
        change = item_change("minimal", "sltd-reporting", series, start, end)
        assert change.outcome == outcome and reason in change.reason, (start, end, change)
    regional = item_change("minimal", "sltd-reporting", [], "2021", "2022", regional=True)
    assert regional.outcome == Outcome.NO_BASELINE and "regional" in regional.reason


def test_reworded_item_is_flagged(bundled) -> None:  # type: ignore[no-untyped-def]
    minimal = bundled["minimal"]
    item = minimal.item("sltd-reporting")
    changed = item.model_copy(update={"question": "A different question altogether?"})
    old = _round(minimal, 1, date(2020, 6, 30), 2)
    new = ItemRound(2, date(2023, 6, 30), "minimal", None, 4, changed, minimal.scale)
    change = item_change("minimal", "sltd-reporting", [old, new], "2021", "2022")
    assert change.reworded and change.outcome == Outcome.CLOSED
    same = item_change("minimal", "sltd-reporting",
                       [old, _round(minimal, 2, date(2023, 6, 30), 4)], "2021", "2022")  # fmt: skip
    assert not same.reworded


def test_tallies_by_project_area_and_donor(bundled) -> None:  # type: ignore[no-untyped-def]
    minimal = bundled["minimal"]
    series = [_round(minimal, 1, date(2020, 6, 30), 1), _round(minimal, 2, date(2023, 6, 30), 4)]
    closed = item_change("minimal", "sltd-reporting", series, "2021", "2022")
    open_ = item_change("minimal", "sltd-reporting", series, "2021", None)
    a = project("A-1", funding_org="Donor A")
    b = project("B-1", funding_org="Donor B", area=AssistanceArea.AVIATION_SECURITY)
    c = project("A-2", funding_org="Donor A", area=None)
    pairs = [(a, [closed]), (b, [open_]), (c, [closed, open_])]
    by_donor = dict(tally_by(pairs, "donor"))
    assert by_donor["Donor A"][Outcome.CLOSED] == 2 and by_donor["Donor A"].total == 3
    assert by_donor["Donor B"][Outcome.NOT_REASSESSED] == 1
    by_area = dict(tally_by(pairs, "area"))
    assert set(by_area) == {"immigration-control", "aviation-security", "(no area)"}
    assert [key for key, _ in tally_by(pairs, "project")] == ["A-1", "A-2", "B-1"]
    assert tally([]).total == 0
    with pytest.raises(ValueError, match="group by"):
        tally_by(pairs, "colour")
