"""Opening a database: URL checks, SQLite pragmas, owner-only files, migrations.

Nothing here runs at import time; ``open_database`` is the only way in.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ctcap.errors import DatabaseError

# The newest migration. Checked against Alembic's scripts by a test; comparing it
# with the database's alembic_version avoids loading Alembic on every start.
HEAD_REVISION = "0010"
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).with_name("migrations")

# The session ``Database.read()`` (and ``write()``) hands out, as storage's functions
# take it: the faces type their parameters with this name and need not import SQLAlchemy.
ReadSession: TypeAlias = Session


def safe_url(url: str) -> str:
    """``url`` with any password masked, parseable or not: safe to print anywhere.

    Everything between the user name and the last "@" counts as the password: a raw
    "@" or "/" in a password makes SQLAlchemy read part of it as the host or database.
    """
    scheme, separator, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if separator and at and not rest.startswith("/") and ":" in userinfo:
        url = f"{scheme}://{userinfo.partition(':')[0]}:***@{host}"
    try:
        parsed = make_url(url)
        secret = {k: "***" for k in parsed.query if "password" in k.lower()}
        return parsed.update_query_dict(secret).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        return url


def _parsed(url: str) -> URL:
    """The URL, parsed; one line naming what is wrong with it (password masked)."""
    shown = safe_url(url)
    _, separator, rest = url.partition("://")
    userinfo, at, _ = rest.partition("?")[0].rpartition("@")
    if separator and at and not rest.startswith("/") and ("@" in userinfo or "/" in userinfo):
        raise DatabaseError(
            f"{shown}: not a database URL (write an @ or / in the user name or password "
            "as %40 or %2F)"
        )
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"{shown}: not a database URL") from None
    except ValueError as exc:  # e.g. a port that is not a number
        reason = "the port is not a number" if "int()" in str(exc) else "malformed"
        raise DatabaseError(f"{shown}: not a database URL ({reason})") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise DatabaseError(f"{shown}: not a database URL (port {parsed.port} is out of range)")
    return parsed


def _sqlite_file(parsed: URL, shown: str) -> Path | None:
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database.startswith("file:") or "uri" in parsed.query:
        raise DatabaseError(
            f"{shown}: file: URIs are not supported for SQLite; give a file path "
            "(or sqlite:///PATH)"
        )
    if database in ("", ":memory:") or "mode" in parsed.query:
        raise DatabaseError(
            f"{shown}: in-memory SQLite is not supported (each thread would see its own "
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
        raise DatabaseError(f"{safe_url(url)}: {_scrub(reason, url)}") from None
    except (DataError, OverflowError) as exc:  # a number too large for a column
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"{safe_url(url)}: {_scrub(reason, url)}") from None


def _scrub(reason: str, url: str) -> str:
    """A driver's message, with the URL's password taken out should it quote it."""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError, TypeError):
        return reason
    return reason.replace(str(password), "***") if password and len(password) > 3 else reason


def known_revisions() -> frozenset[str]:
    """The revisions this ctcap's migrations know (their files are named NNNN_*.py)."""
    versions = MIGRATIONS / "versions"
    return frozenset(path.name.split("_")[0] for path in versions.glob("[0-9]*_*.py"))


@dataclass(frozen=True)
class _State:
    revision: str | None
    tables: tuple[str, ...]  # when there is no alembic_version: what is there instead


def _sqlite_state(path: Path) -> _State | None:
    """Read a rollback-journal file without changing a byte (the engine would switch it
    to WAL): the revision, else the tables. None for a WAL file: the engine reads it."""
    with path.open("rb") as handle:
        header = handle.read(20)
    if len(header) == 20 and header[18] == 2:
        return None  # WAL already: a read-only connection would leave -wal and -shm files
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            names = [r[0] for r in connection.execute(_SQLITE_TABLES).fetchall()]
            if "alembic_version" not in names:
                return _State(None, tuple(sorted(names)))
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: {str(exc).splitlines()[0]}") from None
    return _State(str(row[0]) if row else None, ())


_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def _server_state(engine: Engine) -> _State:
    with engine.connect() as connection:
        names = inspect(connection).get_table_names()
        if "alembic_version" not in names:
            return _State(None, tuple(sorted(names)))
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _State(None if revision is None else str(revision), ())


def _check_state(state: _State, shown: str, allow_foreign: bool) -> None:
    """Refuse a newer schema, and another application's database, before touching either."""
    if state.revision is not None and state.revision not in known_revisions():
        raise DatabaseError(
            f"{shown}: schema revision {state.revision!r} is newer than this ctcap knows "
            f"(up to {HEAD_REVISION}); use a newer ctcap. The database was not touched"
        )
    if state.revision is None and state.tables and not allow_foreign:
        listed = ", ".join(state.tables[:5]) + (", …" if len(state.tables) > 5 else "")
        raise DatabaseError(
            f"{shown}: not a ctcap database (no alembic_version; tables: {listed}); "
            "ctcap adds its tables to another application's database only with "
            "--db-init-foreign. The database was not touched"
        )


def upgrade(engine: Engine) -> None:
    """Apply every pending Alembic migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str, *, migrate: bool = True, allow_foreign: bool = False) -> Database:
    """Open ``url``, creating and migrating it as needed; raise ``DatabaseError`` if it can't.

    Refused, untouched: a schema newer than this ctcap, and (unless ``allow_foreign``) a
    database with tables but no ``alembic_version``: another application's.
    """
    parsed, shown = _parsed(url), safe_url(url)
    sqlite_path = _sqlite_file(parsed, shown)
    state = None
    if sqlite_path is not None:
        _prepare_sqlite_file(sqlite_path)
        state = _sqlite_state(sqlite_path)
    try:
        engine = create_engine(parsed, pool_pre_ping=sqlite_path is None)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"{shown}: {_scrub(str(exc), url)}") from None
    if sqlite_path is not None:
        _configure_sqlite(engine)
    try:
        state = state or _server_state(engine)
        _check_state(state, shown, allow_foreign)
        if migrate and state.revision != HEAD_REVISION:
            upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"{shown}: {_scrub(reason, url)}") from None
    except DatabaseError:
        engine.dispose()
        raise
    return Database(url, engine)
