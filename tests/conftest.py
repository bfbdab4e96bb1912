"""Shared fixtures: real SQLite files and a real, throwaway PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHECKLISTS = REPO / "checklists"


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its cached copies (the TUI's countries list) to itself."""
    monkeypatch.setenv("CTCAP_CACHE_DIR", str(tmp_path / "cache"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CTCAP_REQUIRE_POSTGRES") or os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests must run here but cannot: {reason}")
    pytest.skip(f"no PostgreSQL server available: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A base URL (``{db}`` for the database) of a server started for this test session."""
    if url := os.environ.get("CTCAP_TEST_PG_URL"):
        yield url
        return
    from pgserver import NoServer, throwaway_server

    try:
        # fsync off: the tests check behaviour, not the server's durability.
        with throwaway_server("-c fsync=off -c max_connections=50") as libpq:
            yield libpq.replace("postgresql://", "postgresql+psycopg://")
    except NoServer as exc:
        _unavailable(str(exc))


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql").replace("{db}", "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.replace("{db}", name)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ctcap.sqlite'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs on a SQLite file and on a PostgreSQL server."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def minimal_checklist():  # type: ignore[no-untyped-def]
    from ctcap.loading.checklists import load_checklist

    return load_checklist(CHECKLISTS / "minimal.yaml", CHECKLISTS)
