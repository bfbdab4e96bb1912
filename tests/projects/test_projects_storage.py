"""The register on SQLite and PostgreSQL: writes are checked whole, audited, and verifiable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from ctcap.domain.before_after import Outcome
from ctcap.domain.projects import ItemLink, Money
from ctcap.storage.engine import open_database
from ctcap.storage.project_audit import events, verify_projects
from ctcap.storage.project_reading import (
    ProjectFilter,
    before_after,
    link_states,
    list_projects,
)
from ctcap.storage.projects import ProjectError, add_project, get_project, link_items, save_project

from .conftest import project, rounds


def _count(database, table: str) -> int:  # type: ignore[no-untyped-def]
    with database.read() as session:
        return int(session.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_add_read_list_and_filter(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    with database.write() as session:
        added = add_project(session, project(), actor="ana", checklists=bundled)
        add_project(session, project("XM-TEST-2", funding_org="Donor B", recipient_country="ug",
                                     links=()), actor="ana", checklists=bundled)  # fmt: skip
    with database.read() as session:
        again = get_project(session, "XM-TEST-1")
        everything = list_projects(session)
        ugandan = list_projects(session, ProjectFilter(country="UGA"))
        by_b = list_projects(session, ProjectFilter(donor="Donor B"))
    database.close()
    assert again.project == added.project == project()  # amounts exact, links kept
    assert again.project.money.committed == Decimal("900000.00")
    assert [r.project.identifier for r in everything] == ["XM-TEST-1", "XM-TEST-2"]
    assert [r.project.recipient_country for r in ugandan] == ["UGA"]  # alpha-2 normalised
    assert [r.project.identifier for r in by_b] == ["XM-TEST-2"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"actual_end": "2023-12-31"}, "actual_end", "before actual start"),
        ({"planned_start": "2025-03", "planned_end": "2025-02"}, "planned_end", "before"),
        ({"money": Money("XYZ", Decimal(1))}, "money.currency", "unknown currency 'XYZ'"),
        ({"links": (ItemLink("minimal", "no-such-item"),)}, "links", "has no item"),
        ({"links": (ItemLink("no-such-list", "x"),)}, "links", "unknown checklist"),
        ({"recipient_country": "ATL"}, "recipient_country", "unknown country"),
        ({"title": "bell\x07"}, "title", "control character"),
        ({"decided": "2010-13"}, "decided", "not a real date"),
        ({"recipient_country": None, "recipient_region": "ATLANTIS"}, "recipient_region",
         "unknown region"),
    ],
)  # fmt: skip
def test_bad_projects_are_refused_and_nothing_is_stored(
    db_url: str,
    bundled,
    changes: dict,
    field: str,
    message: str,  # type: ignore[no-untyped-def, type-arg]
) -> None:
    database = open_database(db_url)
    with database.write() as session:
        add_project(session, project("XM-TEST-0"), actor="ana", checklists=bundled)
    with pytest.raises(ProjectError) as refused, database.write() as session:
        save_project(session, project("XM-TEST-0", **changes), actor="ana", checklists=bundled)
    assert refused.value.field == field and message in refused.value.reason
    with database.read() as session:
        assert get_project(session, "XM-TEST-0").project == project("XM-TEST-0")
    assert _count(database, "project_events") == 1
    database.close()


def test_every_change_is_an_event_and_tampering_shows(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    with database.write() as session:
        add_project(session, project(links=()), actor="ana", checklists=bundled)
        link_items(session, "XM-TEST-1", [ItemLink("minimal", "sltd-reporting")], actor="ben",
                   checklists=bundled)  # fmt: skip
        _, outcome = save_project(session, project(title="Renamed"), actor="cy",
                                  checklists=bundled)  # fmt: skip
        assert save_project(session, project(title="Renamed"), actor="cy",
                            checklists=bundled)[1] == "unchanged"  # fmt: skip
        record = link_items(session, "XM-TEST-1", [ItemLink("minimal", "sltd-reporting")],
                            actor="di", checklists=bundled, remove=True)  # fmt: skip
    assert outcome == "updated" and record.project.links == ()
    with database.read() as session:
        trail = events(session, record.id)
        assert verify_projects(session) == (1, None)
    assert [(e.kind, e.actor) for e in trail] == [
        ("create", "ana"),
        ("link", "ben"),
        ("update", "cy"),
        ("unlink", "di"),
    ]
    assert trail[2].before["title"] == "Passport screening equipment"
    assert trail[2].after["title"] == "Renamed"
    with database.write() as session:  # edited behind ctcap's back
        session.execute(text("UPDATE projects SET committed = 1 WHERE identifier = 'XM-TEST-1'"))
    with database.read() as session:
        checked, broken = verify_projects(session)
    assert checked == 1 and broken is not None and "differs from its audit trail" in str(broken)
    with database.write() as session:
        session.execute(text("UPDATE projects SET committed = 90000000"))
        session.execute(text("UPDATE project_events SET actor = 'eve' WHERE seq = 2"))
    with database.read() as session:
        broken = verify_projects(session)[1]
    assert broken is not None and broken.seq == 2 and "does not match its hash" in broken.reason
    database.close()


def test_before_after_from_stored_rounds(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    minimal = bundled["minimal"]
    rounds(database, minimal, "KEN", [(date(2023, 6, 30), 2), (date(2025, 6, 30), 4)])
    with database.write() as session:
        a = add_project(session, project(), actor="ana", checklists=bundled)
        b = add_project(session, project("XM-TEST-2", actual_end=None, status=None),
                        actor="ana", checklists=bundled)  # fmt: skip
    with database.read() as session:
        found = before_after(session, [a, b])
    database.close()
    (closed,) = found[a.id]
    assert (closed.outcome, closed.level_before, closed.level_after) == (Outcome.CLOSED, 2, 4)
    assert closed.before is not None and closed.before.as_of == date(2023, 6, 30)
    (open_,) = found[b.id]
    assert open_.outcome == Outcome.NOT_REASSESSED and open_.reason == "no end date yet"


def test_links_survive_a_new_round_and_a_rewording_is_flagged(
    tmp_path,
    bundled,  # type: ignore[no-untyped-def]
) -> None:
    from ctcap.storage.rounds import start_next_round

    database = open_database(f"sqlite:///{tmp_path / 'r.sqlite'}")
    minimal = bundled["minimal"]
    (first,) = rounds(database, minimal, "KEN", [(date(2023, 6, 30), 2)])
    with database.write() as session:
        add_project(session, project(), actor="ana", checklists=bundled)
    item = minimal.item("sltd-reporting")
    area = minimal.areas[0]
    reworded_item = item.model_copy(update={"question": "Is it reported every day?"})
    area2 = area.model_copy(update={"items": [reworded_item, *area.items[1:]]})
    minimal2 = minimal.model_copy(update={"version": "1.1", "areas": [area2]})
    with database.write() as session:
        nxt = start_next_round(session, first, minimal2, date(2025, 6, 30), "ana")
    assert "sltd-reporting" in nxt.rescore
    with database.read() as session:
        record = get_project(session, "XM-TEST-1")
        today = link_states(session, record, {**bundled, "minimal": minimal2})
        unchanged = link_states(session, record, bundled)
    database.close()
    assert record.project.links == (ItemLink("minimal", "sltd-reporting"),)  # kept
    assert [s.reworded for s in today] == [True] and [s.reworded for s in unchanged] == [False]


def test_amounts_keep_every_cent(db_url: str, bundled) -> None:  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    money = Money("JPY", None, Decimal("2500000000.00"), Decimal("0.01"))
    donor = Money("USD", Decimal("68000000.00"))
    with database.write() as session:
        add_project(session, replace(project(), money=money, donor_money=donor), actor="ana",
                    checklists=bundled)  # fmt: skip
    with database.read() as session:
        stored = get_project(session, "XM-TEST-1").project
    database.close()
    assert stored.money == money and stored.donor_money == donor
