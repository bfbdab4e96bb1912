"""`make bench` keeps working: a smoke run on a tiny portfolio (no timing assertions).

Every figure must be measured (a failing face is written as "not measured" instead of
stopping the run, so that is what this looks for); the values themselves are not
checked: wall clocks in CI say nothing about ctcap.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_runs_on_a_tiny_portfolio(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench.py"),
            "--countries",
            "2",
            "--rounds",
            "2",
            "--repeat",
            "1",
            "--presses",
            "5",
            "--projects",
            "40",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    text = output.read_text()
    assert "not measured" not in text, run.stdout[-3000:]
    assert "i. need against assistance data work (40 projects)" in text
    for figure in (
        "| a. build ",
        "| b. `ctcap --help` |",
        "| c. TUI first paint",
        "| c. TUI countries list painted (process start → list shown; the last session's copy)",
        "| c. … no copy kept",
        "| d. keypress → screen",
        "| d. keypress → committed",
        "| e. history data work",
        "| e. `ctcap report gap --format xlsx` |",
        "| f. portfolio data work (SQLite) |",
        "| h. `panel reveal` (12 members",
        "| h. `panel agreement`",
    ):
        assert figure in text
    assert "raw executemany" in text
    assert "| ≤ 2× |" in text  # the list's target, with its ratio
    assert "<!-- bench:begin -->" in text and "<!-- bench:end -->" in text


def test_a_rerun_keeps_the_notes_written_around_the_table(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from bench import BEGIN, END, write
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    output = tmp_path / "RESULTS.md"
    output.write_text(f"# Title\n\nBefore.\n\n{BEGIN}\nold table\n{END}\n\nAfter.\n")
    text = write(output, f"{BEGIN}\nnew table\n{END}")
    assert text == f"# Title\n\nBefore.\n\n{BEGIN}\nnew table\n{END}\n\nAfter.\n"
    assert output.read_text() == text
