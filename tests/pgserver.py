"""A throwaway PostgreSQL server for the tests and the benchmarks.

``initdb``/``pg_ctl`` from Debian's PostgreSQL packages (run as the postgres user through
``runuser`` when we are root: initdb refuses root), no TCP, a Unix socket in a temporary
directory that is removed afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoServer(Exception):
    """No PostgreSQL server binaries here, or the server would not start."""


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(_as_postgres(args), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NoServer(f"{what} failed: {done.stderr.strip()[-300:]}")


class Server:
    """A running throwaway server that can be crashed and started again."""

    def __init__(self, pg_ctl: str, data: Path, options: str, log: str, url: str) -> None:
        self.url = url  # libpq URL template, ``{db}`` for the database name
        self._pg_ctl, self._data, self._options, self._log = pg_ctl, data, options, log

    def start(self) -> None:
        command = [self._pg_ctl, "-D", str(self._data), "-o", self._options, "-l", self._log]
        _run([*command, "-w", "start"], "pg_ctl start")

    def crash(self) -> None:
        """Stop at once, as a crash would: the next start recovers from the WAL."""
        _run([self._pg_ctl, "-D", str(self._data), "-m", "immediate", "stop"], "pg_ctl stop")

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([self._pg_ctl, "-D", str(self._data), "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
        )


@contextmanager
def restartable_server(settings: str = "") -> Iterator[Server]:
    """A fresh server (see ``throwaway_server``) that the caller may crash and restart.

    ``settings``: extra ``-c name=value`` server options, e.g. ``-c fsync=off``.
    """
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise NoServer("initdb/pg_ctl not found (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="ctcap-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        _run([initdb, "-D", str(data), "-U", "ctcap", "--auth=trust", "-E", "UTF8"], "initdb")
        options = f"-k {sockets} -c listen_addresses='' {settings}".strip()
        url = f"postgresql://ctcap@/{{db}}?host={sockets}"
        server = Server(pg_ctl, data, options, str(base / "log"), url)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def throwaway_server(settings: str = "") -> Iterator[str]:
    """A libpq URL template (``{db}`` for the database name) of a fresh server.

    ``settings``: extra ``-c name=value`` server options, e.g. ``-c fsync=off``.
    """
    with restartable_server(settings) as server:
        yield server.url
