"""The projects screen, need against assistance, and the projects on the focused item.

Real app, real SQLite file (the ``seeded`` database plus a 2024 final round for Kenya and
four synthetic projects), Pilot for the keys, snapshots at 80×24 and 120×40.
"""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from .conftest import load_test_checklist

HOSTILE_DONOR = "Donor [b]B[/b] (fictional)"  # markup: shown as typed, never applied


@pytest.fixture
def with_projects(seeded: str, tui_checklists: Path) -> str:
    from ctcap.domain.model import AssistanceArea
    from ctcap.domain.projects import ItemLink, Money, Project, Scheme, Status
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database
    from ctcap.storage.projects import add_project

    six = load_test_checklist(tui_checklists, "tui-six")
    db = open_database(seeded)
    earlier = {"sltd-reporting": 1, "sltd-screening": 3, "api-pnr": 2, "port-security": "na",
               "fiu": 2, "freezing": 1, "convention-1999": 4}  # fmt: skip
    imm, tf = AssistanceArea.IMMIGRATION_CONTROL, AssistanceArea.TERRORIST_FINANCING

    def link(*items: str) -> tuple[ItemLink, ...]:
        return tuple(ItemLink("tui-six", item) for item in items)

    def usd(committed: int, disbursed: int) -> Money:
        return Money("USD", None, Decimal(committed), Decimal(disbursed))

    common: dict[str, Any] = {
        "synthetic": True,
        "recipient_country": "KEN",
        "source": "Synthetic: TUI test, describes no real assistance.",
    }
    projects = [
        Project("XX-TUI-1", "Passport scanners (synthetic)", "Donor A (fictional)",
                scheme=Scheme.EQUIPMENT, status=Status.CLOSED, area=imm,
                actual_start="2024-04", actual_end="2024-12", money=usd(250_000, 200_000),
                links=link("sltd-reporting", "sltd-screening"), **common),
        Project("XX-TUI-2", "Border data training (synthetic)", HOSTILE_DONOR,
                scheme=Scheme.TECHNICAL_COOPERATION, status=Status.IMPLEMENTATION, area=imm,
                actual_start="2024-06", money=usd(120_000, 30_000),
                links=link("sltd-reporting"), **common),
        Project("XX-TUI-3", "Asset freezing seminar (synthetic)", "Donor A (fictional)",
                scheme=Scheme.SEMINAR, status=Status.CLOSED, area=tf, actual_start="2024-05",
                actual_end="2024-09", money=usd(10_000, 10_000), links=link("freezing", "fiu"),
                **common),
        Project("XX-TUI-4", "Passport readers (synthetic)", "Donor A (fictional)",
                status=Status.CLOSED, area=imm, actual_start="2024", actual_end="2024",
                money=usd(5_000, 5_000), **{**common, "recipient_country": "NPL"}),
    ]  # fmt: skip
    from ctcap.domain.answers import Special

    with db.write() as session:
        info = repository.create_assessment(
            session, country="KEN", checklist=six, as_of=date(2024, 3, 1), assessor="amina"
        )
        for item_id, level in earlier.items():
            response = Special.NOT_APPLICABLE if level == "na" else level
            repository.record_answer(session, info.id, item_id, response, actor="amina")
        repository.finalize(session, info.id, actor="amina")
        for project in projects:
            mark = "RED" if project.identifier == "XX-TUI-2" else None  # else the default
            add_project(session, project, actor="tester", checklists={"tui-six": six}, mark=mark)
    db.close()
    return seeded


def run(tui_app: Any, size: tuple[int, int], steps: Callable[[Any, Any], Awaitable[None]]) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=size) as pilot:
            await steps(app, pilot)

    asyncio.run(body())


def _text(widget: Any) -> str:
    return str(widget.render())


def test_projects_screen_from_the_countries_list(
    with_projects: str, tui_app: Any, helpers: Any
) -> None:
    async def steps(app: Any, pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        await pilot.press("/", "K", "E", "N", "down")  # the filter, then into the list
        await pilot.press("p")
        screen = await helpers.screen(app, pilot, "ProjectsScreen")
        assert screen.country == "KEN"
        table = screen.query_one("#projects")
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == [
            "XX-TUI-1", "XX-TUI-2", "XX-TUI-3"]  # fmt: skip
        title = _text(screen.query_one("#projects-title"))
        assert "5 linked gap(s)" in title and "SYNTHETIC DATA" in title
        items = screen.query_one("#project-items")
        outcomes = [str(items.get_row_at(n)[4]) for n in range(items.row_count)]
        assert outcomes == ["narrowed", "unchanged"]  # XX-TUI-1: reporting 1 → 2, screening 3
        await pilot.press("down")
        await pilot.pause()
        assert [str(items.get_row_at(n)[4]) for n in range(items.row_count)] == [
            "not yet re-assessed"]  # fmt: skip
        donor = table.get_row_at(1)[2]  # shown as typed: no markup applied
        assert isinstance(donor, Text) and donor.plain == HOSTILE_DONOR and not donor.spans
        marks = [table.get_row_at(n)[1] for n in range(table.row_count)]
        assert [m.plain for m in marks] == ["TLP:AMBER", "TLP:RED", "TLP:AMBER"]
        assert "#ff2b2b" in str(marks[1].style)  # TLP 2.0's red
        assert _text(screen.query_one("#project-heading")).startswith("TLP:RED ")
        assert "Association, not attribution" in _text(screen.query_one("#projects-note"))
        await pilot.press("q")
        await helpers.screen(app, pilot, "CountriesScreen")

    run(tui_app, (120, 40), steps)


def test_need_against_assistance_marks_rows_and_opens_a_country(
    with_projects: str, tui_app: Any, helpers: Any
) -> None:
    async def steps(app: Any, pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        await pilot.press("a")
        screen = await helpers.screen(app, pilot, "AssistanceScreen")
        rows = screen.query_one("#need-rows")
        found = {str(rows.get_row_at(n)[0])[:3] + " " + str(rows.get_row_at(n)[1]):
                 (str(rows.get_row_at(n)[2]), str(rows.get_row_at(n)[3]))
                 for n in range(rows.row_count)}  # fmt: skip
        assert found["KEN Immigration control"] == ("▲ over-served", "⚑ 1 item")
        assert found["KEN Combating terrorist financing"] == ("▼ under-served", "")
        assert found["KEN Aviation security"][0] == "✗ unserved"
        assert found["NPL Immigration control"][0] == "not assessed"
        every = rows.row_count
        await pilot.press("f")
        await pilot.pause()
        assert 0 < rows.row_count < every
        assert all(str(rows.get_row_at(n)[2])[0] in "▲▼✗" for n in range(rows.row_count))
        await pilot.press("d")
        overlaps = screen.query_one("#need-overlaps")
        donors = {str(overlaps.get_row_at(n)[2]) for n in range(overlaps.row_count)}
        assert donors == {"Donor A (fictional)", HOSTILE_DONOR}
        marks = {str(row[3]): row[4] for row in map(overlaps.get_row_at, range(overlaps.row_count))}
        assert {key: mark.plain for key, mark in marks.items()} == {
            "XX-TUI-1": "TLP:AMBER", "XX-TUI-2": "TLP:RED"}  # fmt: skip
        assert "#ff2b2b" in str(marks["XX-TUI-2"].style)  # TLP 2.0's red
        await pilot.press("c")
        rows.focus()
        rows.move_cursor(row=0)
        await pilot.press("enter")
        projects = await helpers.screen(app, pilot, "ProjectsScreen")
        assert projects.country == "KEN"
        await pilot.press("a")  # back to the portfolio view from a country's projects
        await helpers.screen(app, pilot, "AssistanceScreen")
        await pilot.press("q", "q", "q")

    run(tui_app, (120, 40), steps)


def test_assessment_lists_the_projects_on_the_focused_item(
    with_projects: str, tui_app: Any, helpers: Any
) -> None:
    async def steps(app: Any, pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        app.open_country("KEN")
        screen = await helpers.screen(app, pilot, "AssessmentScreen")
        linked = screen.query_one("#linked-projects")
        assert screen.item_id == "sltd-screening" and linked.display
        assert [p.identifier for p in linked.projects()] == ["XX-TUI-1"]
        assert "unchanged" in _text(linked)
        await pilot.press("k")  # sltd-reporting: two donors' projects
        await pilot.pause()
        assert [p.identifier for p in linked.projects()] == ["XX-TUI-1", "XX-TUI-2"]
        assert HOSTILE_DONOR in _text(linked)
        shown = linked.content  # each project's handling mark beside its identifier
        lines = shown.plain.splitlines()
        assert lines[1].startswith("TLP:AMBER XX-TUI-1 ")
        assert lines[2].startswith("TLP:RED XX-TUI-2 ")
        red = shown.plain.index("TLP:RED")
        assert any(s.start == red and "#ff2b2b" in str(s.style) for s in shown.spans)
        await pilot.press("j", "j")  # api-pnr: no project
        await pilot.pause()
        assert screen.item_id == "api-pnr" and not linked.display
        await pilot.press("a")  # the country's assistance: its projects
        projects = await helpers.screen(app, pilot, "ProjectsScreen")
        assert projects.country == "KEN"
        await pilot.press("q")
        await helpers.screen(app, pilot, "AssessmentScreen")
        await pilot.press("q")

    run(tui_app, (120, 40), steps)


def test_projects_export_in_the_format_the_name_asks_for(
    with_projects: str, tui_app: Any, helpers: Any, tmp_path: Path
) -> None:
    target = tmp_path / "kenya-projects.html"

    async def steps(app: Any, pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        app.open_projects("KEN")
        await helpers.screen(app, pilot, "ProjectsScreen")
        await pilot.press("s")
        prompt = await helpers.screen(app, pilot, "PromptScreen")
        prompt.query_one("#answer").value = str(target)
        await pilot.press("enter")
        await helpers.screen(app, pilot, "ProjectsScreen")
        await helpers.settle(app, pilot)
        assert any(str(target) in n.message for n in app._notifications)

    run(tui_app, (80, 24), steps)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Association, not attribution" in html
    assert "Donor [b]B[/b] (fictional)" in html


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def on_projects(app: Any, pilot: Any) -> str:
    app.open_projects("KEN")
    return "ProjectsScreen"


async def on_assistance(app: Any, pilot: Any) -> str:
    app.open_assistance()
    return "AssistanceScreen"


async def on_linked(app: Any, pilot: Any, helpers: Any) -> str:
    app.open_country("KEN")
    screen = await helpers.screen(app, pilot, "AssessmentScreen")
    await pilot.press("k")
    await pilot.pause()
    screen.query_one("#detail-pane").scroll_end(animate=False)
    return "AssessmentScreen"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["projects", "assistance", "linked"])
def test_snapshot(
    name: str,
    size: tuple[int, int],
    frozen_clock: None,
    with_projects: str,
    tui_app: Any,
    helpers: Any,
    snap_compare: Any,
) -> None:
    app = tui_app()

    async def run_before(pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        if name == "linked":
            screen_name = await on_linked(app, pilot, helpers)
        else:
            screen_name = await {"projects": on_projects, "assistance": on_assistance}[name](
                app, pilot
            )
        await helpers.screen(app, pilot, screen_name)
        await helpers.settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
