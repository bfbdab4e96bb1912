"""Every screen at 80×24 and 120×40, on a seeded database, with the clock frozen.

The cursor blink is off (``make_app(cursor_blink=False)``), so nothing moves between runs.
Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Steps = Callable[[Any, Any], Awaitable[None]]


async def on_countries(app: Any, pilot: Any) -> None:
    pass


async def on_assessment(app: Any, pilot: Any) -> None:
    app.open_country("KEN")


async def on_area(app: Any, pilot: Any) -> None:
    app.open_country("KEN")
    await pilot.pause()
    await pilot.press("k", "k")


async def on_history_table(app: Any, pilot: Any) -> None:
    app.open_history("KEN", "tui-six")


async def on_history_chart(app: Any, pilot: Any) -> None:
    app.open_history("KEN", "tui-six")
    await pilot.pause()
    await pilot.press("c")


async def on_history_compare(app: Any, pilot: Any) -> None:
    app.open_history("KEN", "tui-six")
    await pilot.pause()
    await pilot.press("d")


async def on_gap_report(app: Any, pilot: Any) -> None:
    app.open_gap_report(app.summary_of("KEN").assessment_id)


async def on_new_assessment(app: Any, pilot: Any) -> None:
    await pilot.press("n")


async def on_evidence(app: Any, pilot: Any) -> None:
    app.open_country("KEN")
    await pilot.pause()
    await pilot.press("k", "e")


async def on_finalize(app: Any, pilot: Any) -> None:
    app.open_country("NPL")
    await pilot.pause()
    await pilot.press("]", "x", "f")


async def on_countries_help(app: Any, pilot: Any) -> None:
    await pilot.press("question_mark")


async def on_assessment_help(app: Any, pilot: Any) -> None:
    app.open_country("KEN")
    await pilot.pause()
    await pilot.press("f1")


SCREENS: dict[str, tuple[Steps, str]] = {
    "countries": (on_countries, "CountriesScreen"),
    "assessment": (on_assessment, "AssessmentScreen"),
    "area": (on_area, "AssessmentScreen"),
    "history_table": (on_history_table, "HistoryScreen"),
    "history_chart": (on_history_chart, "HistoryScreen"),
    "history_compare": (on_history_compare, "HistoryScreen"),
    "gap_report": (on_gap_report, "GapReportScreen"),
    "new_assessment": (on_new_assessment, "NewAssessmentScreen"),
    "evidence": (on_evidence, "EvidenceScreen"),
    "finalize": (on_finalize, "ConfirmScreen"),
    "countries_help": (on_countries_help, "HelpScreen"),
    "assessment_help": (on_assessment_help, "HelpScreen"),
}


def snapshot_of(
    name: str, size: tuple[int, int], tui_app: Any, helpers: Any, snap_compare: Any, theme: str
) -> bool:
    steps, screen_name = SCREENS[name]
    app = tui_app()

    async def run_before(pilot: Any) -> None:
        app.theme = theme
        await helpers.loaded(app, pilot)
        await steps(app, pilot)
        await helpers.screen(app, pilot, screen_name)
        await helpers.settle(app, pilot)

    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_tui_screen_snapshot(
    name: str,
    size: tuple[int, int],
    frozen_clock: None,
    seeded: str,
    tui_app: Any,
    helpers: Any,
    snap_compare: Any,
) -> None:
    assert snapshot_of(name, size, tui_app, helpers, snap_compare, "textual-dark")


@pytest.mark.parametrize("name", ["countries", "assessment", "history_chart"])
def test_tui_light_theme_snapshot(
    name: str, frozen_clock: None, seeded: str, tui_app: Any, helpers: Any, snap_compare: Any
) -> None:
    assert snapshot_of(name, (80, 24), tui_app, helpers, snap_compare, "textual-light")
