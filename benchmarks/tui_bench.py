"""Figures c and d: TUI first paint (under a pseudo-terminal) and scoring latency.

First paint is measured from outside: the parent notes ``time.monotonic()`` just before
it starts the process, and the app (``tui_probe.py``) notes the same clock in
``on_ready``, which Textual calls once the first frame has been written to the terminal.
The process runs under a pseudo-terminal of 120 × 40 with the real Linux driver, so the
frame is really serialised and written (a headless run skips that); the parent drains
the terminal so that the app never blocks on a full buffer.

Scoring latency is measured in-process (``run_test``, headless) in a child process of
its own, so that its peak RSS is the TUI's and not the benchmark's.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measure import GNU_TIME, percentile

PROBE = Path(__file__).with_name("tui_probe.py")
COLUMNS, LINES = 120, 40


@dataclass(frozen=True)
class Paint:
    seconds: float  # process start → first paint (Ready)
    data_seconds: float | None  # process start → the countries list painted (ctcap only)
    data_db_seconds: float | None  # process start → the database's list painted
    cached: bool  # the list first painted was the last session's copy (every run)
    peak_rss_mb: float


@dataclass(frozen=True)
class Latency:
    presses: int
    screen_p50: float  # ms, keypress → screen refreshed with the change
    screen_p95: float
    screen_max: float  # the slowest key: a stall that p95 hides
    committed_p50: float  # ms, keypress → the worker's commit returned
    committed_p95: float
    committed_max: float
    shown_p50: float  # ms, keypress → "saved" refreshed on screen
    shown_p95: float
    countries_s: float  # app start → countries list loaded (run_test)
    open_s: float  # open the assessment → screen ready
    peak_rss_mb: float


def _child(
    argv: list[str],
    options: list[str],
    timeout: float,
    terminal: bool,
    extra_env: dict[str, str] | None = None,
) -> tuple[float, dict[str, Any], float]:
    """Run ``argv OUT options``; return its start time, the JSON it wrote, its peak RSS.

    With ``terminal``, on a fresh pseudo-terminal; else with output discarded.
    """
    with tempfile.TemporaryDirectory(prefix="ctcap-tui-") as tmp:
        out, rss_file = Path(tmp) / "out.json", Path(tmp) / "rss"
        use_time = os.path.exists(GNU_TIME)
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file)] if use_time else []
        command = [*wrapped, *argv, str(out), *options]
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env.update(extra_env or {})
        captured = bytearray()
        if terminal:
            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            started = time.monotonic()
            child = subprocess.Popen(
                command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
            )
            os.close(slave)
            try:
                while child.poll() is None:
                    if time.monotonic() > started + timeout:
                        child.kill()
                        raise TimeoutError(f"{' '.join(argv)}: no result in {timeout:.0f} s")
                    if select.select([master], [], [], 0.05)[0]:
                        try:
                            captured += os.read(master, 65536)
                        except OSError:  # the child closed the terminal
                            child.wait(timeout=30)
                            break
                child.wait(timeout=30)
            finally:
                os.close(master)
        else:
            started = time.monotonic()
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
            try:
                _, error = child.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                raise
            captured += error
        if child.returncode != 0 or not out.exists():
            tail = captured[-1500:].decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}: {tail}")
        data = json.loads(out.read_text())
        peak = rss_file.read_text().split() if use_time and rss_file.exists() else []
        return started, data, float(peak[-1]) / 1024 if peak else float("nan")


def first_paint(
    kind: str,
    db: Path | None,
    repeat: int,
    wait_for_data: bool = False,
    cache_dir: Path | None = None,
    cold: bool = False,
) -> Paint:
    """Median over ``repeat`` fresh processes of ``kind`` ("minimal" or "ctcap").

    ``cache_dir`` is the app's cache (``CTCAP_CACHE_DIR``): each run that reads the
    database leaves the countries list there for the next start. ``cold`` empties it
    before every run, as on a first start or after the database changed.
    """
    options = ["--db", str(db)] if db is not None else []
    if wait_for_data:
        options.append("--data")
    extra_env = {"CTCAP_CACHE_DIR": str(cache_dir)} if cache_dir is not None else {}
    runs = []
    for _ in range(repeat):
        if cold and cache_dir is not None:
            for kept in cache_dir.glob("*"):
                kept.unlink()
        started, data, rss = _child(
            [sys.executable, str(PROBE), kind],
            options,
            timeout=600,
            terminal=True,
            extra_env=extra_env,
        )
        runs.append(
            (
                data["ready"] - started,
                data.get("data", started) - started,
                data.get("data_db", started) - started,
                bool(data.get("cached")),
                rss,
            )
        )
    return Paint(
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs) if wait_for_data else None,
        statistics.median(r[2] for r in runs) if wait_for_data else None,
        all(r[3] for r in runs),
        max(r[4] for r in runs),
    )


def scoring_latency(db: Path, presses: int) -> Latency:
    """``presses`` scoring keys on a draft of ``db`` (which must have one)."""
    _, data, rss = _child(
        [sys.executable, str(PROBE), "score"],
        ["--db", str(db), "--presses", str(presses)],
        timeout=900,
        terminal=False,
    )
    screen, committed, shown = data["screen_ms"], data["committed_ms"], data["saved_shown_ms"]
    if not screen or not committed:
        raise RuntimeError("no scoring key reached the screen or the database")
    return Latency(
        presses=len(screen),
        screen_p50=statistics.median(screen),
        screen_p95=percentile(screen, 0.95),
        screen_max=max(screen),
        committed_p50=statistics.median(committed),
        committed_p95=percentile(committed, 0.95),
        committed_max=max(committed),
        shown_p50=statistics.median(shown),
        shown_p95=percentile(shown, 0.95),
        countries_s=data["countries_s"],
        open_s=data["open_s"],
        peak_rss_mb=rss,
    )
