"""`make bench` keeps working: a smoke run on a tiny portfolio (no timing assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_runs_on_a_tiny_portfolio(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench.py"),
            "--countries",
            "2",
            "--rounds",
            "2",
            "--repeat",
            "1",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    text = output.read_text()
    assert "| a. build " in text
    assert "| b. `ctcap --help` |" in text
    assert "raw executemany" in text
