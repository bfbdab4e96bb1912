"""The gap report model: which rounds it picks, and what each section holds."""

from __future__ import annotations

from typing import Any

import pytest

from ctcap.errors import CtcapError, NotFoundError
from ctcap.reports.gap import build_gap_report
from ctcap.reports.render.text import cap_reason

from .conftest import HOSTILE, ReportDb


def test_default_is_the_latest_final_compared_with_the_round_before(
    session: Any, report_db: ReportDb
) -> None:
    report = build_gap_report(session, "KEN")
    # ken3 (2025) is a draft, so the latest final (ken2) is reported, against ken1.
    assert report.subject.assessment_id == report_db.ids["ken2"]
    assert report.against is not None
    assert report.against.assessment_id == report_db.ids["ken1"]
    assert report.country_name == "Kenya"
    assert not report.synthetic


def test_alpha2_codes_are_accepted(session: Any, report_db: ReportDb) -> None:
    assert build_gap_report(session, "ke").subject.assessment_id == report_db.ids["ken2"]


def test_draft_is_used_when_nothing_is_final(session: Any, report_db: ReportDb) -> None:
    report = build_gap_report(session, "XBB")
    assert report.subject.assessment_id == report_db.ids["xbb1"]
    assert report.subject.status == "draft"
    assert report.against is None
    assert report.synthetic
    assert len(report.unanswered) == 7
    assert report.completion == pytest.approx(1 / 8)


def test_explicit_assessment_and_against(session: Any, report_db: ReportDb) -> None:
    report = build_gap_report(session, "KEN", report_db.ids["ken3"], report_db.ids["ken1"])
    assert report.subject.assessment_id == report_db.ids["ken3"]
    assert report.against is not None and report.against.assessment_id == report_db.ids["ken1"]
    # The default for a draft: the latest final before it.
    default = build_gap_report(session, "KEN", report_db.ids["ken3"])
    assert default.against is not None
    assert default.against.assessment_id == report_db.ids["ken2"]


def test_checklist_option_limits_the_default(session: Any, report_db: ReportDb) -> None:
    report = build_gap_report(session, "KEN", checklist_id="minimal")
    assert report.subject.assessment_id == report_db.ids["kenmin"]
    assert report.against is None


def test_areas_with_change_and_cap(session: Any) -> None:
    report = build_gap_report(session, "KEN")
    borders, finance, cbrn = report.areas
    assert borders.capped and borders.score == pytest.approx(40.0)
    assert borders.uncapped == pytest.approx(60.0)
    assert [c.item_id for c in borders.capped_by] == ["b-watchlist"]
    assert "Watch-list screening" in cap_reason(borders)
    assert "3 Developed capacity" in cap_reason(borders)
    assert finance.change == pytest.approx(20.0)
    assert cbrn.change is not None and cbrn.change < 0
    assert report.overall_change is not None and report.overall_change > 0


def test_ranked_gaps_fundamental_first_with_descriptors_and_evidence(session: Any) -> None:
    report = build_gap_report(session, "KEN")
    ranked = [(g.rank, g.item_id) for g in report.gaps]
    assert ranked[0] == (1, "b-watchlist")  # fundamental first, despite a lower priority
    assert [g.item_id for g in report.gaps[1:3]] == ["f-freeze", "c-radiation"]
    first = report.gaps[0]
    assert first.fundamental
    assert first.current.value == 3 and first.target.value == 4
    assert first.current.descriptor.startswith("Watch-list screening is in place")
    assert first.target.descriptor.endswith("shown to work.")
    # Evidence for level 4; the level-3 evidence is on file and not asked again.
    assert first.evidence_missing == ("screening statistics", "referral procedure")
    assert first.evidence_on_file == (
        "watch-list legal basis (legislation, 2023-11, grade A (completely reliable))",
    )
    assert [(e.ref, e.source_type, e.stale) for e in first.evidence] == [
        ("watch-list legal basis", "legislation", False)
    ]
    assert (first.confidence, first.flags) == ("medium", ())
    assert first.assistance_title == "Immigration control"
    assert first.previous is not None and first.previous.value == 2 and first.change == 1
    no_info = report.gaps[1]
    assert no_info.no_information and no_info.current.label == "No information"
    added = report.gaps[2]
    assert added.previous is None  # c-radiation is new in version 2.0


def test_assistance_totals_cover_all_nine_areas(session: Any) -> None:
    report = build_gap_report(session, "KEN")
    assert len(report.assistance) == 9
    assert report.assistance[0].area == "terrorist-financing"
    assert sum(a.share for a in report.assistance) == pytest.approx(1.0)
    assert report.total_priority == pytest.approx(sum(g.priority for g in report.gaps))
    zero = [a for a in report.assistance if a.priority == 0]
    assert {a.area for a in zero} >= {"aviation-security", "port-maritime-security"}


def test_no_information_regressed_and_checklist_changes(session: Any) -> None:
    report = build_gap_report(session, "KEN")
    assert [n.item_id for n in report.no_information] == ["f-freeze"]
    assert [n.item_id for n in report.not_applicable] == ["c-1540"]
    assert [c.item_id for c in report.regressed] == ["b-cargo", "f-freeze"]
    assert "c-conventions" in [c.item_id for c in report.improved]
    changes = report.checklist_changes
    assert changes is not None
    assert (changes.from_version, changes.to_version) == ("1.0", "2.0")
    assert [n.item_id for n in changes.added] == ["c-radiation"]
    assert [n.item_id for n in changes.removed] == ["c-labs"]
    assert [n.item_id for n in changes.reworded] == ["f-freeze"]


def test_items_and_trend(session: Any, report_db: ReportDb) -> None:
    report = build_gap_report(session, "KEN")
    assert [r.item_id for r in report.items][:3] == ["b-watchlist", "b-sltd", "b-cargo"]
    assert len(report.items) == 8
    hostile = next(r for r in report.items if r.item_id == "c-conventions")
    assert hostile.rationale == HOSTILE
    assert [p.round.assessment_id for p in report.trend] == [
        report_db.ids["ken1"],
        report_db.ids["ken2"],
    ]


@pytest.mark.parametrize(
    ("args", "error", "needle"),
    [
        (("FRA",), NotFoundError, "FRA"),
        (("NOTACOUNTRY",), NotFoundError, "unknown country"),
        (("KEN", 999), NotFoundError, "999"),
        (("XAA", 1), CtcapError, "is of KEN"),
        (("KEN", None, 999), NotFoundError, "999"),
        (("KEN", None, "kenmin"), CtcapError, "rounds compare only within one checklist"),
        (("KEN", "ken2", "ken2"), CtcapError, "itself"),
    ],
)
def test_errors(
    session: Any, report_db: ReportDb, args: tuple[Any, ...], error: type, needle: str
) -> None:
    resolved = [
        report_db.ids.get(a, a) if isinstance(a, str) and a.startswith("ken") else a for a in args
    ]
    with pytest.raises(error, match=needle):
        build_gap_report(session, *resolved)
