"""``ctcap audit verify`` on real databases: intact exits 0; any edit, deletion or
reordering made directly in the database exits 1 and names the first broken link.
Finalized assessments are read-only from the CLI too, and reopening is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.storage import repository as repo
from ctcap.storage.audit import chain_hash
from ctcap.storage.engine import Database


def _sql(database: Database, statement: str, **values: Any) -> None:
    with database.write() as session:
        session.execute(text(statement), values)


TAMPERING = {
    "an edited value": (
        ["UPDATE answer_events SET after = :v WHERE assessment_id = :a AND seq = 3"],
        {"v": json.dumps({"response": 1, "rationale": "", "evidence": []})},
        "event 3: content does not match its hash",
    ),
    "an edited actor": (
        ["UPDATE answer_events SET actor = 'mallory' WHERE assessment_id = :a AND seq = 2"],
        {},
        "event 2: content does not match its hash",
    ),
    "a deleted event": (
        ["DELETE FROM answer_events WHERE assessment_id = :a AND seq = 2"],
        {},
        "event 2: event missing or out of order (found seq 3)",
    ),
    "a deleted last event": (
        ["DELETE FROM answer_events WHERE assessment_id = :a AND seq = 4"],
        {},
        "differs from its audit trail",
    ),
    "two events swapped": (
        [
            "UPDATE answer_events SET seq = -1 WHERE assessment_id = :a AND seq = 2",
            "UPDATE answer_events SET seq = 2 WHERE assessment_id = :a AND seq = 3",
            "UPDATE answer_events SET seq = 3 WHERE assessment_id = :a AND seq = -1",
        ],
        {},
        "event 2: event missing or out of order (found seq 3)",
    ),
    "an answer edited outside ctcap": (
        ["UPDATE answers SET level = 1 WHERE assessment_id = :a AND item_id = 'sltd-reporting'"],
        {},
        "'sltd-reporting' differs from its audit trail",
    ),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_audit_verify_names_the_first_broken_link(
    case: str,
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    intact = scored()
    tampered = scored()
    ran = cli("audit", "verify", db=db_url)
    assert (ran.code, ran.out.strip()) == (0, "audit trail intact: 2 assessment(s) verified")
    statements, values, reason = TAMPERING[case]
    for statement in statements:
        _sql(database, statement, a=tampered, **values)
    line = one_line_error(cli("audit", "verify", db=db_url), f"assessment {tampered}")
    assert "audit chain broken" in line and reason in line
    assert cli("audit", "verify", "--assessment", str(intact), db=db_url).code == 0
    one_line_error(cli("audit", "verify", "--assessment", str(tampered), db=db_url), reason)


def test_an_edit_with_its_own_hash_recomputed_breaks_the_next_link(
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    aid = scored()
    with database.read() as session:
        uid = repo.get_assessment(session, aid).info.uid
        event = session.execute(
            text("SELECT * FROM answer_events WHERE assessment_id = :a AND seq = 3"), {"a": aid}
        ).one()
    forged = chain_hash(
        event.prev_hash, uid, 3, "answer", event.item_id, "mallory", event.at,
        event.before, event.after,
    )  # fmt: skip
    _sql(database, "UPDATE answer_events SET actor = 'mallory', hash = :h WHERE id = :i",
         h=forged, i=event.id)  # fmt: skip
    one_line_error(cli("audit", "verify", db=db_url), "event 4: does not link to the event before")


def test_the_first_of_several_breaks_is_reported(
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    first = scored()
    scored()
    _sql(database, "UPDATE answer_events SET actor = 'x' WHERE seq >= 2")
    one_line_error(cli("audit", "verify", db=db_url), f"assessment {first} event 2:")


def test_a_final_assessment_is_read_only_from_the_cli_and_reopening_is_audited(
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    aid = str(scored())
    assert cli("assessments", "finalize", aid, db=db_url).code == 0
    refused = cli("assessments", "answer", aid, "sltd-reporting", "1", db=db_url)
    one_line_error(refused, f"assessment {aid} is final and read-only")
    assert cli("assessments", "reopen", aid, db=db_url).code == 2  # --reason is required
    reopened = cli("assessments", "reopen", aid, "--reason", "new evidence", db=db_url)
    assert reopened.code == 0
    assert cli("assessments", "answer", aid, "sltd-reporting", "1", db=db_url).code == 0
    assert cli("audit", "verify", db=db_url).code == 0
    with database.read() as session:
        events = session.execute(
            text(
                "SELECT kind, actor, after FROM answer_events WHERE assessment_id = :a ORDER BY seq"
            ),
            {"a": int(aid)},
        ).all()
    assert [e.kind for e in events][-3:] == ["finalize", "reopen", "answer"]
    reopen = events[-2]
    assert reopen.actor == "tester" and json.loads(reopen.after)["reason"] == "new evidence"
    with database.read() as session:
        detail = repo.get_assessment(session, int(aid))
    assert detail.responses["sltd-reporting"] == 1 and not detail.info.is_final
