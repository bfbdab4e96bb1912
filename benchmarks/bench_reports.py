"""Figures e and f of ``make bench``: the reports' data work against raw queries (timed
in a fresh process by ``data_probe.py``), the ``ctcap report`` and ``ctcap history``
commands, and the portfolio figures on PostgreSQL (``pg_bench.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench_table import CTCAP, Row, mb, ms, ratio
from measure import median_process


def _item_map() -> list[tuple[str, str, str, float, int, int]]:
    from data_probe import item_map

    return item_map()


def data_work(url: str, country: str, repeat: int, raw: Path | None = None) -> dict[str, float]:
    """The reports' data work (and the raw queries on ``raw``), timed in a fresh process."""
    argv = [sys.executable, str(Path(__file__).with_name("data_probe.py")), url, country]
    argv.append(str(repeat))
    if raw is not None:
        argv += ["--raw", str(raw)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"data_probe.py exited {done.returncode}: {done.stderr[-800:]}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def first_country(url: str) -> str:
    from ctcap.storage.engine import open_database
    from ctcap.storage.repository import list_countries

    database = open_database(url)
    try:
        with database.read() as session:
            return list_countries(session)[0].code
    finally:
        database.close()


def bench_reports(path: Path, rows: list[Row], repeat: int) -> None:
    url = f"sqlite:///{path}"
    country = first_country(url)
    figures = data_work(url, country, repeat, raw=path)
    gap, history, portfolio = figures["gap"], figures["history"], figures["portfolio"]
    raw_hist, raw = figures["raw_history"], figures["raw_portfolio"]
    rows.append(Row("e. gap report data work (one country)", ms(gap), "", "", "< 50 ms"))
    rows.append(
        Row(
            "e. history data work (one country, every round)",
            ms(history),
            f"{ms(raw_hist)} raw query",
            ratio(history, raw_hist),
            "< 50 ms",
        )
    )
    for fmt in ("md", "html", "json", "csv", "xlsx"):
        out = path.parent / f"gap.{fmt}"
        run = median_process(
            [
                *CTCAP,
                "--db",
                str(path),
                "report",
                "gap",
                "--country",
                country,
                "--format",
                fmt,
                "-o",
                str(out),
            ],
            max(1, repeat // 2),
        )
        rows.append(
            Row(
                f"e. `ctcap report gap --format {fmt}`",
                ms(run.seconds),
                "",
                "",
                "< 1 s",
                mb(run.peak_rss_mb),
            )
        )
    hist_run = median_process(
        [*CTCAP, "--db", str(path), "history", "--country", country, "--json"],
        max(1, repeat // 2),
    )
    rows.append(
        Row(
            "e. `ctcap history --json`",
            ms(hist_run.seconds),
            "",
            "",
            "< 1 s",
            mb(hist_run.peak_rss_mb),
        )
    )
    rows.append(
        Row(
            "f. portfolio data work (SQLite)",
            ms(portfolio),
            f"{ms(raw)} raw query",
            ratio(portfolio, raw),
            "≤ 3×",
        )
    )
    whole = median_process(
        [
            *CTCAP,
            "--db",
            str(path),
            "report",
            "portfolio",
            "--format",
            "md",
            "-o",
            str(path.parent / "portfolio.md"),
        ],
        max(1, repeat // 2),
    )
    rows.append(
        Row(
            "f. `ctcap report portfolio --format md` (SQLite)",
            ms(whole.seconds),
            "",
            "",
            "< 2 s",
            mb(whole.peak_rss_mb),
        )
    )


def bench_postgres(
    countries: int, rounds: int, rows: list[Row], notes: list[str], repeat: int
) -> None:
    from pg_bench import measure

    from pgserver import NoServer

    try:
        pg = measure(
            CTCAP,
            countries,
            rounds,
            repeat,
            _item_map(),
            lambda url, times: data_work(url, first_country(url), times),
        )
    except NoServer as exc:
        notes.append(f"- f on PostgreSQL: skipped, no server here ({exc}).")
        return
    rows += [
        Row(
            "f. portfolio data work (PostgreSQL)",
            ms(pg.ours_seconds),
            f"{ms(pg.raw_seconds)} raw query (psycopg)",
            ratio(pg.ours_seconds, pg.raw_seconds),
            "≤ 3×",
        ),
        Row(
            "f. `ctcap report portfolio --format md` (PostgreSQL)",
            ms(pg.command.seconds),
            "",
            "",
            "< 2 s",
            mb(pg.command.peak_rss_mb),
        ),
    ]
    notes.append(
        f"- PostgreSQL {pg.version}: a throwaway local server (Unix socket, default "
        f"settings); the same portfolio loaded by the bulk path in {pg.build_seconds:.1f} s "
        f"({pg.answers:,} answers), then `VACUUM ANALYZE`."
    )
