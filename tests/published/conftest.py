"""Fixtures for published data as proposals: sample files, a CLI runner, rounds to fill."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
CHECKLISTS = REPO / "checklists"

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_ctcap(*args: str, db: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """``ctcap`` as a user runs it: a real process on a real database."""
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    env.pop("CTCAP_DB", None)
    command = [sys.executable, "-m", "ctcap", f"--db={db}", *args]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=120
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


def fatf_rows() -> list[list[str]]:
    with (DATA / "fatf-ratings.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_fatf_xlsx(path: Path, rows: list[list[Any]] | None = None) -> Path:
    """The sample ratings as FATF publishes them in a workbook: a title row above the
    header, effectiveness and technical compliance on two sheets, dates as date cells."""
    import openpyxl

    rows = rows if rows is not None else fatf_rows()
    header, body = rows[0], rows[1:]
    dates = {"May/23": datetime(2023, 5, 31), "2023-11": datetime(2023, 11, 1)}
    book = openpyxl.Workbook()
    effectiveness = book.active
    assert effectiveness is not None
    effectiveness.title = "Effectiveness"
    technical = book.create_sheet("Technical compliance")
    for sheet, prefix in ((effectiveness, "IO"), (technical, "R")):
        columns = [n for n, name in enumerate(header) if n < 4 or name.startswith(prefix)]
        sheet.append(["Consolidated assessment ratings (sample, made-up values)"])
        sheet.append([_dotted(header[n]) for n in columns])
        for row in body:
            values = [row[n] for n in columns]
            values[2] = dates.get(values[2], values[2])
            sheet.append(values)
    book.save(path)
    return path


def _dotted(name: str) -> str:
    for prefix in ("IO", "R"):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return f"{prefix}.{name[len(prefix) :]}"
    return name


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def fatf_xlsx(tmp_path: Path) -> Path:
    return write_fatf_xlsx(tmp_path / "fatf-ratings.xlsx")


@pytest.fixture
def bundled() -> dict[str, Any]:
    from ctcap.interchange.published.mappings import bundled_checklists_by_id

    return bundled_checklists_by_id(CHECKLISTS)


def new_round(database: Any, country: str, checklist: Any, as_of: date = date(2026, 1, 1)) -> int:
    from ctcap.storage import repository

    with database.write() as session:
        info = repository.create_assessment(
            session, country=country, checklist=checklist, as_of=as_of, assessor="ana"
        )
    return info.id
