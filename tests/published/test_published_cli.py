"""`ctcap data import` and `ctcap proposals` as a user runs them: real processes, real databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DATA, error_lines, fatf_rows, run_ctcap, write_csv

R05 = "r05-terrorist-financing-offence"
R06 = "r06-tfs-terrorism"
R07 = "r07-tfs-proliferation"


def _new(db: str | Path, country: str, checklist: str) -> str:
    out = run_ctcap("assessments", "new", "--country", country, "--checklist", checklist,
                    "--as-of", "2026-02-01", "--json", db=db)  # fmt: skip
    return str(json.loads(out.stdout)["id"])


def _answers(db: str | Path, assessment: str) -> dict[str, dict[str, object]]:
    shown = json.loads(run_ctcap("assessments", "show", assessment, "--json", db=db).stdout)
    return {a["item"]: a for a in shown["answers"] if a["version"]}


def _pending(db: str | Path, assessment: str) -> list[dict[str, object]]:
    return json.loads(run_ctcap("proposals", "list", assessment, "--json", db=db).stdout)


def test_sources_match_the_readers() -> None:
    from ctcap.cli.data_cmd import SOURCES
    from ctcap.interchange.published import SOURCES as READ

    assert SOURCES == READ


def test_fatf_workbook_from_import_to_audited_answers(db_url: str, fatf_xlsx: Path) -> None:
    """The whole review on SQLite and on PostgreSQL: import, accept, edit, reject, verify."""
    db = db_url
    recs = _new(db, "KEN", "fatf-recommendations")
    capacity = _new(db, "KEN", "ct-capacity-building")
    out = run_ctcap("data", "import", "fatf", str(fatf_xlsx), "--country", "KEN", db=db).stdout
    assert f"assessment {recs} (KEN, fatf-recommendations 1.0): 40 proposed" in out
    assert f"assessment {capacity} (KEN, ct-capacity-building 1.1): 3 proposed" in out
    assert "note: no draft round of fatf-immediate-outcomes for KEN" in out
    assert "43 proposal(s) from fatf-ratings.xlsx" in out
    pending = _pending(db, recs)
    assert len(pending) == 40 and pending[4]["item"] == R05
    assert pending[4]["proposed"] == "4 Compliant (C)"
    where = "sheet 'Technical compliance' row 3"
    evidence = {"key": "R.5", "value": "C", "data_date": "2023-05-31", "location": where}
    assert pending[4]["evidence"] == [evidence]
    assert _answers(db, recs) == {}  # proposals are not answers

    run_ctcap("proposals", "accept", recs, R05, db=db)
    run_ctcap("proposals", "edit", recs, R06, "1", "--note", "freezes take weeks", db=db)
    run_ctcap("proposals", "reject", recs, R07, "--reason", "rating predates the new law", db=db)
    accepted = run_ctcap("proposals", "accept", recs, "--all", db=db).stdout
    assert accepted.strip().endswith("accepted 37, left 0 pending")
    answers = _answers(db, recs)
    assert len(answers) == 39 and R07 not in answers
    assert answers[R05]["level"] == 4 and answers[R05]["assessor"] == "tester"
    assert str(answers[R05]["rationale"]).startswith(
        "Proposed from FATF consolidated assessment ratings: R.5 = C (2023-05-31, "
        "sheet 'Technical compliance' row 3) → 4 Compliant (C)."
    )
    [entry] = answers[R05]["evidence"]  # type: ignore[misc]
    assert entry["ref"] == "fatf-ratings.xlsx sheet 'Technical compliance' row 3: R.5 = C"
    assert (entry["type"], entry["date"]) == ("third-party-evaluation", "2023-05-31")
    assert len(entry["sha256"]) == 64 and entry["grade"] is None
    assert answers[R06]["level"] == 1
    assert str(answers[R06]["rationale"]).startswith(
        "tester scored 1 Non-compliant (NC) where the data proposed 2 Partially compliant (PC): "
        "freezes take weeks."
    )
    log = run_ctcap("proposals", "log", recs, db=db).stdout.splitlines()
    assert [line.split()[3] for line in log[:4]] == ["propose:", "accept:", "edit:", "reject:"]
    assert "(rating predates the new law)" in log[3]
    assert run_ctcap("audit", "verify", db=db).stdout.startswith("audit trail intact: 2 ")
    status = json.loads(run_ctcap("assessments", "show", recs, "--json", db=db).stdout)["status"]
    assert status == "draft"  # accepting everything finalizes nothing

    again = run_ctcap("data", "import", "fatf", str(fatf_xlsx), "--country", "KEN", db=db).stdout
    assert "nothing new: 0 proposal(s)" in again


def test_bad_rows_store_nothing_unless_skip_bad(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    recs = _new(db, "KEN", "fatf-recommendations")
    rows = fatf_rows()
    rows[2][0] = "Atlantis"
    rows[3][4 + 11 + 4] = "ok"
    path = write_csv(tmp_path / "ratings.csv", rows)
    refused = run_ctcap("data", "import", "fatf", str(path), "--all-countries", db=db, ok=False)
    assert refused.returncode == 1
    assert error_lines(refused) == [
        "ctcap: ratings.csv: line 3: unknown country 'Atlantis'",
        "ctcap: ratings.csv: line 4: R.5: unknown rating 'ok' (C, LC, PC, NC, NA)",
        "ctcap: ratings.csv: 2 bad row(s): nothing stored; fix the file, or give --skip-bad "
        "to store the good rows",
    ]
    assert _pending(db, recs) == []
    assert run_ctcap("proposals", "log", recs, db=db).stdout == ""

    kept = run_ctcap("data", "import", "fatf", str(path), "--all-countries", "--skip-bad", db=db)
    assert kept.stderr.splitlines() == [
        "skipped: ratings.csv: line 3: unknown country 'Atlantis'",
        "skipped: ratings.csv: line 4: R.5: unknown rating 'ok' (C, LC, PC, NC, NA)",
    ]
    assert f"assessment {recs} (KEN, fatf-recommendations 1.0): 40 proposed" in kept.stdout
    assert len(_pending(db, recs)) == 40


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fatf", "F"], "give one of --country, --all-countries or --assessment"),
        (["fatf", "F", "--country", "KEN", "--all-countries"], "give one of"),
        (["imf", "F", "--country", "KEN"], "'imf' is not one of"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    args = [str(DATA / "fatf-ratings.csv") if a == "F" else a for a in args]
    result = run_ctcap("data", "import", *args, db=tmp_path / "c.sqlite", ok=False)
    assert result.returncode == 2 and message in result.stderr


def test_refusals_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    instruments = _new(db, "KEN", "ct-instruments")
    untc = str(DATA / "untc-XVIII-11.csv")
    cases = [
        (["data", "import", "untc", untc, "--country", "NPL"],
         "untc-XVIII-11.csv: nothing to propose: no draft round of ct-instruments for NPL"),
        (["data", "import", "untc", str(DATA / "gho-spar.json"), "--country", "KEN"],
         "this is JSON, not a UN Treaty Collection status table"),
        (["data", "import", "untc", untc, "--assessment", "99"], "assessment 99 not found"),
        (["data", "import", "fatf", str(DATA / "fatf-ratings.csv"), "--assessment", instruments],
         "nothing to propose for KEN on ct-instruments"),
        (["data", "import", "untc", untc, "--country", "ABC"], "unknown country 'ABC'"),
        (["proposals", "accept", instruments, "i12-terrorist-financing-convention-1999"],
         "has no pending proposal"),
        (["proposals", "list", "99"], "assessment 99 not found"),
    ]  # fmt: skip
    for args, message in cases:
        result = run_ctcap(*args, db=db, ok=False)
        assert result.returncode == 1, args
        [line] = error_lines(result)
        assert message in line, (args, line)


def test_treaty_status_into_every_countrys_round_never_over_an_answer(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    item = "i12-terrorist-financing-convention-1999"
    kenya, nepal = _new(db, "KEN", "ct-instruments"), _new(db, "NPL", "ct-instruments")
    run_ctcap("assessments", "answer", kenya, item, "4", "--rationale", "law in force", db=db)
    out = run_ctcap("data", "import", "untc", str(DATA / "untc-XVIII-11.csv"), "--all-countries",
                    db=db).stdout  # fmt: skip
    assert f"assessment {kenya} (KEN, ct-instruments 1.1): 1 proposed, 1 of them on answered" in out
    assert "1 proposal(s) from untc-XVIII-11.csv, treaty XVIII-11 (sha256" not in out
    assert "2 proposal(s) from untc-XVIII-11.csv, treaty XVIII-11 (sha256" in out
    assert "no draft round of ct-instruments for BOL, CIV, DNK" in out
    refused = run_ctcap("proposals", "accept", kenya, item, db=db, ok=False)
    [line] = error_lines(refused)
    assert "is answered already (4 Implemented in domestic law by tester, version 1)" in line
    assert _answers(db, kenya)[item]["rationale"] == "law in force"
    listed = run_ctcap("proposals", "list", kenya, db=db).stdout
    assert "3 Ratified or acceded" in listed and "4 Implemented in domestic law" in listed
    run_ctcap("proposals", "accept", nepal, item, db=db)
    assert _answers(db, nepal)[item]["level"] == 2  # signed only


def test_gho_into_one_assessment_and_hostile_text_shown_escaped(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    capacity = _new(db, "KEN", "ct-capacity-building")
    out = run_ctcap("data", "import", "who-gho", str(DATA / "gho-spar.json"), "--assessment",
                    capacity, db=db).stdout  # fmt: skip
    assert f"assessment {capacity} (KEN, ct-capacity-building 1.1): 1 proposed" in out
    assert "read past: 2 row(s) of places that are not countries" in out
    [proposal] = _pending(db, capacity)
    assert proposal["item"] == "cbrn-jee-spar-results"
    assert proposal["proposed"] == "3 Developed capacity"  # lowest of C14 60 and C15 80
    run_ctcap("proposals", "reject", capacity, "cbrn-jee-spar-results", "--reason",
              "JEE exists\x1b[2J\x07", db=db)  # fmt: skip
    listed = run_ctcap("proposals", "list", capacity, "--all", db=db).stdout
    assert "JEE exists␛[2J␇" in listed and "\x1b" not in listed
    log = run_ctcap("proposals", "log", capacity, db=db).stdout
    assert "\x1b" not in log and "␛[2J" in log


def test_data_mappings_lists_what_each_source_bears_on(tmp_path: Path) -> None:
    rows = json.loads(run_ctcap("data", "mappings", "--json", db=tmp_path / "c.sqlite").stdout)
    assert {r["source"]: len(r["entries"]) for r in rows} == {"fatf": 51, "untc": 3, "who-gho": 2}
    fatf = next(r for r in rows if r["source"] == "fatf")
    assert fatf["targets"] == {
        "fatf-recommendations": 40,
        "fatf-immediate-outcomes": 11,
        "ct-capacity-building": 3,
    }
