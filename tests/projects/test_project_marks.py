"""Projects carry a handling mark: recorded in their chain, changed by an audited event,
and a release at a level leaves out the projects (and rounds) marked above it, in every
format of the need and before/after reports, in ``projects list|show`` and in the IATI
export."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ctcap.domain.marks import MarkError, custom_scheme
from ctcap.domain.projects import Money
from ctcap.reports.assistance import build_need_against_assistance
from ctcap.reports.formats import FORMATS, render_need, render_outcomes
from ctcap.reports.outcomes import build_outcomes
from ctcap.storage.engine import Database, open_database
from ctcap.storage.handling import set_mark_scheme
from ctcap.storage.project_audit import events, verify_projects
from ctcap.storage.project_marks import set_project_mark
from ctcap.storage.projects import ProjectError, add_project, get_project, save_project

from .conftest import project, rounds
from .test_projects_cli import one_line_error, run

SECRET_DONOR = "Donor Secret (fictional)"
# Committed 900,000 USD by the open project, 123,457 by the secret one: 1,023,457 in all.
SECRET_MONEY = Money("USD", None, Decimal("123457.00"), None)


def _has_total(text: str) -> bool:
    return "1,023,457" in text or "1023457" in text


def test_a_mark_is_stored_audited_and_verified(db_url: str, bundled: Any) -> None:
    database = open_database(db_url)
    with database.write() as session:
        added = add_project(session, project("XM-M-1"), actor="ana", checklists=bundled)
        marked = add_project(
            session, project("XM-M-2"), actor="ana", checklists=bundled, mark="tlp:green"
        )
    assert (added.mark, marked.mark) == ("AMBER", "GREEN")  # the scheme's default; any case
    with database.write() as session:
        set_project_mark(session, "XM-M-1", "TLP:RED", actor="ben")
        set_project_mark(session, "XM-M-1", "RED", actor="ben")  # the same mark: no event
        # An update without a mark keeps the project's mark.
        save_project(session, project("XM-M-1", title="New title"), actor="ana",
                     checklists=bundled)  # fmt: skip
    with database.read() as session:
        record = get_project(session, "XM-M-1")
        trail = events(session, record.id)
        assert verify_projects(session) == (2, None)
    assert record.mark == "RED"
    assert [(e.kind, e.actor) for e in trail] == [("create", "ana"), ("mark", "ben"),
                                                   ("update", "ana")]  # fmt: skip
    assert (trail[1].before["mark"], trail[1].after["mark"]) == ("AMBER", "RED")
    assert trail[2].after["mark"] == "RED"
    database.close()


def test_unknown_marks_are_refused_and_a_scheme_cannot_drop_a_used_one(
    db_url: str, bundled: Any
) -> None:
    database = open_database(db_url)
    with database.write() as session, pytest.raises(ProjectError, match="unknown mark 'SECRET'"):
        add_project(session, project(), actor="ana", checklists=bundled, mark="SECRET")
    with database.write() as session:
        add_project(session, project(), actor="ana", checklists=bundled, mark="RED")
    with database.write() as session, pytest.raises(MarkError, match="'RED' is in use"):
        set_mark_scheme(session, custom_scheme(["OPEN", "CLOSED"]), actor="admin")
    database.close()


def _register(database: Database, bundled: Any) -> None:
    """KEN rounds before and after two projects on one gap: one GREEN, one RED."""
    minimal = bundled["minimal"]
    rounds(database, minimal, "KEN", [(date(2023, 6, 30), 2), (date(2025, 6, 30), 4)])
    with database.write() as session:
        add_project(session, project("XM-TEST-OPEN-1", funding_org="Donor Open (fictional)"),
                    actor="ana", checklists=bundled, mark="GREEN")  # fmt: skip
        add_project(session, project("XM-TEST-SECRET-1", funding_org=SECRET_DONOR,
                                     title="Hidden programme", money=SECRET_MONEY),
                    actor="ana", checklists=bundled, mark="RED")  # fmt: skip


def _text(rendered: str | bytes, fmt: str) -> str:
    if fmt != "xlsx":
        assert isinstance(rendered, str)
        return rendered
    assert isinstance(rendered, bytes)
    book = load_workbook(io.BytesIO(rendered), read_only=True)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    return "\n".join(cells)


def test_release_leaves_out_marked_projects_in_every_format(tmp_path: Path, bundled: Any) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'r.sqlite'}")
    _register(database, bundled)
    with database.read() as session:
        need_all = build_need_against_assistance(session)
        need_amber = build_need_against_assistance(session, None, "TLP:AMBER")
        outcomes_all = build_outcomes(session)
        outcomes_amber = build_outcomes(session, release="AMBER")
    database.close()
    # The report's mark covers the projects it shows, not only the rounds (AMBER).
    assert need_all.handling.label == outcomes_all.handling.label == "TLP:RED"
    assert need_amber.handling.label == outcomes_amber.handling.label == "TLP:AMBER"
    assert [p.identifier for p in outcomes_amber.projects] == ["XM-TEST-OPEN-1"]
    for fmt in FORMATS:
        shown_need = _text(render_need(need_all, fmt), fmt)
        shown_outcomes = _text(render_outcomes(outcomes_all, fmt), fmt)
        assert _has_total(shown_need) and "Hidden programme" in shown_outcomes, fmt
        assert "TLP:RED" in shown_need and "TLP:RED" in shown_outcomes, fmt
        released_need = _text(render_need(need_amber, fmt), fmt)
        released_outcomes = _text(render_outcomes(outcomes_amber, fmt), fmt)
        assert "900,000" in released_need or "900000" in released_need, fmt
        assert "XM-TEST-OPEN-1" in released_outcomes, fmt
        for shown in (released_need, released_outcomes):
            assert not _has_total(shown) and SECRET_DONOR not in shown, fmt
            assert "Hidden programme" not in shown and "XM-TEST-SECRET-1" not in shown, fmt
            assert "TLP:RED" not in shown and "TLP:AMBER" in shown, fmt


def test_release_below_the_rounds_leaves_them_out_too(tmp_path: Path, bundled: Any) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'g.sqlite'}")
    _register(database, bundled)
    with database.read() as session:
        need = build_need_against_assistance(session, None, "GREEN")
        outcomes = build_outcomes(session, release="GREEN")
    database.close()
    assert need.handling.label == outcomes.handling.label == "TLP:GREEN"
    assert need.rows and all(
        row.assessed_as_of is None for row in need.rows
    )  # the AMBER rounds are not read
    (shown,) = outcomes.projects
    assert all(item.before_id is None and item.after_id is None for item in shown.items)


def test_the_cli_releases_lists_shows_and_exports(tmp_path: Path, bundled: Any) -> None:
    db = tmp_path / "c.sqlite"
    database = open_database(f"sqlite:///{db}")
    _register(database, bundled)
    database.close()
    listed = json.loads(run("projects", "list", "--json", "--release", "AMBER", db=db).stdout)
    assert [(p["identifier"], p["mark"]) for p in listed] == [("XM-TEST-OPEN-1", "TLP:GREEN")]
    table = run("projects", "list", db=db).stdout
    assert "TLP:RED" in table and "XM-TEST-SECRET-1" in table
    refused = run("projects", "show", "XM-TEST-SECRET-1", "--release", "GREEN", db=db, ok=False)
    one_line_error(refused, "'XM-TEST-SECRET-1' is marked TLP:RED, above the release level")
    assert (
        "TLP:GREEN" in run("projects", "show", "XM-TEST-OPEN-1", "--release", "GREEN", db=db).stdout
    )
    for command in ("need", "outcomes"):
        report = run("projects", command, "--json", "--release", "AMBER", db=db).stdout
        assert SECRET_DONOR not in report and "XM-TEST-SECRET-1" not in report, command
        assert json.loads(report)["handling"]["label"] == "TLP:AMBER", command
    for release, expected in (
        (None, {"XM-TEST-OPEN-1", "XM-TEST-SECRET-1"}),
        ("AMBER", {"XM-TEST-OPEN-1"}),
    ):
        out = tmp_path / f"{release}.xml"
        extra = ("--release", release) if release else ()
        run("projects", "export", "-o", str(out), "--org-type", "10", *extra, db=db)
        text = out.read_text()
        assert {i for i in ("XM-TEST-OPEN-1", "XM-TEST-SECRET-1") if i in text} == expected
    one_line_error(run("projects", "list", "--release", "PUBLIC", db=db, ok=False),
                   "unknown mark 'PUBLIC'")  # fmt: skip


def test_the_cli_marks_and_refuses_unknown_marks(tmp_path: Path) -> None:
    from .test_projects_cli import COMPLETE

    db = tmp_path / "m.sqlite"
    one_line_error(run("projects", "add", *COMPLETE, "--mark", "TOP", db=db, ok=False),
                   "mark: unknown mark 'TOP'")  # fmt: skip
    run("projects", "add", *COMPLETE, "--mark", "CLEAR", db=db)
    one_line_error(run("projects", "mark", "XM-TEST-1", "PURPLE", db=db, ok=False),
                   "unknown mark 'PURPLE'")  # fmt: skip
    assert "marked TLP:AMBER+STRICT" in run("projects", "mark", "XM-TEST-1", "amber+strict",
                                            db=db).stdout  # fmt: skip
    shown = json.loads(run("projects", "show", "XM-TEST-1", "--json", db=db).stdout)
    assert shown["mark"] == "TLP:AMBER+STRICT"
    assert [e["kind"] for e in shown["events"]] == ["create", "mark"]
    assert "1 project chain(s) verified" in run("projects", "verify", db=db).stdout
