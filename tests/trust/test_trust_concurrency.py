"""Two assessors on one database never lose each other's updates silently.

Two processes increment counters kept in the same items' rationales, each write
carrying the version it read. Every acknowledged write must be in the audit trail,
in one order, each based on the write before it: any write that overwrote another
without having seen it is a lost update, and we count them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ctcap.errors import ConflictError
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import Database, open_database
from ctcap.storage.models import AnswerEventRow, AnswerRow

WORKER = Path(__file__).with_name("trust_worker.py")
WRITES = 120  # per process


def _counter(state: dict[str, Any]) -> int:
    return int(state.get("rationale") or 0)


def _lost_updates(database: Database, acks: list[tuple[str, str, int, int]]) -> int:
    """Acknowledged writes missing from the final count or the trail, or not based on the last."""
    with database.read() as session:
        assert verify_all(session)[1] is None
        rows = {r.item_id: r for r in session.scalars(select(AnswerRow))}
        events = session.scalars(
            select(AnswerEventRow)
            .where(AnswerEventRow.kind == "answer")
            .order_by(AnswerEventRow.seq)
        ).all()
    lost = 0
    for item, row in rows.items():
        mine = [e for e in events if e.item_id == item]
        acked = sorted((version, counter, name) for name, i, version, counter in acks if i == item)
        lost += len(acked) - int(row.rationale)  # increments that vanished from the count
        for n, event in enumerate(mine, start=1):
            before, after = json.loads(event.before), json.loads(event.after)
            lost += _counter(before) != n - 1 or _counter(after) != n  # a blind overwrite
        # Every acknowledged write is in the trail, at the place its version says.
        trail = {(n, _counter(json.loads(e.after)), e.actor) for n, e in enumerate(mine, 1)}
        lost += sum(ack not in trail for ack in acked)
    return lost


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_processes_hammering_the_same_items_lose_no_update(
    backend: str,
    request: pytest.FixtureRequest,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    subprocess_env: dict[str, str],
) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    database = open_database(url)
    assessment_id = new_assessment(database, minimal_checklist)
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "hammer", url, str(assessment_id), name, str(WRITES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env,
        )
        for name in ("ana", "ben")
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.close()
    acks: list[tuple[str, str, int, int]] = []
    conflicts = 0
    for name, worker in zip(("ana", "ben"), workers, strict=True):
        assert worker.stdout is not None
        out = worker.stdout.read()
        assert worker.wait(timeout=300) == 0
        for line in out.splitlines():
            words = line.split()
            if words[0] == "ack":
                acks.append((name, words[1], int(words[2]), int(words[3])))
            else:
                conflicts += int(words[1])
    lost = _lost_updates(database, acks)
    database.close()
    print(f"\n{backend}: {len(acks)} acknowledged writes, {conflicts} conflicts, {lost} lost")
    assert len(acks) == 2 * WRITES
    assert lost == 0
    assert conflicts > 0  # the processes did race: the check above was not vacuous


def test_a_stale_write_in_a_session_that_holds_old_rows_is_refused(
    postgres_url: str, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    """The locked re-read wins over rows the session already holds (READ COMMITTED)."""
    ours, theirs = open_database(postgres_url), open_database(postgres_url)
    assessment_id = new_assessment(ours, minimal_checklist)
    with ours.write() as session:
        repo.record_answer(session, assessment_id, "sltd-reporting", 2, actor="ana")
    with pytest.raises(ConflictError, match="ben changed it"), ours.write() as session:
        held = session.scalars(select(AnswerRow)).all()  # kept: the session holds these rows
        seen = held[0].version
        with theirs.write() as other:
            repo.record_answer(
                other, assessment_id, "sltd-reporting", 4, actor="ben", expected_version=seen
            )
        repo.record_answer(
            session, assessment_id, "sltd-reporting", 1, actor="ana", expected_version=seen
        )
    with theirs.read() as session:
        assert repo.get_assessment(session, assessment_id).responses == {"sltd-reporting": 4}
    ours.close()
    theirs.close()


def test_the_tui_reloads_when_the_cli_answered_first(
    db_url: str,
    database: Database,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    cli: Callable[..., Any],
) -> None:
    """The TUI's worker path (read, then write with the version seen) against the CLI."""
    aid = new_assessment(database, minimal_checklist)
    with database.read() as session:  # the TUI shows the item: unanswered, version 0
        seen = repo.get_assessment(session, aid).answers.get("sltd-reporting")
    assert seen is None
    answered = cli(
        "assessments", "answer", str(aid), "sltd-reporting", "4",
        "--rationale", "from the CLI", "--assessor", "carla", db=db_url,
    )  # fmt: skip
    assert answered.code == 0
    with pytest.raises(ConflictError) as caught, database.write() as session:
        repo.record_answer(session, aid, "sltd-reporting", 2, actor="ana", expected_version=0)
    assert "carla changed it to 4" in str(caught.value)
    reloaded = caught.value.current
    assert reloaded.response == 4 and reloaded.rationale == "from the CLI"
    with database.write() as session:  # after the reload, ana's keypress is based on carla's
        repo.record_answer(
            session, aid, "sltd-reporting", 2, actor="ana", expected_version=reloaded.version
        )
    # The CLI writes without a version (a person typed this value), but never silently:
    # its event records the answer it replaced.
    assert cli("assessments", "answer", str(aid), "sltd-reporting", "3", db=db_url).code == 0
    with database.read() as session:
        assert verify_all(session)[1] is None
        trail = [
            (e.actor, json.loads(e.before).get("response"), json.loads(e.after)["response"])
            for e in session.scalars(
                select(AnswerEventRow)
                .where(AnswerEventRow.kind == "answer")
                .order_by(AnswerEventRow.seq)
            )
        ]
    assert trail == [("carla", None, 4), ("ana", 4, 2), ("tester", 2, 3)]


def test_a_version_for_an_answer_that_does_not_exist_is_a_conflict_not_a_crash(
    database: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    aid = new_assessment(database, minimal_checklist)
    with pytest.raises(ConflictError, match="no answer yet") as caught, database.write() as s:
        repo.record_answer(s, aid, "sltd-reporting", 2, actor="ana", expected_version=3)
    assert caught.value.current is None
