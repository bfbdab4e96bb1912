"""Fixtures of the panel tests: the real CLI in-process, databases, PostgreSQL logins."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcap.loading.checklists import load_checklist
from ctcap.storage.engine import Database, open_database
from panels.panel_help import Ran

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process."""
    from ctcap.cli.main import main

    monkeypatch.setenv("CTCAP_ASSESSOR", "tester")
    monkeypatch.delenv("CTCAP_DB", raising=False)

    def run(*args: str, db: str | Path | None = None) -> Ran:
        capsys.readouterr()
        argv = [*([f"--db={db}"] if db is not None else []), *args]
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


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
