"""Opening databases: defaults, pragmas, permissions, refusals, migrations."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.errors import DatabaseError
from ctcap.storage.engine import HEAD_REVISION, MIGRATIONS, open_database


def test_sqlite_file_is_owner_only_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite"
    database = open_database(f"sqlite:///{path}")
    with database.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    database.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"meeting notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a SQLite database"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_corrupt_database_gets_a_clear_error_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    open_database(f"sqlite:///{path}").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # header survives, schema page does not
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == bytes(data)


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(DatabaseError, match="in-memory"):
        open_database("sqlite://")


def test_an_unreachable_server_gets_a_clear_error() -> None:
    with pytest.raises(DatabaseError):
        open_database("postgresql+psycopg://nobody@/none?host=/nonexistent-socket-dir")


def test_head_revision_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_match_the_models(db_url: str) -> None:
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ctcap.storage.models import Base

    database = open_database(db_url)
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    database.close()
    assert diff == []


def test_a_database_at_an_older_revision_is_upgraded_on_open_with_its_data(
    db_url: str, minimal_checklist: Any
) -> None:
    """A database at revision 0002 opens, migrates and keeps all its data.

    Today's code reads tables later revisions added, so the data is written at the head
    and the database then taken back down to 0002 (every downgrade runs on the way).
    """
    from datetime import date

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from ctcap.storage import repository
    from ctcap.storage.audit import verify_all

    made = open_database(db_url)
    with made.write() as session:
        info = repository.create_assessment(
            session, country="KEN", checklist=minimal_checklist, as_of=date(2026, 1, 2),
            assessor="ana",
        )  # fmt: skip
        repository.record_answer(session, info.id, "sltd-reporting", 3, actor="ana")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with made.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with made.engine.connect() as connection:
        old_tables = inspect(connection).get_table_names()
    made.close()
    assert "imports" not in old_tables and "panels" not in old_tables

    database = open_database(db_url)
    with database.read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        tables = inspect(session.connection()).get_table_names()
        detail = repository.get_assessment(session, info.id)
        assert verify_all(session)[1] is None
    database.close()
    assert revision == HEAD_REVISION and "imports" in tables
    assert detail.responses == {"sltd-reporting": 3}
