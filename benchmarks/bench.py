"""``make bench``: ctcap against the floor, on a synthetic portfolio, ratios within one run.

Writes a Markdown table to benchmarks/RESULTS.md (or --output) and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import median_call, median_process, run_process
from raw_sqlite import copy_with_executemany, raw_history, raw_portfolio

ROOT = Path(__file__).resolve().parents[1]
_SCRIPT = Path(sys.executable).with_name("ctcap")
CTCAP = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ctcap"]


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


def bench_build(work: Path, countries: int, rounds: int, rows: list[Row]) -> Path:
    from ctcap.cli.context import bundled_checklists
    from ctcap.demo.portfolio import build_portfolio
    from ctcap.demo.story import NOT_IN_DEMO
    from ctcap.storage.engine import open_database

    checklists = [c for c in bundled_checklists() if c.id not in NOT_IN_DEMO]
    path = work / "portfolio.sqlite"
    database = open_database(f"sqlite:///{path}")
    start = time.perf_counter()
    summary = build_portfolio(database, checklists, countries=countries, rounds=rounds, seed=7)
    ours = time.perf_counter() - start
    database.close()
    raw = copy_with_executemany(path, work / "raw.sqlite")
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
    rows.append(
        Row(
            f"a. build {summary.answers:,} answers ({summary.assessments:,} "
            "assessments, with audit events)",
            f"{ours:.2f} s",
            f"{raw:.2f} s raw executemany",
            _ratio(ours, raw),
            "≤ 3×",
            f"{rss.peak_rss_mb:.0f} MB",
        )
    )
    return path


def bench_help(rows: list[Row], repeat: int) -> list[str]:
    ours = median_process([*CTCAP, "--help"], repeat)
    bare = median_process([sys.executable, "-c", "pass"], repeat)
    rows.append(
        Row(
            "b. `ctcap --help`",
            _ms(ours.seconds),
            f"{_ms(bare.seconds)} bare python",
            f"+{_ms(ours.seconds - bare.seconds)}",
            "< +150 ms",
            f"{ours.peak_rss_mb:.0f} MB",
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


def _item_map() -> list[tuple[str, str, str, float, int, int]]:
    from ctcap.cli.context import bundled_checklists

    return [
        (c.id, item.id, area.id, item.weight, c.scale.lowest, c.scale.top)
        for c in bundled_checklists()
        for area in c.areas
        for item in area.items
    ]


def bench_reports(path: Path, rows: list[Row], repeat: int) -> None:
    from ctcap.reports.gap import build_gap_report
    from ctcap.reports.history import build_history
    from ctcap.reports.portfolio import build_portfolio
    from ctcap.storage.engine import open_database

    database = open_database(f"sqlite:///{path}")
    country = "AFG"
    with database.read() as session:
        gap = median_call(lambda: build_gap_report(session, country), repeat)
        history = median_call(lambda: build_history(session, country), repeat)
        portfolio = median_call(lambda: build_portfolio(session), max(1, repeat // 3))
    database.close()
    raw_hist = min(raw_history(path, country) for _ in range(repeat))
    rows.append(Row("e. gap report data work (one country)", _ms(gap), "", "", "< 50 ms"))
    rows.append(
        Row(
            "e. history data work (one country)",
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
                f"{run.peak_rss_mb:.0f} MB",
            )
        )
    hist_run = median_process(
        [*CTCAP, "--db", str(path), "history", "--country", country, "--json"], max(1, repeat // 2)
    )
    rows.append(
        Row(
            "e. `ctcap history --json`",
            _ms(hist_run.seconds),
            "",
            "",
            "< 1 s",
            f"{hist_run.peak_rss_mb:.0f} MB",
        )
    )
    item_map = _item_map()
    raw = min(raw_portfolio(path, item_map)[0] for _ in range(repeat))
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
            "f. `ctcap report portfolio --format md`",
            _ms(whole.seconds),
            "",
            "",
            "< 2 s",
            f"{whole.peak_rss_mb:.0f} MB",
        )
    )


def _guard(name: str, action: Callable[[], object], notes: list[str]) -> None:
    try:
        action()
    except Exception as exc:  # a missing face must not hide the other figures
        notes.append(f"- {name}: not measured ({type(exc).__name__}: {exc})")


def render(
    rows: list[Row], notes: list[str], importtime: list[str], args: argparse.Namespace
) -> str:
    lines = [
        "# ctcap benchmarks",
        "",
        f"Portfolio: {args.countries} countries × {args.rounds} rounds × every bundled "
        "checklist, synthetic. Ratios are measured in the same run.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}.",
        "",
        "| figure | measured | baseline | ratio | target | peak RSS |",
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
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--countries", type=int, default=195)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    rows: list[Row] = []
    notes: list[str] = []
    importtime: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="ctcap-bench-"))
    try:
        path = bench_build(work, args.countries, args.rounds, rows)
        importtime = bench_help(rows, args.repeat)
        _guard("reports", lambda: bench_reports(path, rows, args.repeat), notes)
        text = render(rows, notes, importtime, args)
        args.output.write_text(text, encoding="utf-8")
        print(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
