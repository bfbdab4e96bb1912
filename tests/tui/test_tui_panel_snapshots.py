"""The panel screen at 80×24 and 120×40 (frozen clock): blind, as a member, and revealed,
as its lead, with the disagreement list; and the lead's consensus dialog.

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .panel_seed import seed_panel

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
CASES = {  # who looks, whether revealed, the keys pressed on the panel screen, the screen
    "panel_blind": ("ben", False, (), "PanelScreen"),
    "panel_revealed": ("ana", True, (), "PanelScreen"),
    "panel_consensus": ("ana", True, ("c",), "ConsensusScreen"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_panel_screen_snapshot(
    case: str,
    size: tuple[int, int],
    frozen_clock: None,
    seeded: str,
    tui_checklists: Path,
    tui_app: Any,
    helpers: Any,
    snap_compare: Any,
) -> None:
    viewer, reveal, keys, screen_name = CASES[case]
    aid = seed_panel(seeded, tui_checklists, reveal=reveal)
    app = tui_app(assessor=viewer)

    async def run_before(pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        app.open_panel(aid)
        await helpers.screen(app, pilot, "PanelScreen")
        await pilot.press(*keys)
        await helpers.screen(app, pilot, screen_name)
        await helpers.settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
