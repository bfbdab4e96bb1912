"""The countries list as the last session left it, so that the next start paints it at once.

Opening the database costs SQLAlchemy's import, the migration check and the bulk reads:
about a second before the list could show. The list itself is small (a row per ISO
country), so the app keeps a copy of it when it closes, with the state of the database
file (and its WAL) at that moment: size, modification time and inode. At the next start
the copy is shown only if the files are exactly as they were left; the database's own
list replaces it once read (every number is the database's). Any write in between, by
ctcap or anything else, changes the file state, and the copy is ignored.

SQLite files only (a server database has no file to compare). Nothing heavy is imported:
this runs before the first paint.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctcap import __version__

from .views import CountrySummary

if TYPE_CHECKING:
    from ctcap.storage.engine import Database

FORMAT = 1
FileState = list[list[int]]  # per file (database, WAL): size, mtime_ns, inode; [] if absent
Listed = tuple[list[CountrySummary], str | None, FileState]  # the list, recent, files before


def database_file(url: str) -> Path | None:
    """The file of a ``sqlite:///PATH`` URL; None for anything else (server, memory)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix) :]
    return Path(path).resolve() if path and path != ":memory:" else None


def file_state(database: Path) -> FileState:
    """What changes whenever anything writes to the database: its file and its WAL."""
    state: FileState = []
    for path in (database, database.with_name(database.name + "-wal")):
        try:
            found = path.stat()
        except FileNotFoundError:
            state.append([])
        else:
            state.append([found.st_size, found.st_mtime_ns, found.st_ino])
    return state


def cache_file(database: Path) -> Path:
    from ctcap.paths import user_cache_dir

    digest = hashlib.sha256(str(database).encode("utf-8", "surrogateescape")).hexdigest()
    return user_cache_dir() / f"countries-{digest[:24]}.json"


def read(url: str) -> tuple[list[CountrySummary], str | None] | None:
    """The list kept for this database, if the database is exactly as it was then."""
    database = database_file(url)
    if database is None:
        return None
    try:
        data = json.loads(cache_file(database).read_text(encoding="utf-8"))
        if (
            data.get("format") != FORMAT
            or data.get("ctcap") != __version__
            or data.get("database") != str(database)
            or data.get("state") != file_state(database)
        ):
            return None
        summaries = [_summary(row) for row in data["summaries"]]
        recent = data["recent"]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # no copy, or one this version cannot read: the database will tell
    if recent is not None and not isinstance(recent, str):
        return None
    return summaries, recent


def write(url: str, summaries: list[CountrySummary], recent: str | None, state: FileState) -> None:
    """Keep the list for the next start; ``state`` is the files' state it belongs to."""
    database = database_file(url)
    if database is None:
        return
    target = cache_file(database)
    data = {
        "format": FORMAT,
        "ctcap": __version__,
        "database": str(database),
        "state": state,
        "recent": recent,
        "summaries": [asdict(s) for s in summaries],
    }
    with contextlib.suppress(OSError):  # a cache that cannot be written is no error
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.replace(temporary, target)


# On the database thread ------------------------------------------------------------------


def read_countries(db: Database, url: str, iso: dict[str, str]) -> Listed:
    """The countries list from the database, with the files' state before the read: a
    write during the read makes the copy look stale, never fresh."""
    from .data import load_countries

    database = database_file(url)
    state = file_state(database) if database is not None else []
    summaries, recent = load_countries(db, iso)
    return summaries, recent, state


def keep_for_next_start(db: Database, url: str, iso: dict[str, str], last: Listed | None) -> None:
    """Close ``db``, keeping the list as the database has it for the next start: the
    list last read when nothing has written since, else read again first."""
    database = database_file(url)
    kept: tuple[list[CountrySummary], str | None] | None = None
    if database is not None and last is not None:
        if last[2] == file_state(database):
            kept = last[0], last[1]
        else:
            with contextlib.suppress(Exception):  # a convenience: closing must not fail
                kept = read_countries(db, url, iso)[:2]
    db.close()
    if database is not None and kept is not None:  # the files as closing left them
        write(url, *kept, file_state(database))


def _summary(row: dict[str, Any]) -> CountrySummary:
    fields: dict[str, type | tuple[type, ...]] = {
        "code": str,
        "name": str,
        "assessment_id": (int, type(None)),
        "status": (str, type(None)),
        "overall": (float, int, type(None)),
        "completion": (float, int, type(None)),
        "rounds": int,
        "checklist_id": (str, type(None)),
    }
    for name, kinds in fields.items():
        if not isinstance(row[name], kinds):
            raise TypeError(name)
    trend = row["trend"]
    if not isinstance(trend, list) or not all(isinstance(t, (float, int)) for t in trend):
        raise TypeError("trend")
    return CountrySummary(
        code=row["code"],
        name=row["name"],
        assessment_id=row["assessment_id"],
        status=row["status"],
        overall=row["overall"],
        completion=row["completion"],
        trend=tuple(trend),
        rounds=row["rounds"],
        checklist_id=row["checklist_id"],
    )
