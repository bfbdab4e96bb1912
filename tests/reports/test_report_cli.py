"""``ctcap report`` and ``ctcap history`` as a user runs them: a real process, a real file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, ReportDb


def ctcap(db: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    env.pop("CTCAP_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "ctcap", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_gap_report_to_stdout_is_deterministic(report_db: ReportDb, fmt: str) -> None:
    args = ("report", "gap", "--country", "KEN", "--format", fmt)
    first = ctcap(report_db.path, *args).stdout
    assert first == ctcap(report_db.path, *args).stdout
    if fmt == "json":
        assert json.loads(first)["assessment"]["id"] == report_db.ids["ken2"]


def test_gap_report_options(report_db: ReportDb) -> None:
    ids = report_db.ids
    out = ctcap(
        report_db.path,
        "report",
        "gap",
        "--country",
        "KEN",
        "--assessment",
        str(ids["ken3"]),
        "--against",
        str(ids["ken1"]),
        "--format",
        "json",
    ).stdout
    data = json.loads(out)
    assert data["assessment"]["id"] == ids["ken3"] and data["against"]["id"] == ids["ken1"]
    md = ctcap(report_db.path, "report", "gap", "--country", "KEN", "--checklist", "minimal")
    assert "Minimal example checklist" in md.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "xlsx"])
def test_files_are_written_owner_only(report_db: ReportDb, tmp_path: Path, fmt: str) -> None:
    for command in (("gap", "--country", "XAA"), ("portfolio",)):
        path = tmp_path / f"{command[0]}.{fmt}"
        result = ctcap(report_db.path, "report", *command, "--format", fmt, "-o", str(path))
        assert str(path) in result.stdout and "SYNTHETIC DATA" in result.stdout
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.stat().st_size > 0
    # An existing file with a wider mode is replaced by an owner-only one.
    path = tmp_path / f"wide.{fmt}"
    path.write_text("old")
    path.chmod(0o644)
    ctcap(report_db.path, "report", "portfolio", "--format", fmt, "-o", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_history(report_db: ReportDb) -> None:
    text = ctcap(report_db.path, "history", "--country", "KEN").stdout
    assert "# History: Kenya (KEN)" in text
    assert "added in version 2.0: Radiation detection (`c-radiation`)" in text
    data = json.loads(ctcap(report_db.path, "history", "--country", "KEN", "--json").stdout)
    assert data["schema_version"] == 2 and data["kind"] == "history"
    rounds = data["checklists"][1]["rounds"]
    assert [r["assessment"]["id"] for r in rounds] == [
        report_db.ids["ken1"],
        report_db.ids["ken2"],
        report_db.ids["ken3"],
    ]
    changes = data["checklists"][1]["comparisons"][0]["checklist_changes"]
    assert [i["item"] for i in changes["reworded"]] == ["f-freeze"]


def test_errors_print_one_line(report_db: ReportDb, tmp_path: Path) -> None:
    db = report_db.path
    one_line_error(ctcap(db, "report", "gap", "--country", "FRA", ok=False), "FRA")
    one_line_error(ctcap(db, "report", "gap", "--country", "NOPE", ok=False), "unknown country")
    one_line_error(
        ctcap(db, "report", "gap", "--country", "KEN", "--assessment", "999", ok=False), "999"
    )
    one_line_error(
        ctcap(db, "report", "gap", "--country", "KEN", "--format", "xlsx", ok=False), "-o FILE"
    )
    one_line_error(ctcap(db, "report", "portfolio", "--format", "xlsx", ok=False), "-o FILE")
    one_line_error(ctcap(db, "history", "--country", "FRA", ok=False), "FRA")
    missing_dir = tmp_path / "no" / "such" / "dir" / "r.md"
    one_line_error(
        ctcap(db, "report", "portfolio", "-o", str(missing_dir), ok=False), "cannot write"
    )


def test_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    out = ctcap(db, "report", "portfolio").stdout
    assert "No assessments yet." in out
    one_line_error(ctcap(db, "report", "gap", "--country", "KEN", ok=False), "KEN")


def test_help_stays_light() -> None:
    code = (
        "import sys\nfrom ctcap.cli.main import main\n"
        "try:\n    main(['report', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'jinja2', 'openpyxl', 'textual'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert "HEAVY []" in result.stdout
    assert "gap" in result.stdout and "portfolio" in result.stdout
