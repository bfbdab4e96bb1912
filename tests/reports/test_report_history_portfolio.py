"""History across checklist versions, and the portfolio per checklist."""

from __future__ import annotations

from typing import Any

import pytest

from ctcap.errors import NotFoundError
from ctcap.reports.history import build_history
from ctcap.reports.portfolio import build_portfolio

from .conftest import ReportDb


def test_history_groups_rounds_by_checklist(session: Any, report_db: ReportDb) -> None:
    history = build_history(session, "KEN")
    assert [t.checklist_id for t in history.tracks] == ["minimal", "report-test"]
    track = history.tracks[1]
    assert [p.round.assessment_id for p in track.rounds] == [
        report_db.ids["ken1"],
        report_db.ids["ken2"],
        report_db.ids["ken3"],
    ]
    assert [p.round.status for p in track.rounds] == ["final", "final", "draft"]
    # The newest version's areas; every round scores each of them.
    assert [a.area_id for a in track.areas] == ["borders", "finance", "cbrn"]
    assert track.rounds[0].area_score("finance") == pytest.approx(40.0)
    assert len(history.rounds) == 4
    assert not history.synthetic


def test_history_names_added_removed_and_reworded_items(session: Any) -> None:
    track = build_history(session, "KEN").tracks[1]
    first, second = track.comparisons
    changes = first.checklist_changes
    assert changes is not None
    assert [n.item_id for n in changes.added] == ["c-radiation"]
    assert [n.item_id for n in changes.removed] == ["c-labs"]
    assert [n.item_id for n in changes.reworded] == ["f-freeze"]
    assert [c.item_id for c in first.regressed] == ["b-cargo", "f-freeze"]
    assert second.checklist_changes is None  # same version


def test_history_of_an_unknown_country(session: Any) -> None:
    with pytest.raises(NotFoundError):
        build_history(session, "FRA")


def test_portfolio_one_section_per_checklist(session: Any, report_db: ReportDb) -> None:
    portfolio = build_portfolio(session)
    assert [s.checklist_id for s in portfolio.sections] == ["minimal", "report-test"]
    assert portfolio.synthetic  # XAA and XBB are fictional
    assert portfolio.countries == ("KEN", "XAA", "XBB")
    section = portfolio.sections[1]
    assert [r.country_code for r in section.rows] == ["KEN", "XAA"]
    ken = section.rows[0]
    assert ken.round.assessment_id == report_db.ids["ken2"]  # latest final, not the draft
    assert ken.previous is not None and ken.previous.assessment_id == report_db.ids["ken1"]
    assert ken.cell("finance").change == pytest.approx(20.0)
    assert ken.cell("borders").capped
    assert ken.top_assistance[0].area == "terrorist-financing"
    xaa = section.rows[1]
    assert xaa.round.synthetic and xaa.previous is None and xaa.overall_change is None
    assert [p.country_code for p in section.pending] == ["XBB"]


def test_empty_database_gives_an_empty_portfolio(tmp_path: Any) -> None:
    from ctcap.storage.engine import open_database

    database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    try:
        with database.read() as session:
            portfolio = build_portfolio(session)
    finally:
        database.close()
    assert portfolio.sections == () and not portfolio.synthetic
