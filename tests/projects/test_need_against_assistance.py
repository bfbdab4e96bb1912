"""Need against assistance, computed by hand on a small real database.

The minimal checklist has two immigration-control items on a 1–5 scale with target 4:
sltd-reporting (weight 2) and sltd-screening (weight 1). Priority = weight × gap ÷ 4.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import ItemLink, Money, Status
from ctcap.reports.assistance import build_need_against_assistance
from ctcap.reports.assistance_model import NeedAgainstAssistance, Served
from ctcap.storage.engine import open_database
from ctcap.storage.projects import add_project

from .conftest import final_round, project

IMM, AVI = AssistanceArea.IMMIGRATION_CONTROL, AssistanceArea.AVIATION_SECURITY
LINK = (ItemLink("minimal", "sltd-reporting"),)


def _usd(amount: int) -> Money:
    return Money("USD", None, Decimal(amount), Decimal(amount) / 2)


@pytest.fixture
def view(db_url: str, bundled) -> NeedAgainstAssistance:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    minimal = bundled["minimal"]
    when = date(2025, 6, 30)
    # Priorities: KEN 2×2/4 = 1.0, UGA 1×2/4 = 0.5, RWA 2×3/4 = 1.5, ETH 2×1/4 = 0.5.
    for code, reporting, screening in (("KEN", 2, 4), ("UGA", 4, 2), ("RWA", 1, 4),
                                       ("ETH", 3, 4)):  # fmt: skip
        final_round(database, minimal, code, when,
                    {"sltd-reporting": reporting, "sltd-screening": screening})  # fmt: skip
    projects = [
        project("P-KEN-A", funding_org="Donor A", money=_usd(120), links=LINK),
        project("P-KEN-B", funding_org="Donor B", money=_usd(80), links=LINK,
                actual_start="2024-06-01", actual_end="2025-05-31"),
        project("P-KEN-C", funding_org="Donor C", money=_usd(0), links=LINK,
                actual_start="2010-01-01", actual_end="2010-12-31"),  # long before: no overlap
        project("P-KEN-JPY", funding_org="Donor A", money=Money("JPY", None, Decimal(5000)),
                links=()),
        project("P-KEN-AVI", area=AVI, money=_usd(30), links=()),
        project("P-UGA", recipient_country="UGA", money=_usd(10), links=LINK),
        project("P-UGA-B", recipient_country="UGA", funding_org="Donor B", money=Money(),
                links=LINK, area=AVI),  # sltd-reporting is no gap in UGA: no overlap
        project("P-ETH", recipient_country="ETH", money=Money(), links=()),
        project("P-TZA", recipient_country="TZA", money=_usd(50), links=()),
        project("P-UZB", recipient_country="UZB", area=None, money=_usd(7), links=()),
        project("P-CANCELLED", status=Status.CANCELLED, money=_usd(1_000_000), links=()),
        project("P-ASEAN", recipient_country=None, recipient_region="ASEAN", money=_usd(40),
                links=()),
    ]  # fmt: skip
    with database.write() as session:
        for item in projects:
            add_project(session, item, actor="ana", checklists=bundled)
    with database.read() as session:
        built = build_need_against_assistance(session)
    database.close()
    return built


def test_rows_shares_and_flags(view: NeedAgainstAssistance) -> None:
    rows = {(r.country_code, r.area): r for r in view.rows}
    assert view.currency == "USD" and view.total_priority == pytest.approx(3.5)
    # USD commitments counted: KEN 120 + 80 + 0 + 30, UGA 10, TZA 50, UZB 7 = 297.
    assert view.total_committed == Decimal("297.00")
    kenya = rows["KEN", IMM]
    assert kenya.priority == pytest.approx(1.0) and kenya.gaps == 1 and kenya.fundamental_gaps == 1
    assert kenya.money.committed == Decimal("200.00") and kenya.money.disbursed == Decimal("100.00")
    assert kenya.need_share == pytest.approx(1.0 / 3.5)
    assert kenya.committed_share == pytest.approx(200 / 297)
    assert kenya.ratio == pytest.approx((200 / 297) / (1.0 / 3.5))  # 2.36 > 2
    assert kenya.served == Served.OVER
    assert kenya.donors == ("Donor A", "Donor B", "Donor C") and kenya.projects == 4
    assert [(m.currency, m.committed) for m in kenya.other_currencies] == [("JPY", 5000)]
    assert rows["UGA", IMM].served == Served.UNDER  # (10/297) / (0.5/3.5) = 0.24
    assert rows["RWA", IMM].served == Served.UNSERVED and rows["RWA", IMM].projects == 0
    assert rows["ETH", IMM].served == Served.AMOUNT_UNKNOWN
    assert rows["KEN", AVI].served == Served.NO_GAP and rows["KEN", AVI].priority == 0
    assert (
        rows["TZA", IMM].served == Served.NOT_ASSESSED and rows["TZA", IMM].assessed_as_of is None
    )
    assert rows["UZB", None].served == Served.AREA_UNSTATED
    assert view.projects == 11 and view.cancelled == 1
    assert not view.synthetic


def test_regions_stand_apart(view: NeedAgainstAssistance) -> None:
    (asean,) = view.regions
    assert (asean.region, asean.area, asean.money.committed) == ("ASEAN", IMM, Decimal("40.00"))
    assert all(row.country_code != "ASEAN" for row in view.rows)


def test_several_donors_on_one_gap_at_once_are_flagged(view: NeedAgainstAssistance) -> None:
    (overlap,) = view.overlaps
    assert (overlap.country_code, overlap.checklist_id, overlap.item_id) == (
        "KEN", "minimal", "sltd-reporting")  # fmt: skip
    assert [p.identifier for p in overlap.projects] == ["P-KEN-A", "P-KEN-B"]
    assert overlap.item_title


def test_choosing_another_currency(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    final_round(database, bundled["minimal"], "KEN", date(2025, 6, 30),
                {"sltd-reporting": 2, "sltd-screening": 4})  # fmt: skip
    with database.write() as session:
        add_project(session, project("P-A", money=_usd(10)), actor="a", checklists=bundled)
        add_project(session, project("P-B", money=Money("JPY", None, Decimal(99))), actor="a",
                    checklists=bundled)  # fmt: skip
    with database.read() as session:
        yen = build_need_against_assistance(session, "JPY")
    database.close()
    (row,) = yen.rows
    assert yen.currency == "JPY" and row.money.committed == Decimal("99.00")
    assert [m.currency for m in row.other_currencies] == ["USD"]


def test_rounds_without_a_stored_summary_are_scored_afresh(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    """A summary made under other rules does not hold: the view scores that round itself,
    and comes out the same."""
    from sqlalchemy import text

    database = open_database(db_url)
    minimal = bundled["minimal"]
    for code, level in (("KEN", 2), ("UGA", 3)):
        final_round(database, minimal, code, date(2025, 6, 30),
                    {"sltd-reporting": level, "sltd-screening": 4})  # fmt: skip
    with database.write() as session:
        add_project(session, project("P-A", money=_usd(10), links=LINK), actor="a",
                    checklists=bundled)  # fmt: skip
    with database.read() as session:
        stored = build_need_against_assistance(session)
    with database.write() as session:
        session.execute(text("UPDATE round_scores SET rules = rules + 1000"))
    with database.read() as session:
        afresh = build_need_against_assistance(session)
    database.close()
    assert [r.priority for r in stored.rows] == [pytest.approx(1.0), pytest.approx(0.5)]
    assert afresh == stored
