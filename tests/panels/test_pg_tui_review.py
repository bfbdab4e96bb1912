"""The TUI on a shared PostgreSQL database: the app acts as the login, and a reviewer
outside the country's team is refused with storage's one-line reason."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from panels.panel_help import Ran, login_url

pytestmark = pytest.mark.postgres
CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


def test_a_reviewer_outside_the_team_is_refused_on_the_panel_screen(
    postgres_url: str, make_login: Callable[[str], str], cli: Callable[..., Ran]
) -> None:
    """Oscar reviews for Tanzania and reads every country (manager), not on Kenya's team."""
    alice, oscar = make_login("alice"), make_login("oscar")
    for who, role, country in ((alice, "assessor", "KEN"), (oscar, "reviewer", "TZA")):
        assert cli("team", "grant", who, role, db=postgres_url).code == 0
        assert cli("team", "add", who, country, db=postgres_url).code == 0
    assert cli("team", "grant", oscar, "manager", db=postgres_url).code == 0
    assert cli("review", "policy", "all", db=postgres_url).code == 0
    as_alice = login_url(postgres_url, alice)
    made = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
               "--as-of", "2026-03-01", db=as_alice)  # fmt: skip
    aid = int(made.out.strip())
    for item in ("sltd-reporting", "sltd-screening"):
        assert cli("assessments", "answer", str(aid), item, "3", db=as_alice).code == 0
    assert cli("review", "submit", str(aid), db=as_alice).code == 0

    from ctcap.tui.app import make_app

    async def run() -> list[str]:
        app = make_app(
            login_url(postgres_url, oscar), clock=lambda: date(2026, 3, 1),
            checklists_dir=CHECKLISTS, keymap={}, cursor_blink=False,
        )  # fmt: skip
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(500):
                if app.database.is_open:
                    break
                await pilot.pause(0.01)
            assert app.actor == oscar  # the login, not the OS user
            app.open_panel(aid)
            for _ in range(500):
                if getattr(app.screen, "ready", False):
                    break
                await pilot.pause(0.01)
            await pilot.press("y")  # approve: a confirmation first
            await pilot.pause()
            await pilot.press("y")
            await app.database.wait_for_queue()
            await pilot.pause()
            return [f"{n.title}: {n.message}" for n in app._notifications]

    found = asyncio.run(run())
    assert any("not a reviewer on the Kenya team" in n for n in found), found
    assert '"state": "in_review"' in cli("review", "status", str(aid), "--json", db=as_alice).out
