"""The results table of ``make bench``: its ``Row`` and cell formatting, the machine
description, and the Markdown rendered and written between the ``bench:begin`` /
``bench:end`` markers; also ``CTCAP``, the command that every figure runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

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


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "—"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mb(value: float) -> str:
    return f"{value:.0f} MB"


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
        "policy checklist (not the two-item `minimal` example), synthetic. Ratios are "
        "measured in the same run; each figure is the "
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
