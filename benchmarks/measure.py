"""Timing helpers for the benchmarks: wall time of a call, and time + peak RSS of a process."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float


GNU_TIME = "/usr/bin/time"


def run_process(
    argv: Sequence[str], env: dict[str, str] | None = None, stdin: Any = subprocess.DEVNULL
) -> Run:
    """Wall time and peak RSS of one child process.

    Peak RSS comes from GNU time, a small parent: a child forked from this (large)
    process would report this process's high-water mark instead of its own.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        wrapped = [GNU_TIME, "-f", "%M", "-o", report.name, *argv]
        use_time = os.path.exists(GNU_TIME)
        start = time.perf_counter()
        child = subprocess.run(
            wrapped if use_time else list(argv),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=stdin,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if child.returncode != 0:
            error = child.stderr.decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}: {error[-500:]}")
        lines = report.read().split()
        peak_kb = float(lines[-1]) if use_time and lines else float("nan")
    return Run(elapsed, peak_kb / 1024)


def median_process(argv: Sequence[str], repeat: int, env: dict[str, str] | None = None) -> Run:
    runs = [run_process(argv, env) for _ in range(repeat)]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_rss_mb for r in runs))


def median_call(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
