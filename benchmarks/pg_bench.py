"""Figure f on PostgreSQL: a throwaway server, the same portfolio, raw SQL against ctcap.

The server comes from ``tests/pgserver.py``, as the tests' does. Unlike the tests' it
keeps ``fsync`` on: these are the server's default settings.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from measure import Run, median_process
from raw_sqlite import ITEM_MAP_TABLE, PORTFOLIO_SQL

from pgserver import throwaway_server


@dataclass(frozen=True)
class PgFigures:
    version: str
    build_seconds: float
    answers: int
    raw_seconds: float
    ours_seconds: float
    command: Run


@contextmanager
def server() -> Iterator[str]:
    """A libpq URL template of a fresh server with default settings (fsync on)."""
    with throwaway_server() as url:
        yield url


def _raw_portfolio(
    url: str, item_map: list[tuple[str, str, str, float, int, int]], repeat: int
) -> float:
    import psycopg

    with psycopg.connect(url) as connection:
        connection.execute(ITEM_MAP_TABLE)
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO item_map VALUES (%s,%s,%s,%s,%s,%s)", item_map)
        connection.execute("ANALYZE item_map")
        connection.execute(PORTFOLIO_SQL).fetchall()  # warm: plans and buffers
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            connection.execute(PORTFOLIO_SQL).fetchall()
            times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def measure(
    ctcap: list[str],
    countries: int,
    rounds: int,
    repeat: int,
    item_map: list[tuple[str, str, str, float, int, int]],
    data_work: Callable[[str, int], dict[str, float]],
) -> PgFigures:
    """Load the portfolio of ``bench.py`` into a fresh server and time the portfolio.

    ``data_work(url, repeat)`` times ctcap's side in a fresh process.
    """
    import psycopg

    from ctcap.cli.context import bundled_checklists
    from ctcap.demo.portfolio import build_portfolio as build_demo
    from ctcap.demo.story import NOT_IN_DEMO
    from ctcap.storage.engine import open_database

    with server() as template:
        admin = template.format(db="postgres")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute('CREATE DATABASE "bench"')
            version = str(connection.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        raw_url = template.format(db="bench")
        url = raw_url.replace("postgresql://", "postgresql+psycopg://", 1)
        checklists = [c for c in bundled_checklists() if c.id not in NOT_IN_DEMO]
        database = open_database(url)
        start = time.perf_counter()
        summary = build_demo(database, checklists, countries=countries, rounds=rounds, seed=7)
        build = time.perf_counter() - start
        with psycopg.connect(raw_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")  # both sides get planner statistics
        database.close()
        raw = _raw_portfolio(raw_url, item_map, repeat)
        ours = data_work(url, repeat)["portfolio"]
        out = Path(tempfile.mkdtemp(prefix="ctcap-bench-pg-out-"))
        try:
            command = median_process(
                [
                    *ctcap,
                    "--db",
                    url,
                    "report",
                    "portfolio",
                    "--format",
                    "md",
                    "-o",
                    str(out / "portfolio.md"),
                ],
                max(1, repeat // 2),
            )
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return PgFigures(version, build, summary.answers, raw, ours, command)
