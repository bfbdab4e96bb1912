"""Owner-only files: the database, its WAL and shared-memory files, and bundles are
0600 whatever the umask, and a bundle replaces an older file atomically."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcap.storage import repository as repo
from ctcap.storage.engine import open_database


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_wal_and_shm_files_are_owner_only(
    umask: int, tmp_path: Path, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    path = tmp_path / "private" / "ctcap.sqlite"
    database = open_database(f"sqlite:///{path}")
    aid = new_assessment(database, minimal_checklist)
    with database.read() as session:  # an open connection keeps -wal and -shm in place
        repo.get_assessment(session, aid)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert {_mode(path), _mode(wal), _mode(shm)} == {0o600}
    database.close()


def test_an_exported_bundle_is_owner_only_and_replaces_an_older_file_atomically(
    umask: int,
    sqlite_url: str,
    tmp_path: Path,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    cli: Callable[..., Any],
) -> None:
    database = open_database(sqlite_url)
    aid = new_assessment(database, minimal_checklist)
    database.close()
    out = tmp_path / "out"
    out.mkdir()
    bundle = out / "kenya.json"
    bundle.write_text("an older, world-readable file")
    bundle.chmod(0o644)
    assert cli("export", str(aid), "-o", str(bundle), db=sqlite_url).code == 0
    assert _mode(bundle) == 0o600
    assert bundle.read_text().startswith("{")
    assert [p.name for p in out.iterdir()] == ["kenya.json"]  # no temporary file left


def test_an_export_that_cannot_be_written_leaves_nothing(
    sqlite_url: str,
    tmp_path: Path,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    database = open_database(sqlite_url)
    aid = new_assessment(database, minimal_checklist)
    database.close()
    missing = tmp_path / "no-such-dir" / "b.json"
    one_line_error(cli("export", str(aid), "-o", str(missing), db=sqlite_url), "cannot write")
    assert not missing.parent.exists()
