"""Figure g of ``make bench``: need against assistance over the portfolio with synthetic
projects, against a hand-written SQL aggregate, and ``ctcap projects need`` as a command.

    bench_assistance.py --probe URL REPEAT [--raw PATH]   (prints JSON: medians, seconds)

The probe runs in a fresh interpreter, as a CLI command does (see ``data_probe.py``), and
calls ctcap and the raw side in turn, so that load from elsewhere falls on both; it
reports wall and CPU time (the CPU ratio shows through a busy machine).
The raw side reads each country × checklist's latest final round summary through one
window-function query (only a summary that still holds: its event is the round's last and
its rules today's), adds its assistance-area priorities up, and sums the projects'
commitments and counts their donors with GROUP BY: the least any correct answer must do.
It skips what ctcap adds on top (overlaps of donors on one gap, shares, flags, names).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_table import CTCAP, Row, mb, ms, ratio
from measure import median_call, median_process

from ctcap.domain.summary import RULES as SUMMARY_RULES

PROJECTS = 5000
_LATEST = """
WITH ranked AS (
  SELECT a.id, a.country_code, ROW_NUMBER() OVER (
    PARTITION BY a.country_code, v.checklist_id ORDER BY a.as_of DESC, a.id DESC) AS n
  FROM assessments a JOIN checklist_versions v ON v.id = a.checklist_version_id
  WHERE a.status = 'final')
SELECT r.country_code, s.summary FROM ranked r JOIN round_scores s ON s.assessment_id = r.id
WHERE r.n = 1 AND s.rules = ? AND s.event_seq =
  (SELECT MAX(e.seq) FROM answer_events e WHERE e.assessment_id = r.id)
"""
_GIVEN = """
SELECT recipient_country, area, currency, SUM(committed), SUM(disbursed), COUNT(*),
  COUNT(DISTINCT funding_org)
FROM projects WHERE recipient_country IS NOT NULL AND (status IS NULL OR status != 5)
GROUP BY recipient_country, area, currency
"""


def raw_need(path: Path) -> dict[tuple[str, str], list[float]]:
    connection = sqlite3.connect(path)
    try:
        found: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for code, summary in connection.execute(_LATEST, (SUMMARY_RULES,)):
            for area, priority, *_ in json.loads(summary)["assistance"]:
                found[code, area][0] += priority
        for code, area, _currency, committed, disbursed, *_counts in connection.execute(_GIVEN):
            slot = found[code, area]
            slot[1] += (committed or 0) / 100
            slot[2] += (disbursed or 0) / 100
        return dict(found)
    finally:
        connection.close()


def add_projects(portfolio: Path, countries: int, rounds: int, count: int) -> Path:
    """A copy of the portfolio with ``count`` synthetic projects (the other figures keep theirs)."""
    target = portfolio.with_name("assistance.sqlite")
    shutil.copy(portfolio, target)
    from ctcap.cli.context import bundled_checklists
    from ctcap.demo.portfolio import FIRST_YEAR
    from ctcap.demo.projects import build_synthetic_projects
    from ctcap.demo.story import NOT_IN_DEMO
    from ctcap.storage.countries import iso_countries
    from ctcap.storage.engine import open_database

    checklists = [c for c in bundled_checklists() if c.id not in NOT_IN_DEMO]
    database = open_database(f"sqlite:///{target}")
    try:
        codes = list(iso_countries())[:countries]
        build_synthetic_projects(database, checklists, codes, count, FIRST_YEAR, rounds, 7)
    finally:
        database.close()
    return target


def _probe(url: str, repeat: int, raw: Path | None) -> dict[str, float]:
    import subprocess

    argv = [sys.executable, __file__, "--probe", url, str(repeat)]
    if raw is not None:
        argv += ["--raw", str(raw)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench_assistance.py --probe exited {done.returncode}: "
                           f"{done.stderr[-800:]}")  # fmt: skip
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def bench_assistance(
    portfolio: Path, countries: int, rounds: int, rows: list[Row], repeat: int,
    count: int = PROJECTS,
) -> None:  # fmt: skip
    path = add_projects(portfolio, countries, rounds, count)
    try:
        figures = _probe(f"sqlite:///{path}", repeat, path)
        cpu = ratio(figures["need_cpu"], figures["raw_cpu"])
        rows.append(Row(
            f"i. need against assistance data work ({count:,} projects)",
            ms(figures["need"]), f"{ms(figures['raw'])} hand-written SQL aggregate",
            f"{ratio(figures['need'], figures['raw'])} (CPU {cpu})", "≤ 3×",
        ))  # fmt: skip
        rows.append(Row(
            f"i. before/after data work ({count:,} projects, every linked item)",
            ms(figures["outcomes"]), "", "", "(no target)",
        ))  # fmt: skip
        argv = [*CTCAP, "--db", str(path), "projects", "need"]
        median_process(argv, 1)
        command = median_process(argv, max(1, repeat // 2))
        rows.append(Row("i. `ctcap projects need` (whole command)", ms(command.seconds), "",
                        "", "< 2 s", mb(command.peak_rss_mb)))  # fmt: skip
    finally:
        for leftover in path.parent.glob("assistance.sqlite*"):
            leftover.unlink()


def _alternating(
    sides: dict[str, Callable[[], object]], repeat: int
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each side, the sides called in turn ``repeat`` times
    (after one warm-up each): a load that comes and goes falls on both sides alike."""
    for call in sides.values():
        call()
    wall: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, call in sides.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in sides}


def main() -> None:
    url, repeat = sys.argv[2], int(sys.argv[3])
    from ctcap.reports.assistance import build_need_against_assistance
    from ctcap.storage.engine import open_database
    from ctcap.storage.project_reading import before_after, list_projects

    database = open_database(url)
    result: dict[str, float] = {}

    def outcomes() -> object:
        return before_after(session, list_projects(session))

    with database.read() as session:
        sides: dict[str, Callable[[], object]] = {
            "need": lambda: build_need_against_assistance(session)
        }
        if "--raw" in sys.argv:
            path = Path(sys.argv[sys.argv.index("--raw") + 1])
            sides["raw"] = lambda: raw_need(path)
        for name, (wall, cpu) in _alternating(sides, repeat).items():
            result[name], result[f"{name}_cpu"] = wall, cpu
        outcomes()
        result["outcomes"] = median_call(outcomes, max(1, repeat // 3))
    database.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
