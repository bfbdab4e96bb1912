"""Several members scoring one round at once on a real PostgreSQL server, each as their
own login: every answer lands in its member's place, none lost, none crossed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ctcap.storage import panels
from ctcap.storage.engine import open_database
from ctcap.storage.panel_audit import verify_member_chains
from ctcap.storage.panel_models import MemberAnswerRow, MemberEventRow
from panels.panel_help import login_url, panel_round
from panels.panel_worker import expected

WORKER = Path(__file__).with_name("panel_worker.py")
MEMBERS = 4

pytestmark = pytest.mark.postgres


def test_members_scoring_at_once_lose_and_cross_nothing(
    postgres_url: str,
    make_login: Callable[[str], str],
    capacity_checklist: Any,
    cli: Callable[..., Any],
) -> None:
    database = open_database(postgres_url)
    logins = [make_login(f"m{n}") for n in range(MEMBERS)]
    for login in logins:
        assert cli("team", "grant", login, "assessor", db=postgres_url).code == 0
        assert cli("team", "add", login, "KEN", db=postgres_url).code == 0
    aid = panel_round(database, capacity_checklist, tuple(logins))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CTCAP_ASSESSOR", None)
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), login_url(postgres_url, login), str(aid)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=Path(__file__).parents[1],
        )
        for login in logins
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    for worker in workers:  # all start together
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.close()
    outputs = []
    for worker in workers:
        assert worker.stdout is not None
        outputs.append(worker.stdout.read())
        assert worker.wait(timeout=300) == 0
    items = [item.id for item in capacity_checklist.items()]
    assert outputs == [f"done {2 * len(items)}\n"] * MEMBERS
    with database.read() as session:
        rows = session.scalars(select(MemberAnswerRow).where(MemberAnswerRow.assessment_id == aid))
        found = {(r.member, r.item_id): (r.level, r.rationale, r.version) for r in rows}
        events = session.execute(
            select(MemberEventRow.member, MemberEventRow.item_id, MemberEventRow.actor)
            .where(MemberEventRow.assessment_id == aid)
        ).all()  # fmt: skip
        counts = {m.member: m.answered for m in panels.panel_info(session, aid).members}
        assert verify_member_chains(session, aid) == (MEMBERS, None)
    assert found == {
        (m, i): (expected(m, i), f"{m}:{i}", 2) for m in logins for i in items
    }  # nothing lost (every item, both versions), nothing crossed (each member's own level)
    assert len(events) == MEMBERS * 2 * len(items)
    assert all(member == actor for member, _item, actor in events)
    assert counts == dict.fromkeys(logins, len(items))
    database.close()
