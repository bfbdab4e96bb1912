"""UN treaty status tables propose treaty facts; their level comes from domain.treaty."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from evidence.evidence_help import Ran

REPO = Path(__file__).resolve().parents[2]
STATUS = REPO / "tests" / "published" / "data" / "untc-XVIII-11.csv"
I12 = "i12-terrorist-financing-convention-1999"


def _round(cli: Callable[..., Ran], db: Path, country: str, as_of: str) -> str:
    made = cli(
        "assessments", "new", "--country", country, "--checklist", "ct-instruments",
        "--as-of", as_of, db=db,
    )  # fmt: skip
    assert made.code == 0, made.err
    return made.out.strip()


def _answer(cli: Callable[..., Ran], db: Path, aid: str) -> dict[str, object]:
    shown = json.loads(cli("assessments", "show", aid, "--json", db=db).out)
    return next(a for a in shown["answers"] if a["item"] == I12)  # type: ignore[no-any-return]


def test_accepted_status_rows_record_their_facts_and_the_rule_gives_the_level(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "u.sqlite"
    kenya = _round(cli, db, "KEN", "2024-06-30")
    # Denmark signed 2001-09-25 and ratified 2002-08-27: as of 2002-01-01 it had signed only.
    denmark = _round(cli, db, "DNK", "2002-01-01")
    imported = cli("data", "import", "untc", str(STATUS), "--all-countries", db=db)
    assert imported.code == 0, imported.err
    for aid in (kenya, denmark):
        assert cli("proposals", "accept", aid, I12, db=db).code == 0
    accession = _answer(cli, db, kenya)
    assert accession["level"] == 3
    assert accession["facts"] == {
        "signed": None, "deposited": "2003-06-27", "act": "accession", "in_force": None,
        "reservations": [], "declarations": [], "denounced": None, "implementation": None,
    }  # fmt: skip
    [entry] = accession["evidence"]  # type: ignore[misc]
    assert (entry["type"], entry["date"]) == ("official-document", "2003-06-27")
    signed_only = _answer(cli, db, denmark)
    assert signed_only["level"] == 2  # as of its round's date, by the one rule
    assert signed_only["facts"]["deposited"] == "2002-08-27"  # type: ignore[index]
    assert cli("audit", "verify", db=db).code == 0


def test_a_status_row_whose_dates_cannot_be_true_is_a_bad_row(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "b.sqlite"
    _round(cli, db, "KEN", "2024-06-30")
    bad = tmp_path / "status.csv"
    bad.write_text(
        STATUS.read_text(encoding="utf-8").replace(
            "Nepal,28 Dec 2001,", "Nepal,28 Dec 2001,1 Jan 2001"
        )
        + "Kenya2,1 Jan 2099,\n",
        encoding="utf-8",
    )
    refused = cli("data", "import", "untc", str(bad), "--all-countries", db=db)
    assert refused.code == 1
    lines = refused.err.strip().splitlines()
    assert any("line 5" in ln and "Ratification: the deposit is before the signature" in ln
               for ln in lines)  # fmt: skip
    assert any("Signature: 2099-01-01 is in the future" in line for line in lines)
    assert "nothing stored" in lines[-1]
    assert json.loads(cli("proposals", "list", "1", "--json", db=db).out) == []
