"""``ctcap projects`` as a user runs it: a real process on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from .conftest import REPO

SCHEMA = Path(__file__).with_name("iati-schema-2.03") / "iati-activities-schema.xsd"
COMPLETE = (
    "--identifier", "XM-TEST-1", "--title", "Airport screening", "--funding-org", "Donor A",
    "--reporting-org", "Test reporter", "--reporting-org-ref", "XM-TEST", "--country", "KEN",
    "--status", "2", "--actual-start", "2024-01-01", "--description", "Screening.",
    "--currency", "USD", "--committed", "1500000", "--area", "aviation-security",
)  # fmt: skip


def run(*args: str, db: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    env.pop("CTCAP_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "ctcap", f"--db={db}", *args],
        capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=120,
    )  # fmt: skip
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str], needle: str, code: int = 1) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr


def listed(db: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(run("projects", "list", "--json", db=db).stdout)


def test_the_seed_projects_are_real_cited_and_load_once(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    assert "7 created" in run("projects", "import", "--seed", db=db).stdout
    assert "7 unchanged" in run("projects", "import", "--seed", db=db).stdout
    found = {p["identifier"]: p for p in listed(db)}
    assert len(found) == 7
    assert all(not p["synthetic"] and "MOFA (2010)" in p["source"] for p in found.values())
    haiphong = found["ctcap-seed-mofa2010-vnm-haiphong"]
    assert haiphong["recipient_country"] == "VNM" and haiphong["decided"] == "2009-09"
    assert haiphong["money"] == {"currency": "JPY", "budget": None, "committed": "861000000.00",
                                 "disbursed": None}  # fmt: skip
    assert haiphong["approximate"] and haiphong["status"] is None
    assert haiphong["actual_start"] is None and haiphong["planned_end"] is None  # never invented
    assert found["ctcap-seed-mofa2010-jaif"]["recipient_region"] == "ASEAN"
    assert found["ctcap-seed-mofa2010-jaif"]["money"]["budget"] == "68000000.00"
    children = [p for p in found.values() if p["parent"] == "ctcap-seed-mofa2010-idn-2010-06"]
    assert sorted(p["area"] for p in children) == ["aviation-security", "port-maritime-security"]
    assert all(p["money"]["committed"] is None for p in children)  # the paper gives one total
    refused = run("projects", "export", "-o", str(tmp_path / "seed.xml"), "--org-type", "10",
                  db=db, ok=False)  # fmt: skip
    one_line_error(refused, "lack what IATI requires")
    assert not (tmp_path / "seed.xml").exists()
    assert "7 project chain(s) verified" in run("projects", "verify", db=db).stdout


def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite"
    run("projects", "add", *COMPLETE, db=db)
    before = listed(db)
    cases = [
        (("--actual-end", "2023-12-31"), "actual_end: 2023-12-31 is before actual start"),
        (("--currency", "XYZ"), "money.currency: unknown currency 'XYZ'"),
        (("--item", "minimal:no-such-item"), "checklist 'minimal' has no item 'no-such-item'"),
        (("--title", "bell \x1b[31m red"), "title: contains a control character"),
        (("--committed", "12.345"), "more than two decimals"),
    ]
    for extra, needle in cases:
        args = [a for a in COMPLETE]
        args[1] = "XM-TEST-2"
        one_line_error(run("projects", "add", *args, *extra, db=db, ok=False), needle)
    one_line_error(run("projects", "add", *COMPLETE, db=db, ok=False), "exists already")
    one_line_error(run("projects", "link", "XM-TEST-1", "minimal:nope", db=db, ok=False),
                   "has no item 'nope'")  # fmt: skip
    one_line_error(run("projects", "link", "XM-TEST-1", "nocolon", db=db, ok=False),
                   "CHECKLIST:ITEM")  # fmt: skip
    assert listed(db) == before


def test_hostile_titles_are_shown_never_obeyed(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    hostile = '=HYPERLINK("x") <script>alert(1)</script> \u202eevil'
    args = list(COMPLETE)
    args[args.index("Airport screening")] = hostile
    run("projects", "add", *args, db=db)
    text = run("projects", "list", db=db).stdout
    assert "\u202e" not in text and "⟨U+202E⟩" in text and "<script>alert(1)</script>" in text
    shown = run("projects", "show", "XM-TEST-1", db=db).stdout
    assert "\u202e" not in shown and "⟨U+202E⟩evil" in shown
    assert listed(db)[0]["title"] == hostile  # stored exactly as typed


def test_link_show_and_export_valid_iati(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    run("projects", "add", *COMPLETE, "--item", "minimal:sltd-reporting", db=db)
    run("projects", "link", "XM-TEST-1", "minimal:sltd-screening", db=db)
    shown = json.loads(run("projects", "show", "XM-TEST-1", "--json", db=db).stdout)
    assert shown["links"] == ["minimal:sltd-reporting", "minimal:sltd-screening"]
    assert [e["kind"] for e in shown["events"]] == ["create", "link"]
    assert shown["before_after"][0]["outcome"] == "no-baseline"
    assert "not attribution" in shown["note"]
    out = tmp_path / "out.xml"
    one_line_error(run("projects", "export", "-o", str(out), db=db, ok=False), "--org-type")
    run("projects", "export", "-o", str(out), "--org-type", "10", db=db)
    assert out.stat().st_mode & 0o777 == 0o600
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    schema.assertValid(etree.parse(str(out)))
    db2 = tmp_path / "again.sqlite"
    assert "1 created" in run("projects", "import", str(out), db=db2).stdout
    assert listed(db2)[0]["links"] == shown["links"]


def test_imports_refuse_bad_files_and_report_unknown_rows(tmp_path: Path) -> None:
    db = tmp_path / "i.sqlite"
    bad = tmp_path / "bad.xml"
    bad.write_text("<iati-activities>\n<iati-activity>\n")
    one_line_error(run("projects", "import", str(bad), db=db, ok=False), "bad.xml:3:1: not well")
    crs = tmp_path / "crs.csv"
    crs.write_text(
        "Year,DonorName,RecipientName,FlowName,PurposeCode,ProjectTitle,USD_Commitment,"
        "USD_Disbursement\n"
        "2009,Japan,Viet Nam,ODA Grants,33120,Customs,0.5,0.1\n"
        "2009,Japan,Atlantis,ODA Grants,33120,Sunk,0.5,0.1\n"
    )  # fmt: skip
    refused = run("projects", "import", str(crs), db=db, ok=False)
    assert refused.returncode == 1 and "crs.csv:3:1: RecipientName: 'Atlantis'" in refused.stderr
    assert listed(db) == []
    kept = run("projects", "import", str(crs), "--skip-unknown", db=db)
    assert "1 created" in kept.stdout and "not imported: " in kept.stderr
    assert "crs.csv:3:1" in kept.stderr
    (only,) = listed(db)
    assert only["recipient_country"] == "VNM" and only["money"]["committed"] == "500000.00"
    usage = run("projects", "import", db=db, ok=False)
    assert usage.returncode == 2 and "give a FILE or --seed" in usage.stderr


def test_views_on_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    assert "5 projects added" in run("demo", db=db).stdout
    need = json.loads(run("projects", "need", "--json", db=db).stdout)
    assert need["synthetic"] is True and need["currency"] == "USD"
    assert {row["served"] for row in need["rows"]} >= {"unserved", "over-served"}
    assert need["overlaps"][0]["country_code"] == "XAA"
    text = run("projects", "need", db=db).stdout
    assert "(synthetic data)" in text and "coordinate: XAA" in text
    assert text.splitlines()[0] == need["handling"]["label"]  # the mark, first
    outcomes = json.loads(run("projects", "outcomes", "--by", "donor", "--json", db=db).stdout)
    (donors,) = outcomes["groupings"]
    assert donors["by"] == "donor" and {row["key"] for row in donors["rows"]} == {
        "Donor A (fictional)", "Donor B (fictional)", "Donor C (fictional)"}  # fmt: skip
    assert sum(row["total"] for row in donors["rows"]) == 10 == outcomes["total"]["total"]
    told = run("projects", "outcomes", db=db).stdout
    assert "not attribution" in told and told.splitlines()[0] == outcomes["handling"]["label"]


def test_audit_verify_covers_project_chains(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "a.sqlite"
    run("projects", "import", "--seed", db=db)
    assert "7 project(s) verified" in run("audit", "verify", db=db).stdout
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE projects SET committed = 1 WHERE identifier LIKE '%haiphong'")
    needle = "project 'ctcap-seed-mofa2010-vnm-haiphong': differs from its audit trail"
    one_line_error(run("audit", "verify", db=db, ok=False), needle)
