"""Proposals in the database (SQLite and PostgreSQL): stored, decided, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.domain.answers import Special
from ctcap.domain.proposals import Evidence, Proposal
from ctcap.errors import ConflictError, CtcapError, FinalizedError, NotFoundError
from ctcap.storage import repository
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import open_database
from ctcap.storage.proposal_decisions import accept, accept_all, edit, reject
from ctcap.storage.proposals import (
    SourceFile,
    list_proposals,
    pending_counts,
    proposal_log,
    store_proposals,
)

from .conftest import new_round

I11 = "i11-terrorist-bombings-convention-1997"
I12 = "i12-terrorist-financing-convention-1999"
I13 = "i13-nuclear-terrorism-convention-2005"
FILE = SourceFile("untc", "status.csv", "a" * 64, "untc-treaties 1.0", rows_read=3, rows_skipped=0)
OTHER = SourceFile("untc", "newer.csv", "b" * 64, "untc-treaties 1.0", rows_read=3, rows_skipped=0)


def _proposal(item: str, level: int | Special, value: str = "accession 2003-06-27") -> Proposal:
    evidence = Evidence("XVIII-11", value, "2003-06-27", "line 4")
    return Proposal("KEN", "ct-instruments", item, level, (evidence,), ("why it bears",))


@pytest.fixture
def db(db_url: str) -> Any:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def round_id(db: Any, bundled: dict[str, Any]) -> int:
    return new_round(db, "KEN", bundled["ct-instruments"])


def _store(db: Any, round_id: int, proposals: list[Proposal], file: SourceFile = FILE) -> Any:
    with db.write() as session:
        return store_proposals(session, file, {round_id: proposals}, actor="importer")


def _verified(db: Any) -> None:
    with db.read() as session:
        assert verify_all(session)[1] is None


def test_store_accept_and_the_answer_carries_the_provenance(db: Any, round_id: int) -> None:
    import_id, [stored] = _store(db, round_id, [_proposal(I12, 3), _proposal(I13, 2)])
    assert import_id is not None and stored.proposed == (I12, I13)
    with db.read() as session:
        assert pending_counts(session, [round_id]) == {round_id: 2}
        assert repository.get_assessment(session, round_id).answers == {}  # nothing answered
    with db.write() as session:
        decision = accept(session, round_id, I12, actor="ana")
    assert (decision.written, decision.answer_version) == (3, 1)
    with db.read() as session:
        answer = repository.get_assessment(session, round_id).answers[I12]
        [still] = list_proposals(session, round_id)
        everything = list_proposals(session, round_id, include_decided=True)
    assert answer.response == 3 and answer.assessor == "ana"
    assert answer.rationale.startswith(
        "Proposed from UN Treaty Collection status: XVIII-11 = accession 2003-06-27 "
        "(2003-06-27, line 4) → 3 Ratified or acceded. Mapping untc-treaties 1.0: why it bears"
    )
    [entry] = answer.evidence
    assert entry.ref == "status.csv line 4: XVIII-11 = accession 2003-06-27"
    assert (entry.type.value, entry.date, entry.sha256) == (
        "official-document",
        "2003-06-27",
        "a" * 64,
    )
    assert entry.grade is None  # grading is the assessor's call
    assert still.item_id == I13
    assert {(r.item_id, r.status) for r in everything} == {(I12, "accepted"), (I13, "pending")}
    _verified(db)


def test_importing_the_same_file_again_adds_nothing(db: Any, round_id: int) -> None:
    _store(db, round_id, [_proposal(I12, 3)])
    import_id, [stored] = _store(db, round_id, [_proposal(I12, 3)])
    assert import_id is None and stored.proposed == () and stored.unchanged == (I12,)
    with db.read() as session:
        assert len(proposal_log(session, round_id)) == 1
    with db.write() as session:
        reject(session, round_id, I12, actor="ana", reason="checked the depositary: not yet")
    _, [again] = _store(db, round_id, [_proposal(I12, 3)])
    assert again.unchanged == (I12,)  # a rejected value is not proposed again from that file


def test_a_newer_file_supersedes_a_pending_proposal(db: Any, round_id: int) -> None:
    _store(db, round_id, [_proposal(I12, 2, "signed 2001-11-10")])
    _, [stored] = _store(db, round_id, [_proposal(I12, 3)], OTHER)
    assert stored.superseded == (I12,)
    with db.read() as session:
        statuses = [
            (r.file_name, r.status) for r in list_proposals(session, round_id, include_decided=True)
        ]
    assert statuses == [("newer.csv", "pending"), ("status.csv", "superseded")]
    _verified(db)


def test_a_proposal_never_overwrites_an_answer(db: Any, round_id: int) -> None:
    with db.write() as session:
        repository.record_answer(session, round_id, I12, 4, actor="ana", rationale="law in force")
    _, [stored] = _store(db, round_id, [_proposal(I12, 3), _proposal(I13, 3)])
    assert stored.answered == (I12,)
    with db.write() as session, pytest.raises(ConflictError, match="never overwrites an answer"):
        accept(session, round_id, I12, actor="bo")
    with db.write() as session, pytest.raises(ConflictError):
        edit(session, round_id, I12, 2, actor="bo")
    with db.write() as session:
        done, left = accept_all(session, round_id, actor="bo")
    assert [d.proposal.item_id for d in done] == [I13]
    assert left == [(I12, "answered already; a proposal never overwrites an answer")]
    with db.read() as session:
        detail = repository.get_assessment(session, round_id)
        [pending] = list_proposals(session, round_id)
    assert detail.answers[I12].response == 4 and detail.answers[I12].rationale == "law in force"
    assert pending.item_id == I12 and "answered already" in pending.note
    _verified(db)


def test_a_cleared_answer_can_take_a_proposal(db: Any, round_id: int) -> None:
    with db.write() as session:
        repository.record_answer(session, round_id, I12, 4, actor="ana")
        repository.record_answer(session, round_id, I12, None, actor="ana")
    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session:
        assert accept(session, round_id, I12, actor="ana").answer_version == 3


def test_edit_writes_the_assessors_level_and_keeps_the_proposal(db: Any, round_id: int) -> None:
    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session:
        decision = edit(
            session, round_id, I12, Special.NO_INFORMATION, actor="ana", note="disputed"
        )
    assert decision.proposal.status == "edited" and decision.proposal.response == 3
    with db.read() as session:
        answer = repository.get_assessment(session, round_id).answers[I12]
    assert answer.response is Special.NO_INFORMATION
    assert answer.rationale.startswith(
        "ana scored No information where the data proposed 3 Ratified or acceded: disputed. "
        "Proposed from UN Treaty Collection status"
    )
    _verified(db)


def test_reject_needs_a_reason_and_leaves_the_answer(db: Any, round_id: int) -> None:
    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session, pytest.raises(CtcapError, match="needs a reason"):
        reject(session, round_id, I12, actor="ana", reason="  ")
    with db.write() as session:
        reject(session, round_id, I12, actor="ana", reason="stale table")
    with db.read() as session:
        assert repository.get_assessment(session, round_id).answers == {}
        [record] = list_proposals(session, round_id, include_decided=True)
        kinds = [(e.kind, e.item_id) for e in proposal_log(session, round_id)]
    assert (record.status, record.reason, record.decided_by) == ("rejected", "stale table", "ana")
    assert kinds == [("propose", None), ("reject", I12)]
    with db.write() as session, pytest.raises(NotFoundError, match="no pending proposal"):
        accept(session, round_id, I12, actor="ana")


def test_a_final_round_takes_no_proposals_and_nothing_finalizes(
    db: Any, round_id: int, bundled: dict[str, Any]
) -> None:
    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session:
        for item in bundled["ct-instruments"].items():
            if item.id != I12:
                repository.record_answer(session, round_id, item.id, 1, actor="ana")
        accept_all(session, round_id, actor="ana")
    with db.read() as session:
        assert (
            repository.get_assessment(session, round_id).info.status == "draft"
        )  # never finalizes
    with db.write() as session:
        repository.finalize(session, round_id, actor="ana")
    with db.write() as session, pytest.raises(FinalizedError):
        store_proposals(session, OTHER, {round_id: [_proposal(I13, 3)]}, actor="x")
    with db.read() as session:
        assert [r.item_id for r in list_proposals(session, round_id, include_decided=True)] == [I12]


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE proposals SET status = 'accepted' WHERE item_id = '{I13}'",
         "differs from the proposal log"),
        ("UPDATE proposals SET level = 1 WHERE item_id = '{I13}'", "differs from the proposal log"),
        ("DELETE FROM proposal_events WHERE seq = 1", "proposal log event 1 missing"),
        ("DELETE FROM proposal_events WHERE seq = 2", "differs from the proposal log"),
        ("UPDATE proposal_events SET actor = 'mallory' WHERE seq = 1",
         "content does not match its hash"),
        ("UPDATE answer_events SET hash = '{fake}' WHERE seq = 2", "content does not match"),
    ],
)  # fmt: skip
def test_audit_verify_sees_the_proposal_log_tampered(
    db: Any, round_id: int, statement: str, reason: str
) -> None:
    _store(db, round_id, [_proposal(I12, 3), _proposal(I13, 2)])
    with db.write() as session:
        accept(session, round_id, I12, actor="ana")
    _verified(db)
    with db.write() as session:
        session.execute(text(statement.format(I13=I13, fake="f" * 64)))
    with db.read() as session:
        broken = verify_all(session)[1]
    assert broken is not None and reason in broken.reason, broken


def test_a_rehashed_log_naming_another_answer_event_is_caught(db: Any, round_id: int) -> None:
    """Rewriting the proposal log consistently still has to match the answer chain."""
    import json

    from ctcap.storage.audit import chain_hash, dumps
    from ctcap.storage.proposal_audit import LOG_SUFFIX

    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session:
        accept(session, round_id, I12, actor="ana")
    with db.write() as session:
        uid = session.execute(text("SELECT uid FROM assessments")).scalar_one()
        row = session.execute(
            text("SELECT seq, kind, item_id, actor, at, before, after, prev_hash "
                 "FROM proposal_events WHERE seq = 2")
        ).one()  # fmt: skip
        after = json.loads(row.after)
        after["answer"]["seq"] = 1  # the round's create event, not the answer
        forged = dumps(after)
        digest = chain_hash(row.prev_hash, uid + LOG_SUFFIX, row.seq, row.kind, row.item_id,
                            row.actor, row.at, row.before, forged)  # fmt: skip
        session.execute(
            text("UPDATE proposal_events SET after = :after, hash = :hash WHERE seq = 2"),
            {"after": forged, "hash": digest},
        )
    with db.read() as session:
        broken = verify_all(session)[1]
    assert broken is not None
    assert "names answer event 1, which is not in the answer chain with that hash" in broken.reason


def test_the_accept_event_names_the_answer_event(db: Any, round_id: int) -> None:
    import json

    _store(db, round_id, [_proposal(I12, 3)])
    with db.write() as session:
        accept(session, round_id, I12, actor="ana")
    with db.read() as session:
        event = proposal_log(session, round_id)[-1]
        answer_event = session.execute(
            text("SELECT seq, hash, item_id FROM answer_events ORDER BY seq DESC LIMIT 1")
        ).one()
    link = json.loads(event.after)["answer"]
    assert (link["seq"], link["hash"], answer_event[2]) == (answer_event[0], answer_event[1], I12)


def test_proposals_table_migration_runs_from_the_previous_revision(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from ctcap.storage.engine import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()
    database = open_database(url)
    with database.read() as session:
        tables = set(inspect(session.connection()).get_table_names())
    database.close()
    assert {"proposals", "proposal_imports", "proposal_events"} <= tables
