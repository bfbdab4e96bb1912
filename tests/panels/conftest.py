"""Fixtures of the panel tests: the real CLI in-process, databases, PostgreSQL logins."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcap.loading.checklists import load_checklist
from ctcap.storage.engine import Database, open_database
from in_process_cli import in_process_cli
from panels.panel_help import Ran

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process."""
    return in_process_cli(capsys, monkeypatch)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture(scope="session")
def capacity_checklist() -> Any:
    """The 66-item capacity-building checklist (nine areas, capacity-5)."""
    return load_checklist(CHECKLISTS / "ct-capacity-building.yaml", CHECKLISTS)


@pytest.fixture
def make_login(postgres_url: str) -> Callable[[str], str]:
    """Create a PostgreSQL login (unique on the shared server); return its name."""
    import psycopg

    admin = postgres_url.replace("postgresql+psycopg", "postgresql")

    def make(prefix: str) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE ROLE "{name}" LOGIN')
        return name

    return make
