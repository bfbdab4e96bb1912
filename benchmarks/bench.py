"""``make bench``: ctcap against the floor, on a synthetic portfolio, ratios within one run.

Writes a Markdown table to benchmarks/RESULTS.md (or --output) and prints it. When the
output file exists, only the part between the ``bench:begin``/``bench:end`` markers is
replaced: the notes written by hand around it (what moved what) are kept.

Every figure is a median over ``--repeat`` runs after one warm-up run (the build: the
best of two), for ctcap and its baseline alike. No figure is asserted anywhere: the test
suite only runs this on a tiny portfolio to keep it working.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# The throwaway PostgreSQL server is shared with the tests.
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))

from measure import median_process, run_process
from raw_sqlite import copy_with_executemany

ROOT = Path(__file__).resolve().parents[1]
_SCRIPT = Path(sys.executable).with_name("ctcap")
CTCAP = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ctcap"]
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


@dataclass
class Row:
    figure: str
    measured: str
    baseline: str
    ratio: str
    target: str
    rss: str = ""


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "—"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def bench_build(work: Path, countries: int, rounds: int, rows: list[Row]) -> Path:
    from ctcap.cli.context import bundled_checklists
    from ctcap.demo.portfolio import build_portfolio
    from ctcap.demo.story import NOT_IN_DEMO
    from ctcap.storage.engine import open_database

    checklists = [c for c in bundled_checklists() if c.id not in NOT_IN_DEMO]
    path = work / "portfolio.sqlite"
    # Best of two for both sides: one fsync-heavy build on a shared disk varies by ±30 %.
    builds = []
    for target in (work / "again.sqlite", path):
        database = open_database(f"sqlite:///{target}")
        start = time.perf_counter()
        summary = build_portfolio(database, checklists, countries=countries, rounds=rounds, seed=7)
        builds.append(time.perf_counter() - start)
        database.close()
    raws = [copy_with_executemany(path, work / f"raw{n}.sqlite") for n in range(2)]
    for leftover in [*work.glob("raw*.sqlite*"), *work.glob("again.sqlite*")]:
        leftover.unlink()
    ours, raw = min(builds), min(raws)
    rss = run_process(
        [
            *CTCAP,
            "--db",
            str(work / "rss.sqlite"),
            "demo",
            "--countries",
            str(countries),
            "--rounds",
            str(rounds),
        ]
    )
    for leftover in work.glob("rss.sqlite*"):
        leftover.unlink()
    rows.append(
        Row(
            f"a. build {summary.answers:,} answers ({summary.assessments:,} "
            "assessments, with audit events)",
            f"{ours:.2f} s (best of 2)",
            f"{raw:.2f} s raw executemany (best of 2)",
            _ratio(ours, raw),
            "≤ 3×",
            f"{_mb(rss.peak_rss_mb)} (`ctcap demo`, {rss.seconds:.1f} s)",
        )
    )
    return path


def bench_help(rows: list[Row], repeat: int) -> list[str]:
    median_process([*CTCAP, "--help"], 1)  # warm the page cache and the .pyc files
    ours = median_process([*CTCAP, "--help"], repeat)
    bare = median_process([sys.executable, "-c", "pass"], repeat)
    rows.append(
        Row(
            "b. `ctcap --help`",
            _ms(ours.seconds),
            f"{_ms(bare.seconds)} bare python",
            f"+{_ms(ours.seconds - bare.seconds)}",
            "< +150 ms",
            _mb(ours.peak_rss_mb),
        )
    )
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ctcap", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    entries = []
    for line in trace.splitlines()[1:]:
        parts = line.split("|")
        if len(parts) == 3:
            entries.append((int(parts[1].strip()), parts[2].rstrip()))
    top = sorted(entries, reverse=True)[:8]
    return [f"    {micro / 1000:7.1f} ms  {name}" for micro, name in top]


def _add_draft(path: Path, rounds: int) -> None:
    """A draft for the scoring figure: the next round of the first country and checklist."""
    from ctcap.cli.context import bundled_checklists
    from ctcap.demo.portfolio import FIRST_YEAR
    from ctcap.demo.story import NOT_IN_DEMO
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    checklist = next(c for c in bundled_checklists() if c.id not in NOT_IN_DEMO)
    database = open_database(f"sqlite:///{path}")
    try:
        with database.write() as session:
            country = repository.list_countries(session)[0].code
            repository.create_assessment(
                session,
                country=country,
                checklist=checklist,
                as_of=date(FIRST_YEAR + rounds, 6, 30),
                assessor="bench",
            )
    finally:
        database.close()


def bench_tui(path: Path, rounds: int, rows: list[Row], repeat: int, presses: int) -> None:
    from tui_bench import first_paint, scoring_latency

    first_paint("minimal", None, 1)  # warm the .pyc files and the page cache
    first_paint("ctcap", path, 1)
    minimal = first_paint("minimal", None, repeat)
    ours = first_paint("ctcap", path, repeat)
    rows.append(
        Row(
            "c. TUI first paint, process start → Ready (pty 120×40)",
            _ms(ours.seconds),
            f"{_ms(minimal.seconds)} minimal Textual app",
            _ratio(ours.seconds, minimal.seconds),
            "≤ 1.3×",
            f"{_mb(ours.peak_rss_mb)} (minimal {_mb(minimal.peak_rss_mb)})",
        )
    )
    data = first_paint("ctcap", path, max(1, repeat // 3), wait_for_data=True)
    assert data.data_seconds is not None
    rows.append(
        Row(
            "c. TUI countries list painted (process start → list shown)",
            _ms(data.data_seconds),
            f"{_ms(minimal.seconds)} minimal app, rows built in",
            _ratio(data.data_seconds, minimal.seconds),
            "(no target)",
            _mb(data.peak_rss_mb),
        )
    )
    scoring = path.with_name("scoring.sqlite")
    shutil.copy(path, scoring)
    try:
        _add_draft(scoring, rounds)
        latency = scoring_latency(scoring, presses)
    finally:
        for leftover in path.parent.glob("scoring.sqlite*"):
            leftover.unlink()
    keys = f"{latency.presses} keys"
    rows += [
        Row(
            f"d. keypress → screen, p50 / p95 ({keys})",
            f"{latency.screen_p50:.1f} / {latency.screen_p95:.1f} ms",
            "",
            "",
            "p95 < 16 ms",
            _mb(latency.peak_rss_mb),
        ),
        Row(
            f"d. keypress → committed, p50 / p95 ({keys})",
            f"{latency.committed_p50:.1f} / {latency.committed_p95:.1f} ms",
            "",
            "",
            "p95 < 20 ms",
            "",
        ),
        Row(
            "d. keypress → “saved” on screen, p50 / p95",
            f"{latency.shown_p50:.1f} / {latency.shown_p95:.1f} ms",
            "",
            "",
            "(no target)",
            "",
        ),
        Row(
            "d. (run_test) countries loaded / assessment opened",
            f"{latency.countries_s:.2f} s / {_ms(latency.open_s)}",
            "",
            "",
            "(no target)",
            "",
        ),
    ]


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
    rows.append(Row("e. gap report data work (one country)", _ms(gap), "", "", "< 50 ms"))
    rows.append(
        Row(
            "e. history data work (one country, every round)",
            _ms(history),
            f"{_ms(raw_hist)} raw query",
            _ratio(history, raw_hist),
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
                _ms(run.seconds),
                "",
                "",
                "< 1 s",
                _mb(run.peak_rss_mb),
            )
        )
    hist_run = median_process(
        [*CTCAP, "--db", str(path), "history", "--country", country, "--json"],
        max(1, repeat // 2),
    )
    rows.append(
        Row(
            "e. `ctcap history --json`",
            _ms(hist_run.seconds),
            "",
            "",
            "< 1 s",
            _mb(hist_run.peak_rss_mb),
        )
    )
    rows.append(
        Row(
            "f. portfolio data work (SQLite)",
            _ms(portfolio),
            f"{_ms(raw)} raw query",
            _ratio(portfolio, raw),
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
            _ms(whole.seconds),
            "",
            "",
            "< 2 s",
            _mb(whole.peak_rss_mb),
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
            _ms(pg.ours_seconds),
            f"{_ms(pg.raw_seconds)} raw query (psycopg)",
            _ratio(pg.ours_seconds, pg.raw_seconds),
            "≤ 3×",
        ),
        Row(
            "f. `ctcap report portfolio --format md` (PostgreSQL)",
            _ms(pg.command.seconds),
            "",
            "",
            "< 2 s",
            _mb(pg.command.peak_rss_mb),
        ),
    ]
    notes.append(
        f"- PostgreSQL {pg.version}: a throwaway local server (Unix socket, default "
        f"settings); the same portfolio loaded by the bulk path in {pg.build_seconds:.1f} s "
        f"({pg.answers:,} answers), then `VACUUM ANALYZE`."
    )


def _guard(name: str, action: Callable[[], object], notes: list[str]) -> None:
    try:
        action()
    except Exception as exc:  # a missing face must not hide the other figures
        notes.append(f"- {name}: not measured ({type(exc).__name__}: {str(exc)[:300]})")


def _first_line(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def machine(load_start: tuple[float, ...]) -> list[str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    memory = _first_line("/proc/meminfo", "MemTotal")
    load_end = os.getloadavg()
    return [
        f"- CPU: {_first_line('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores; "
        f"memory {memory}; {platform.platform()}.",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"SQLAlchemy {version('SQLAlchemy')}, Textual {version('textual')}, "
        f"psycopg {version('psycopg')}, click {version('click')}.",
        f"- Load average (1 min) {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the "
        "end: other work on the machine shows up as noise in every figure.",
    ]


def render(
    rows: list[Row],
    notes: list[str],
    importtime: list[str],
    args: argparse.Namespace,
    machine_lines: list[str],
) -> str:
    lines = [
        BEGIN,
        "",
        f"Portfolio: {args.countries} countries × {args.rounds} rounds × every bundled "
        "checklist, synthetic. Ratios are measured in the same run; each figure is the "
        f"median of {args.repeat} runs after a warm-up (whole commands: of "
        f"{max(1, args.repeat // 2)}).",
        "",
        *machine_lines,
        "",
        "| figure | measured | baseline | ratio | target | peak RSS (g, < 250 MB) |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r.figure} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {r.rss} |"
            for r in rows
        ),
        "",
    ]
    if importtime:
        lines += [
            "Top cumulative imports of `ctcap --help` (`python -X importtime`):",
            "",
            "```",
            *importtime,
            "```",
            "",
        ]
    if notes:
        lines += ["Notes:", "", *notes, ""]
    lines.append(END)
    return "\n".join(lines)


def write(output: Path, generated: str) -> str:
    """Replace the generated part of ``output``, keeping what is written around it."""
    if output.exists():
        old = output.read_text(encoding="utf-8")
        if BEGIN in old and END in old:
            head, rest = old.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            text = head + generated + tail
            output.write_text(text, encoding="utf-8")
            return text
    text = "# ctcap benchmarks\n\n" + generated + "\n"
    output.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--countries", type=int, default=195)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--presses", type=int, default=120, help="scoring keys for figure d")
    parser.add_argument("--no-postgres", action="store_true", help="skip f on PostgreSQL")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    load_start = os.getloadavg()
    rows: list[Row] = []
    notes: list[str] = []
    importtime: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="ctcap-bench-"))
    started = time.perf_counter()
    try:
        path = bench_build(work, args.countries, args.rounds, rows)
        importtime = bench_help(rows, args.repeat)
        _guard(
            "c/d (TUI)",
            lambda: bench_tui(path, args.rounds, rows, args.repeat, args.presses),
            notes,
        )
        _guard("e/f (reports)", lambda: bench_reports(path, rows, args.repeat), notes)
        if args.no_postgres:
            notes.append("- f on PostgreSQL: skipped (--no-postgres).")
        else:
            _guard(
                "f (PostgreSQL)",
                lambda: bench_postgres(args.countries, args.rounds, rows, notes, args.repeat),
                notes,
            )
        notes.append(f"- The whole run took {time.perf_counter() - started:.0f} s.")
        text = write(args.output, render(rows, notes, importtime, args, machine(load_start)))
        print(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
