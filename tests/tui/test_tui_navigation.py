"""Countries, history, gap report, keymap, command palette and the mouse."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable


def test_countries_list_assessed_first_and_filters(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            screen = app.screen
            assert [s.code for s in app.summaries[:2]] == ["KEN", "NPL"]
            kenya = app.summaries[0]
            assert kenya.status == "draft" and kenya.rounds == 2 and len(kenya.trend) == 2
            assert screen.highlighted_code() == "NPL"  # the country worked on last
            assert len(screen.query_one(DataTable).rows) > 200  # every ISO country
            await pilot.press("/", *"nepal")
            assert screen._shown == ["NPL"]
            await pilot.press("escape")
            assert len(screen._shown) > 200
            await pilot.press("q")

    asyncio.run(body())


def test_history_table_chart_and_comparison(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            await pilot.press("up", "h")  # from Nepal up to Kenya
            screen = await helpers.screen(app, pilot, "HistoryScreen")
            table = screen.query_one("#rounds", DataTable)
            assert table.row_count == 4  # overall, completion, two areas
            assert [c.label.plain for c in table.columns.values()][1:] == [
                "2025-03-01✓",
                "2026-03-01…",
            ]
            await pilot.press("d")
            changes = screen.query_one("#changes", DataTable)
            keys = {key.value for key in changes.rows}
            assert {"sltd-reporting", "api-pnr", "fiu"} <= keys
            assert "1 better" in str(screen.query_one("#compare-summary").content)
            await pilot.press("c", "q")
            await helpers.screen(app, pilot, "CountriesScreen")
            await pilot.press("q")

    asyncio.run(body())


@pytest.mark.parametrize("name", ["kenya-gaps.md", "kenya-gaps.xlsx"])
def test_gap_report_preview_and_export(
    tui_app: Any, seeded: str, helpers: Any, tmp_path: Path, name: str
) -> None:
    """The format follows the file name; the file is the reports package's, owner-only."""
    target = tmp_path / "out" / name
    target.parent.mkdir()

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            await pilot.press("/", "K", "E", "N", "enter")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("g")
            screen = await helpers.screen(app, pilot, "GapReportScreen")
            assert "Kenya" in screen.markdown
            await pilot.press("s")
            prompt = await helpers.screen(app, pilot, "PromptScreen")
            prompt.query_one("#answer").value = str(target)
            await pilot.press("enter")
            await helpers.screen(app, pilot, "GapReportScreen")
            await app.database.wait_for_queue()
            await pilot.pause()
            assert any(str(target) in n.message for n in app._notifications)
            await pilot.press("q", "q", "q")

    asyncio.run(body())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    if name.endswith(".md"):
        written = target.read_text(encoding="utf-8")
        assert written.startswith("**TLP:AMBER**\n\n# Gap report: Kenya (KEN)")
    else:
        from openpyxl import load_workbook

        assert len(load_workbook(target).sheetnames) > 1


def test_keymap_overrides_by_binding_id(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app(keymap={"not-applicable": "n", "next-unanswered": "ctrl+n"})
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            app.open_country("KEN")
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("ctrl+n")
            assert screen.item_id == "port-security"
            await pilot.press("n")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("port-security") == "na"
            await pilot.press("q", "q")

    asyncio.run(body())


def test_command_palette_jumps_to_an_item(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            app.open_country("KEN")
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("ctrl+p", *"Asset freezing")
            for _ in range(100):
                await pilot.pause(0.01)
                if app.screen.query("CommandList Option"):
                    break
            await pilot.press("enter")
            await helpers.screen(app, pilot, "AssessmentScreen")
            assert screen.item_id == "freezing"
            await pilot.press("q", "q")

    asyncio.run(body())


def test_mouse_picks_items_and_levels(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await helpers.loaded(app, pilot)
            app.open_country("KEN")
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            tree = screen.query_one("#tree")
            line = tree.item_nodes["convention-1999"].line
            await pilot.click("#tree", offset=(6, line))
            assert screen.item_id == "convention-1999"
            rows = list(screen.query("LevelRow"))
            await pilot.click(rows[2])
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("convention-1999") == 3
            await pilot.press("q", "q")

    asyncio.run(body())
