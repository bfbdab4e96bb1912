"""TUI fixtures: a checklist folder of our own, a SQLite file, a seeded database, the app."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.evidence import legacy_entry

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 3, 1)


@pytest.fixture
def tui_checklists(tmp_path: Path) -> Path:
    """The minimal bundled checklist, our seven-item test checklist, and the bundled scales."""
    directory = tmp_path / "checklists"
    directory.mkdir()
    shutil.copy(REPO / "checklists" / "minimal.yaml", directory)
    shutil.copy(DATA / "tui-six.yaml", directory)
    shutil.copytree(REPO / "checklists" / "scales", directory / "scales")
    return directory


@pytest.fixture
def tui_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tui.sqlite'}"


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    import time_machine

    with time_machine.travel(datetime(2026, 3, 1, 9, 30, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def tui_app(tui_db_url: str, tui_checklists: Path) -> Callable[..., Any]:
    """A factory: a fresh app on the same database each call (quit, then reopen)."""
    from ctcap.tui.app import make_app

    def build(**options: Any) -> Any:
        settings: dict[str, Any] = {
            "clock": lambda: TODAY,
            "checklists_dir": tui_checklists,
            "assessor": "tester",
            "keymap": {},
            "cursor_blink": False,
        }
        settings.update(options)
        return make_app(tui_db_url, **settings)

    return build


def load_test_checklist(directory: Path, name: str) -> Any:
    from ctcap.loading.checklists import load_checklist

    return load_checklist(directory / f"{name}.yaml", directory)


@pytest.fixture
def seeded(tui_db_url: str, tui_checklists: Path) -> str:
    """Kenya: a final 2025 round and a 2026 draft of tui-six. Nepal: a minimal draft."""
    from ctcap.domain.answers import Special
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    six = load_test_checklist(tui_checklists, "tui-six")
    minimal = load_test_checklist(tui_checklists, "minimal")
    db = open_database(tui_db_url)
    first = {
        "sltd-reporting": 2,
        "sltd-screening": 3,
        "api-pnr": 2,
        "port-security": Special.NOT_APPLICABLE,
        "fiu": 3,
        "freezing": 1,
        "convention-1999": 4,
    }
    second = {"sltd-reporting": 4, "sltd-screening": 3, "api-pnr": 1, "fiu": Special.NO_INFORMATION}
    with db.write() as session:
        old = repository.create_assessment(
            session, country="KEN", checklist=six, as_of=date(2025, 3, 1), assessor="amina"
        )
        for item_id, response in first.items():
            repository.record_answer(
                session, old.id, item_id, response, actor="amina", rationale="2025 mission"
            )
        repository.finalize(session, old.id, actor="amina")
        new = repository.create_assessment(
            session, country="KEN", checklist=six, as_of=TODAY, assessor="tester"
        )
        for item_id, response in second.items():
            repository.record_answer(
                session,
                new.id,
                item_id,
                response,
                actor="tester",
                rationale=f"Seen in 2026 for {item_id}",
                evidence=[legacy_entry("mission report 2026")],
            )
        repository.set_cursor(session, new.id, "sltd-screening")
        nepal = repository.create_assessment(
            session, country="NPL", checklist=minimal, as_of=TODAY, assessor="tester"
        )
        repository.record_answer(session, nepal.id, "sltd-reporting", 3, actor="tester")
    db.close()
    return tui_db_url


async def wait_until_loaded(app: Any, pilot: Any) -> None:
    """Until the database is open and the countries are listed (bounded, never timed)."""
    for _ in range(500):
        if app.summaries:
            break
        await pilot.pause(0.01)
    assert app.summaries, "the countries never loaded"
    await settle(app, pilot)


async def settle(app: Any, pilot: Any) -> None:
    """Every queued database job has run and its message has been handled."""
    for _ in range(3):
        await app.database.wait_for_queue()
        await pilot.pause()


async def wait_for_screen(app: Any, pilot: Any, name: str) -> Any:
    for _ in range(500):
        screen = app.screen
        if type(screen).__name__ == name and getattr(screen, "ready", True):
            break
        await pilot.pause(0.01)
    await settle(app, pilot)
    assert type(app.screen).__name__ == name
    return app.screen


@pytest.fixture
def helpers() -> Any:
    class Helpers:
        loaded = staticmethod(wait_until_loaded)
        settle = staticmethod(settle)
        screen = staticmethod(wait_for_screen)

    return Helpers
