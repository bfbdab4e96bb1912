"""The command line: treaty facts, graded evidence, confidence, type, team and marks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from evidence.evidence_help import Ran, one_line_error

I12 = "i12-terrorist-financing-convention-1999"


def _new(cli: Callable[..., Ran], db: Path, *extra: str, checklist: str = "minimal") -> str:
    made = cli(
        "assessments", "new", "--country", "KEN", "--checklist", checklist, "--as-of",
        "2024-06-30", *extra, db=db,
    )  # fmt: skip
    assert made.code == 0, made.err
    return made.out.strip()


def _show(cli: Callable[..., Ran], db: Path, aid: str) -> dict[str, Any]:
    shown = cli("assessments", "show", aid, "--json", db=db)
    assert shown.code == 0, shown.err
    return json.loads(shown.out)  # type: ignore[no-any-return]


def _answer(data: dict[str, Any], item: str) -> dict[str, Any]:
    return next(a for a in data["answers"] if a["item"] == item)


def _everything(db: Path) -> list[Any]:
    """Every row a write could touch: to show that refused input changed nothing."""
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        rows = [
            connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            for table in ("assessments", "answers", "answer_events", "settings")
        ]
    engine.dispose()
    return rows


def test_treaty_facts_give_the_level_which_is_printed_and_recorded(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "t.sqlite"
    aid = _new(cli, db, checklist="ct-instruments")
    recorded = cli(
        "assessments", "treaty", aid, I12, "--signed", "2001-01-10", "--deposited",
        "2002-06-11", "--act", "ratification", "--in-force", "2002-07-11", "--declaration",
        "Art. 2(2)(a): the 1980 Convention is deemed not included", "--evidence",
        "type=official-document; date=2024-05; grade=A; ref=UN Treaty Collection XVIII-11",
        "--confidence", "high", db=db,
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    assert recorded.out.startswith(f"{I12}: 3 Ratified or acceded (version 1)")
    assert "ratification deposited 2002-06-11" in recorded.out
    answer = _answer(_show(cli, db, aid), I12)
    assert answer["level"] == 3 and answer["confidence"] == "high"
    assert answer["facts"]["deposited"] == "2002-06-11" and answer["facts"]["act"] == "ratification"
    assert answer["facts"]["declarations"] == [
        "Art. 2(2)(a): the 1980 Convention is deemed not included"
    ]
    assert answer["evidence"][0]["type"] == "official-document" and answer["flags"] == []

    # Legislated before ratifying: not capped by the treaty act.
    ahead = cli(
        "assessments", "treaty", aid, "i13-nuclear-terrorism-convention-2005", "--signed",
        "2005-09-15", "--implementation", "4", db=db,
    )  # fmt: skip
    assert ahead.code == 0, ahead.err
    assert "4 Implemented in domestic law" in ahead.out and "ahead of the treaty act" in ahead.out

    # The level follows from the facts: another level is refused until they are cleared.
    before = _everything(db)
    one_line_error(cli("assessments", "answer", aid, I12, "5", db=db), "treaty facts give 3")
    assert _everything(db) == before
    assert cli("assessments", "treaty", aid, I12, "--clear", db=db).code == 0
    assert cli("assessments", "answer", aid, I12, "5", db=db).code == 0
    assert cli("audit", "verify", db=db).code == 0
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        events = connection.execute(
            text("SELECT after FROM answer_events WHERE item_id = :i ORDER BY seq"), {"i": I12}
        ).scalars()
        facts = [json.loads(after)["facts"] for after in events]
    engine.dispose()
    assert facts[0]["signed"] == "2001-01-10" and facts[-1] is None  # the chain carries them


BAD_INPUT = [
    (
        ["answer", "{aid}", "sltd-reporting", "3", "--evidence", "type=rumour; ref=heard it"],
        ["--evidence: type: unknown source type 'rumour'"],
    ),
    (
        ["answer", "{aid}", "sltd-reporting", "3", "--evidence", "SOP-7", "--evidence",
         "type=interview; ref=chief; date=2099-01"],
        ["--evidence 2: date: 2099-01 is in the future"],
    ),
    (["answer", "{aid}", "sltd-reporting", "3", "--mark", "PURPLE"], ["unknown mark 'PURPLE'"]),
    (["mark", "{aid}", "PURPLE"], ["unknown mark 'PURPLE'"]),
    (["treaty", "{aid}", I12, "--signed", "2099-01-01"], ["--signed: 2099-01-01 is in the future"]),
    (
        ["treaty", "{aid}", I12, "--signed", "2002-01-01", "--deposited", "2001-01-01", "--act",
         "ratification"],
        ["--deposited: deposited: the deposit is before the signature"],
    ),
    (
        ["treaty", "{aid}", I12, "--deposited", "2002-01-01", "--act", "accession",
         "--in-force", "2001-12-01"],
        ["--in-force: in_force: entry into force is before the deposit"],
    ),
    (["treaty", "{aid}", I12, "--signed", "10 Jan 2001"],
     ["--signed: '10 Jan 2001' is not a date"]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "needles"), BAD_INPUT)
def test_bad_input_is_one_line_naming_the_argument_and_field_and_changes_nothing(
    cli: Callable[..., Ran], tmp_path: Path, args: list[str], needles: list[str]
) -> None:
    db = tmp_path / "b.sqlite"
    checklist = "ct-instruments" if args[0] == "treaty" else "minimal"
    aid = _new(cli, db, checklist=checklist)
    if checklist == "minimal":
        assert cli("assessments", "answer", aid, "sltd-reporting", "2", db=db).code == 0
    before = _everything(db)
    one_line_error(cli("assessments", *[a.replace("{aid}", aid) for a in args], db=db), *needles)
    assert _everything(db) == before


def test_an_unknown_mark_or_type_creates_no_round(cli: Callable[..., Ran], tmp_path: Path) -> None:
    db = tmp_path / "n.sqlite"
    _new(cli, db)
    before = _everything(db)
    new = ("assessments", "new", "--country", "KEN", "--checklist", "minimal")
    one_line_error(cli(*new, "--mark", "TLP:WHITE", db=db), "unknown mark 'TLP:WHITE'")
    one_line_error(cli(*new, "--type", "rumour", db=db), "unknown assessment type 'rumour'")
    one_line_error(cli(*new, "--member", "a|b|c|d", db=db), "--member: team member")
    assert _everything(db) == before


def test_type_team_and_mark_are_recorded_and_shown(cli: Callable[..., Ran], tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite"
    aid = _new(
        cli, db, "--type", "on-site-visit", "--member", "Ana Ruiz|Ministry of Interior|lead",
        "--member", "Ben Okoro", "--mark", "tlp:green", "--names-mark", "AMBER",
    )  # fmt: skip
    data = _show(cli, db, aid)
    assert (data["assessment_type"], data["mark"], data["names_mark"]) == (
        "on-site-visit", "GREEN", "AMBER",
    )  # fmt: skip
    assert data["team"] == [
        {"name": "Ana Ruiz", "organisation": "Ministry of Interior", "role": "lead"},
        {"name": "Ben Okoro", "organisation": "", "role": ""},
    ]
    shown = cli("assessments", "show", aid, db=db).out.splitlines()
    assert shown[0] == "TLP:GREEN (names TLP:AMBER)"
    assert "on site visit" in shown[2]
    assert "Team: Ana Ruiz (lead, Ministry of Interior)" in shown
    listed = cli("assessments", "list", db=db).out
    assert "TLP:GREEN" in listed


def test_next_round_carries_evidence_with_its_date_so_stale_evidence_shows(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    aid = _new(cli, db)
    entry = "type=official-document; date=2020-03; grade=B; ref=SLTD upload statistics"
    answered = cli(
        "assessments", "answer", aid, "sltd-reporting", "3", "--evidence", entry,
        "--confidence", "medium", db=db,
    )  # fmt: skip
    assert answered.code == 0, answered.err
    assert _answer(_show(cli, db, aid), "sltd-reporting")["flags"] == []  # 2020 is recent in 2024
    nxt = cli("assessments", "new", "--from", aid, "--as-of", "2026-06-30", db=db)
    assert nxt.code == 0, nxt.err
    carried = _answer(_show(cli, db, nxt.out.strip()), "sltd-reporting")
    assert carried["evidence"][0]["date"] == "2020-03" and carried["confidence"] == "medium"
    assert carried["flags"] == ["stale evidence"]  # over 5 years before 2026-06-30
    assert cli("evidence", "policy", "--stale-years", "10", db=db).code == 0
    assert _answer(_show(cli, db, nxt.out.strip()), "sltd-reporting")["flags"] == []
    new_round = _show(cli, db, nxt.out.strip())
    assert new_round["mark"] == "AMBER"  # the previous round's


def test_a_mark_change_is_an_event_and_a_mark_edited_outside_ctcap_is_caught(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "m.sqlite"
    aid = _new(cli, db, "--mark", "RED")
    changed = cli("assessments", "mark", aid, "GREEN", "--names", "AMBER", db=db)
    assert (
        changed.code == 0
        and changed.out.strip() == f"assessment {aid} is TLP:GREEN, names TLP:AMBER"
    )
    assert cli("audit", "verify", db=db).code == 0
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        kinds = connection.execute(text("SELECT kind FROM answer_events ORDER BY seq")).scalars()
        assert list(kinds) == ["create", "mark"]
        connection.execute(text("UPDATE assessments SET mark = 'CLEAR'"))  # an insider lowers it
    engine.dispose()
    verified = cli("audit", "verify", db=db)
    assert verified.code == 1 and "its mark differs from its audit trail" in verified.err


def test_a_custom_scheme_replaces_tlp_only_when_no_stored_mark_is_left_out(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    db = tmp_path / "c.sqlite"
    aid = _new(cli, db)  # AMBER
    one_line_error(
        cli("marks", "set", "UNCLASSIFIED", "RESTRICTED", "SECRET", db=db),
        "mark 'AMBER' is in use",
    )
    assert cli("assessments", "mark", aid, "CLEAR", db=db).code == 0
    one_line_error(cli("marks", "set", "UNCLASSIFIED", "SECRET", db=db), "'CLEAR' is in use")
    assert (
        cli("marks", "set", "CLEAR", "RESTRICTED", "SECRET", "--default", "restricted", db=db).code
        == 0
    )
    assert cli("marks", "show", db=db).out.splitlines() == [
        "this database's own levels: CLEAR < RESTRICTED < SECRET",
        "default for new rounds: RESTRICTED",
    ]
    assert _show(cli, db, _new(cli, db))["mark"] == "RESTRICTED"
    one_line_error(cli("assessments", "mark", aid, "GREEN", db=db), "unknown mark 'GREEN'")
