"""Importing a bundle into a database that has its own copy: fast-forward, merge,
conflicts that overwrite neither side, and convergence when copies travel back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.errors import CtcapError, FinalizedError
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.bundles import (
    Bundle,
    ImportResult,
    export_bundle,
    import_bundle,
    import_log,
    write_bundle,
)
from ctcap.storage.bundles.format import canonical, parse_bundle
from ctcap.storage.bundles.signing import load_key
from ctcap.storage.engine import Database, open_database

A, B = "sltd-reporting", "sltd-screening"


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Database]:
    """The assessor's laptop: a SQLite file (the office is each backend in turn)."""
    database = open_database(f"sqlite:///{tmp_path / 'field.sqlite'}")
    yield database
    database.close()


def signed(session: Any, assessment_id: int) -> dict[str, Any]:
    """The bundle as `ctcap export` makes it: signed with this user's key."""
    return export_bundle(session, assessment_id, signer=load_key())


def export(database: Database, assessment_id: int) -> Bundle:
    with database.write() as session:
        document = signed(session, assessment_id)
    return parse_bundle(json.dumps(document).encode(), "bundle.json")


def load(
    database: Database, bundle: Bundle, actor: str = "importer", *, allow_unsigned: bool = False
) -> ImportResult:
    with database.write() as session:
        return import_bundle(session, bundle, actor=actor, allow_unsigned=allow_unsigned)


def answer(database: Database, aid: int, item: str, level: int, who: str) -> None:
    with database.write() as session:
        repo.record_answer(session, aid, item, level, actor=who, rationale=f"{who} says {level}")


def state(database: Database, aid: int) -> dict[str, Any]:
    with database.read() as session:
        assert verify_all(session)[1] is None
        return {
            k: (a.response, a.assessor)
            for k, a in repo.get_assessment(session, aid).answers.items()
        }


def hashes(database: Database, aid: int) -> list[str]:
    with database.read() as session:
        query = "SELECT hash FROM answer_events WHERE assessment_id = :a ORDER BY seq"
        return list(session.execute(text(query), {"a": aid}).scalars())


def shared(office: Database, field: Database, checklist: Any, new: Callable[..., int]) -> int:
    """An assessment answered at the office and copied to the field; the same id both sides."""
    aid = new(office, checklist)
    answer(office, aid, A, 2, "ana")
    created = load(field, export(office, aid))
    assert created.outcome == "created" and created.assessment_id == aid
    return aid


def conflicting(
    office: Database, field: Database, checklist: Any, new: Callable[..., int], tmp_path: Path
) -> tuple[int, Path]:
    """A shared assessment whose item A the office (ana: 4) and the field (fred: 1) both
    changed, and the field's bundle of it."""
    aid = shared(office, field, checklist, new)
    answer(office, aid, A, 4, "ana")
    answer(field, aid, A, 1, "fred")
    path = tmp_path / "field.json"
    with field.write() as session:
        write_bundle(signed(session, aid), path)
    return aid, path


def test_changes_made_only_in_the_field_fast_forward(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)
    answer(field, aid, A, 3, "fred")
    answer(field, aid, B, 4, "fred")
    result = load(database, export(field, aid))
    assert (result.outcome, result.applied, result.conflicts) == ("fast-forward", (A, B), ())
    assert hashes(database, aid) == hashes(field, aid)  # the chain travels verbatim
    assert state(database, aid) == state(field, aid) == {A: (3, "fred"), B: (4, "fred")}
    assert load(database, export(field, aid)).outcome == "up to date"


def test_changes_to_different_items_merge_and_importing_again_changes_nothing(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)
    answer(database, aid, A, 4, "ana")
    answer(field, aid, B, 1, "fred")
    bundle = export(field, aid)
    result = load(database, bundle, actor="lead")
    assert (result.outcome, result.applied, result.conflicts) == ("merged", (B,), ())
    assert state(database, aid) == {A: (4, "ana"), B: (1, "fred")}
    before = hashes(database, aid)
    again = load(database, bundle)
    assert (again.outcome, again.applied, hashes(database, aid)) == ("up to date", (), before)
    with database.read() as session:
        kind, actor, after = session.execute(
            text("SELECT kind, actor, after FROM answer_events ORDER BY seq DESC LIMIT 1")
        ).one()
    recorded = json.loads(after)
    assert (kind, actor, recorded["applied"], recorded["conflicts"]) == ("import", "lead", [B], [])
    assert recorded["bundle_head"] == bundle.content.events[-1].hash
    assert [e["item"] for e in recorded["events"]] == [B]  # the field's own event, verbatim


def test_both_sides_changing_an_item_is_a_conflict_that_overwrites_neither(
    db_url: str,
    database: Database,
    field: Database,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    aid, path = conflicting(database, field, minimal_checklist, new_assessment, tmp_path)
    answer(field, aid, B, 3, "fred")
    with field.write() as session:
        write_bundle(signed(session, aid), path)
    first = cli("import", str(path), db=db_url)
    assert first.code == 1 and "Traceback" not in first.err
    assert "1 answer(s) changed: sltd-screening" in first.out
    assert "1 conflict(s)" in first.err
    assert "sltd-reporting: this database has 4 " in first.err and "by ana" in first.err
    assert "the bundle has 1 " in first.err and "by fred" in first.err
    assert state(database, aid) == {A: (4, "ana"), B: (3, "fred")}
    assert state(field, aid) == {A: (1, "fred"), B: (3, "fred")}  # the field is untouched too
    with database.read() as session:
        query = "SELECT after FROM answer_events WHERE kind = 'import'"
        [recorded] = [json.loads(a)["conflicts"] for a in session.execute(text(query)).scalars()]
    assert recorded == [
        {
            "item": A,
            "by": "fred",
            "theirs": {
                "response": 1,
                "rationale": "fred says 1",
                "evidence": [],
                "confidence": None,
                "facts": None,
                "mark": None,
            },
        }
    ]  # the bundle's answer is kept in the audit trail

    third = open_database(f"sqlite:///{tmp_path / 'third.sqlite'}")
    copied = load(third, export(database, aid))  # an open conflict travels with the record
    third.close()
    assert [c.item_id for c in copied.conflicts] == [A] and copied.outcome == "created"

    before = hashes(database, aid)
    again = cli("import", str(path), db=db_url)
    assert (again.code, again.err) == (1, first.err)  # the same report, nothing written
    assert hashes(database, aid) == before
    # The office decides; the conflict is settled and the next import is clean.
    answer(database, aid, A, 2, "lead")
    assert cli("import", str(path), db=db_url).code == 0


def test_both_sides_making_the_same_change_is_no_conflict(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)
    answer(database, aid, B, 3, "ana")
    answer(field, aid, B, 3, "ana")
    answer(field, aid, A, 5, "fred")
    result = load(database, export(field, aid))
    assert (result.outcome, result.applied, result.conflicts) == ("merged", (A,), ())


def test_copies_that_travel_back_and_forth_converge_without_false_conflicts(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    office = database
    aid = shared(office, field, minimal_checklist, new_assessment)
    answer(office, aid, B, 2, "ana")
    answer(field, aid, A, 3, "fred")
    assert load(office, export(field, aid)).applied == (A,)  # office merged the field's A
    answer(field, aid, A, 4, "fred")  # the field goes on with A
    result = load(office, export(field, aid))  # not a conflict: office never changed A itself
    assert (result.outcome, result.applied, result.conflicts) == ("merged", (A,), ())
    back = load(field, export(office, aid))  # the field learns the office's B
    assert (back.applied, back.conflicts) == ((B,), ())
    assert state(field, aid) == state(office, aid) == {A: (4, "fred"), B: (2, "ana")}
    assert load(office, export(field, aid)).applied == ()
    assert load(field, export(office, aid)).applied == ()


def test_a_final_copy_refuses_incoming_changes_until_reopened(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)
    answer(database, aid, B, 2, "ana")
    with database.write() as session:
        repo.finalize(session, aid, actor="ana")
    answer(field, aid, A, 1, "fred")
    before = hashes(database, aid)
    with pytest.raises(FinalizedError, match="reopen it"):
        load(database, export(field, aid))
    assert hashes(database, aid) == before


def test_a_bundle_whose_uid_exists_with_another_checklist_is_refused(
    database: Database, field: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)
    document = json.loads(json.dumps(export(field, aid).content.model_dump()))
    with database.write() as session:
        session.execute(text("UPDATE checklist_versions SET content_hash = :h"), {"h": "0" * 64})
    bundle = parse_bundle(
        json.dumps(
            {
                "format": "ctcap-bundle",
                "format_version": 1,
                "sha256": hashlib.sha256(canonical(document)).hexdigest(),
                "content": document,
            }
        ).encode(),
        "b.json",
    )
    with pytest.raises(CtcapError, match="another checklist version"):
        load(database, bundle, allow_unsigned=True)


def test_keeping_this_databases_answer_settles_a_conflict_with_an_audited_decision(
    db_url: str,
    database: Database,
    field: Database,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    aid, path = conflicting(database, field, minimal_checklist, new_assessment, tmp_path)
    imported = cli("import", str(path), db=db_url)
    assert imported.code == 1 and f"ctcap conflicts keep {aid} ITEM" in imported.err
    listed = cli("conflicts", "list", str(aid), db=db_url)
    assert listed.code == 1 and listed.out.startswith(f"{A}: this database has 4 ")
    one_line_error(cli("conflicts", "keep", str(aid), B, db=db_url), f"{B}: no open import")

    kept = cli("conflicts", "keep", str(aid), A, db=db_url)
    assert kept.code == 0, kept.err
    assert kept.out.startswith(f"{A}: kept 4 ") and "by ana" in kept.out and "by fred" in kept.out
    assert state(database, aid)[A] == (4, "ana")  # the answer itself is untouched
    assert cli("conflicts", "list", str(aid), db=db_url).out.strip().endswith("no open conflicts")
    with database.read() as session:
        event = session.execute(
            text("SELECT actor, before, after FROM answer_events WHERE kind = 'resolve'")
        ).one()
    assert event.actor == "tester"
    assert json.loads(event.before)["theirs"]["response"] == 1
    assert json.loads(event.after) == {
        "kept": {
            "response": 4,
            "rationale": "ana says 4",
            "evidence": [],
            "confidence": None,
            "facts": None,
            "mark": None,
        },
        "kept_by": "ana",
    }
    assert cli("import", str(path), db=db_url).code == 0  # nothing left to decide
    assert cli("audit", "verify", db=db_url).code == 0

    third = open_database(f"sqlite:///{tmp_path / 'third.sqlite'}")
    copied = load(third, export(database, aid))  # the decision travels with the record
    third.close()
    assert copied.conflicts == ()

    assert cli("assessments", "answer", str(aid), B, "3", db=db_url).code == 0
    assert cli("assessments", "finalize", str(aid), db=db_url).code == 0
    answer(field, aid, B, 2, "fred")  # a new conflict, on a final assessment
    with field.write() as session:
        write_bundle(signed(session, aid), path)
    assert cli("import", str(path), db=db_url).code == 1
    one_line_error(cli("conflicts", "keep", str(aid), B, db=db_url), "is final and read-only")


def test_each_import_that_changed_something_is_logged_with_who_and_which_bundle(
    db_url: str,
    database: Database,
    field: Database,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    aid = shared(database, field, minimal_checklist, new_assessment)  # field: created
    answer(field, aid, B, 3, "fred")
    path = tmp_path / "field.json"
    with field.write() as session:
        write_bundle(signed(session, aid), path)
    assert cli("import", str(path), "--assessor", "lead", db=db_url).code == 0  # fast-forward
    assert cli("import", str(path), "--assessor", "lead", db=db_url).code == 0  # up to date
    answer(database, aid, A, 4, "ana")
    answer(field, aid, B, 5, "fred")
    with field.write() as session:
        write_bundle(signed(session, aid), path)
    assert cli("import", str(path), "--assessor", "kim", db=db_url).code == 0  # merged
    bundle_sha = json.loads(path.read_text(encoding="utf-8"))["sha256"]

    with database.read() as session:
        office_log = import_log(session, aid)
    with field.read() as session:
        field_log = import_log(session, aid)
    assert [(r.outcome, r.actor, r.applied, r.conflicts) for r in office_log] == [
        ("fast-forward", "lead", 1, 0),
        ("merged", "kim", 1, 0),
    ]
    assert office_log[-1].bundle_sha256 == bundle_sha
    assert [(r.outcome, r.actor) for r in field_log] == [("created", "importer")]
    shown = cli("assessments", "show", str(aid), db=db_url).out
    assert "by lead: fast-forward, 1 answer(s) changed, 0 conflict(s) open" in shown
    listed = json.loads(cli("assessments", "show", str(aid), "--json", db=db_url).out)
    assert [i["outcome"] for i in listed["imports"]] == ["fast-forward", "merged"]
    assert cli("audit", "verify", db=db_url).code == 0  # the log is not in the chain
