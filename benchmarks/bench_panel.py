"""Figure h of ``make bench``: a 12-member panel over the 66-item capacity checklist.

``bench_panel`` builds one synthetic panel round (a fictional country, every member
answering every item from a seeded draw around a shared level), then times two whole
commands as fresh processes against ``ctcap assessments show`` of the same round (the
floor of any command that opens the database and reads a round): ``panel reveal`` (on a
fresh copy of the unrevealed database each run) and ``panel agreement`` (per-item
spreads, alpha per area and overall, each with a 1,000-resample bootstrap). Besides the
wall time, each figure gives the processes' CPU time (user + system), which other work
on a shared machine does not inflate.
"""

from __future__ import annotations

import random
import resource
import shutil
import statistics
from datetime import date
from pathlib import Path

from bench_table import CTCAP, Row, mb, ms, ratio
from measure import Run, run_process

MEMBERS = 12
CHECKLIST = "ct-capacity-building"


def build_panel(path: Path, members: int = MEMBERS, seed: int = 11) -> tuple[int, str]:
    """A synthetic panel round with every member's answers; its id and its lead."""
    from ctcap.cli.context import find_checklist
    from ctcap.domain.answers import Special
    from ctcap.storage import panels, repository
    from ctcap.storage.engine import open_database

    checklist = find_checklist(CHECKLIST)
    names = [f"member{n:02d}" for n in range(members)]
    rng = random.Random(seed)
    database = open_database(f"sqlite:///{path}")
    try:
        with database.write() as session:
            repository.ensure_country(session, "XAA", "Fictional country A (synthetic)")
            info = repository.create_assessment(
                session, country="XAA", checklist=checklist, as_of=date(2026, 6, 30),
                assessor=names[0], synthetic=True, title="Synthetic panel benchmark",
            )  # fmt: skip
            panels.create_panel(session, info.id, lead=names[0], members=names[1:], actor=names[0])
        shared = {item.id: rng.randint(1, 5) for item in checklist.items()}
        for name in names:
            with database.write() as session:
                for item, level in shared.items():
                    draw = rng.random()
                    response = (
                        Special.NO_INFORMATION
                        if draw < 0.03
                        else min(5, max(1, level + rng.choice((-1, 0, 0, 0, 1))))
                    )
                    panels.record_member_answer(session, info.id, name, item, response)
        return info.id, names[0]
    finally:
        database.close()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(argv: list[str]) -> tuple[Run, float]:
    """One run: wall time and peak RSS (``measure``), and its CPU seconds."""
    before = _children_cpu()
    run = run_process(argv)
    return run, _children_cpu() - before


def _median(runs: list[tuple[Run, float]]) -> tuple[float, float, float]:
    """Median wall and CPU seconds (taken apart), and the highest peak RSS."""
    return (
        statistics.median(run.seconds for run, _ in runs),
        statistics.median(cpu for _, cpu in runs),
        max(run.peak_rss_mb for run, _ in runs),
    )


def bench_panel(work: Path, rows: list[Row], repeat: int) -> None:
    base = work / "panel.sqlite"
    assessment_id, lead = build_panel(base)
    show = [*CTCAP, "--db", str(base), "assessments", "show", str(assessment_id)]
    floor = _median([_timed(show) for _ in range(repeat + 1)][1:])
    reveals = []
    for n in range(repeat + 1):  # one warm-up, as the other figures
        copy = work / f"reveal{n}.sqlite"
        shutil.copy(base, copy)
        command = [*CTCAP, "--db", str(copy), "panel", "reveal", str(assessment_id)]
        reveals.append(_timed([*command, "--assessor", lead]))
    revealed = work / f"reveal{repeat}.sqlite"
    agreement = [
        _timed([*CTCAP, "--db", str(revealed), "panel", "agreement", str(assessment_id)])
        for _ in range(repeat + 1)
    ]
    label = f"{MEMBERS} members × 66 items, whole command"
    figures = (
        (f"`panel reveal` ({label})", _median(reveals[1:])),
        (f"`panel agreement`, α + 1,000-resample intervals ({label})", _median(agreement[1:])),
    )
    for name, (wall, cpu, rss) in figures:
        rows.append(
            Row(
                f"h. {name}",
                f"{ms(wall)} (CPU {ms(cpu)})",
                f"{ms(floor[0])} (CPU {ms(floor[1])}) `assessments show` of the round",
                ratio(wall, floor[0]),
                "< 1 s",
                mb(rss),
            )
        )
    for leftover in work.glob("reveal*.sqlite*"):
        leftover.unlink()
    for leftover in work.glob("panel.sqlite*"):
        leftover.unlink()
