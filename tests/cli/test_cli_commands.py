"""The ``ctcap`` command as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(
    *args: str, db: Path | str | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    env.pop("CTCAP_DB", None)
    command = [sys.executable, "-m", "ctcap", *([f"--db={db}"] if db else []), *args]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=120
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]


def test_version_and_checklist_list() -> None:
    assert run("--version").stdout.startswith("ctcap, version ")
    listed = json.loads(run("checklists", "list", "--json").stdout)
    assert {
        "id": "minimal",
        "title": "Minimal example checklist",
        "version": "1.1",
        "scale": "capacity-5",
        "areas": 1,
        "items": 2,
    } in listed


def test_show_gives_the_full_checklist() -> None:
    shown = json.loads(run("checklists", "show", "minimal", "--json").stdout)
    assert shown["scale"]["levels"][0]["label"] == "No capacity"
    assert shown["areas"][0]["items"][1]["id"] == "sltd-screening"


def test_a_whole_assessment_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    new = run(
        "assessments",
        "new",
        "--country",
        "KEN",
        "--checklist",
        "minimal",
        "--as-of",
        "2026-02-01",
        "--json",
        db=db,
    )
    aid = str(json.loads(new.stdout)["id"])
    run(
        "assessments",
        "answer",
        aid,
        "sltd-reporting",
        "3",
        "--rationale",
        "weekly uploads",
        "--evidence",
        "upload-log-2025",
        "--evidence",
        "sop-7",
        db=db,
    )
    run("assessments", "answer", aid, "sltd-screening", "na", db=db)
    run("assessments", "finalize", aid, db=db)
    shown = json.loads(run("assessments", "show", aid, "--json", db=db).stdout)
    assert shown["status"] == "final" and shown["assessor"] == "tester"
    assert shown["overall"] == pytest.approx(40.0)  # capped: fundamental item below target
    first, second = shown["answers"]
    assert (first["level"], first["rationale"]) == (3, "weekly uploads")
    assert [(e["ref"], e["type"], e["date"]) for e in first["evidence"]] == [
        ("upload-log-2025", "unknown", None),
        ("sop-7", "unknown", None),
    ]
    assert (second["level"], second["special"]) == (None, "na")
    listed = json.loads(run("assessments", "list", "--country", "KEN", "--json", db=db).stdout)
    assert [a["id"] for a in listed] == [int(aid)]
    assert run("audit", "verify", db=db).stdout.startswith("audit trail intact")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("assessments", "new", "--country", "QQQ", "--checklist", "minimal"), "unknown country"),
        (("assessments", "new", "--country", "KEN", "--checklist", "nope"), "unknown checklist"),
        (("assessments", "answer", "1", "no-such-item", "3"), "unknown item"),
        (("assessments", "answer", "1", "sltd-reporting", "8"), "not on scale"),
        (("assessments", "show", "42"), "assessment 42 not found"),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    db = tmp_path / "c.sqlite"
    run("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db)
    assert_one_line_error(run(*args, db=db, ok=False), needle)


def test_writing_to_a_final_assessment_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db)
    run("assessments", "answer", "1", "sltd-reporting", "unknown", db=db)
    run("assessments", "answer", "1", "sltd-screening", "2", db=db)
    run("assessments", "finalize", "1", db=db)
    assert_one_line_error(
        run("assessments", "answer", "1", "sltd-screening", "3", db=db, ok=False), "read-only"
    )


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database\n" * 20)
    assert_one_line_error(run("assessments", "list", db=notes, ok=False), "not a SQLite database")
    assert notes.read_text() == "not a database\n" * 20


def test_an_unreachable_database_is_one_line() -> None:
    result = run("assessments", "list", db="postgresql+psycopg://x@/y?host=/nonexistent", ok=False)
    assert_one_line_error(result, "postgresql+psycopg://x@/y")


def test_usage_errors_exit_2() -> None:
    result = run("assessments", "answer", ok=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_validate_reports_every_problem_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (REPO / "checklists" / "minimal.yaml").read_text()
    bad.write_text(
        text.replace("weight: 2", "weight: 0").replace(
            "target: 4\n        assistance_area: immigration-control\n        descriptors",
            "target: 9\n        assistance_area: immigration-control\n        descriptors",
        )
    )
    result = run("checklists", "validate", str(bad), ok=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(":29:" in ln and "areas[0].items[0].weight" in ln for ln in lines), lines
    assert any("areas[0].items[1].target" in ln and "not a level" in ln for ln in lines), lines
    assert run("checklists", "validate").returncode == 0


def test_help_imports_neither_textual_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from ctcap.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'textual', 'sqlalchemy', 'alembic', 'pydantic', 'yaml'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout


def test_answer_if_version_writes_only_over_the_version_the_user_saw(tmp_path: Path) -> None:
    db = tmp_path / "v.sqlite"
    aid = run(
        "assessments", "new", "--country", "KEN", "--checklist", "minimal", "--as-of",
        "2026-01-02", db=db,
    ).stdout.strip()  # fmt: skip
    assert (
        "(version 1)"
        in run(
            "assessments", "answer", aid, "sltd-reporting", "3", "--if-version", "0", db=db
        ).stdout
    )
    stale = run(
        "assessments", "answer", aid, "sltd-reporting", "1", "--if-version", "0", db=db, ok=False
    )
    assert_one_line_error(stale, "sltd-reporting is at version 1 (tester: 3 Developed capacity)")
    shown = run("assessments", "show", aid, db=db).stdout
    row = next(line.split() for line in shown.splitlines() if line.startswith("sltd-reporting"))
    # VERSION 1; no confidence given, no evidence (so flagged)
    assert row == [
        "sltd-reporting",
        "3",
        "Developed",
        "capacity",
        "1",
        "tester",
        "0",
        "no",
        "evidence",
    ]
    assert (
        "(version 2)"
        in run(
            "assessments", "answer", aid, "sltd-reporting", "1", "--if-version", "1", db=db
        ).stdout
    )
    assert_one_line_error(
        run("assessments", "answer", aid, "sltd-screening", "2", "--if-version", "4", db=db,
            ok=False),
        "sltd-screening is at version 0 (unanswered), not version 4",
    )  # fmt: skip
