"""Opening a database: URL checks, SQLite pragmas, owner-only files, migrations.

Nothing here runs at import time; ``open_database`` is the only way in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ctcap.errors import DatabaseError

# The newest migration. Checked against Alembic's scripts by a test; comparing it
# with the database's alembic_version avoids loading Alembic on every start.
HEAD_REVISION = "0006"
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).with_name("migrations")

# The session ``Database.read()`` (and ``write()``) hands out, as storage's functions
# take it: the faces type their parameters with this name and need not import SQLAlchemy.
ReadSession: TypeAlias = Session


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise DatabaseError(
            f"{url}: in-memory SQLite is not supported (each thread would see its own "
            "empty database); give a file path"
        )
    return Path(database)


def _prepare_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database; create a new one owner-only."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a database file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise DatabaseError(f"{path}: not a SQLite database; the file was left untouched")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot create the database: {exc.strerror}") from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module so that writers can
        # BEGIN IMMEDIATE: they queue on busy_timeout instead of failing mid-way.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: each commit is fsynced before it returns, so an acknowledged answer
        # survives a power cut as well as a killed process (WAL + NORMAL may lose
        # the last commits on power loss). Commits are one per answer; the cost is small.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """An opened, migrated database. Sessions come from ``read()`` and ``write()``."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _translated(self.url), self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction, committed when the block ends without an error."""
        with _translated(self.url), self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _translated(url: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"{_safe(url)}: {reason}") from None


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except SQLAlchemyError:
            return None


def upgrade(engine: Engine) -> None:
    """Apply every pending Alembic migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url``, creating and migrating it as needed; raise ``DatabaseError`` if it can't."""
    try:
        sqlite_path = _sqlite_file(url)
    except ArgumentError:
        raise DatabaseError(f"{url}: not a database URL") from None
    if sqlite_path is not None:
        _prepare_sqlite_file(sqlite_path)
    try:
        engine = create_engine(url, pool_pre_ping=sqlite_path is None)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"{_safe(url)}: {exc}") from None
    if sqlite_path is not None:
        _configure_sqlite(engine)
    try:
        if migrate and _current_revision(engine) != HEAD_REVISION:
            upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"{_safe(url)}: {reason}") from None
    return Database(url, engine)
