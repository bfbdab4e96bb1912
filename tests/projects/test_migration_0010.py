"""Migration 0010 carries projects written at 0009 forward: every one kept, marked with the
scheme's default, and its chain (old events untouched) verifying with the mark in it.

The database is built as 0009's ctcap left it: Alembic to "0009", then raw inserts of
what that release wrote (projects without a mark, events whose states have none, chained
with the same hash function), because today's code writes a column 0009 lacks.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from ctcap.storage.audit import GENESIS, chain_hash, dumps
from ctcap.storage.engine import HEAD_REVISION, MIGRATIONS, open_database
from ctcap.storage.project_audit import events, verify_projects

CREATED = datetime(2026, 1, 2, 9, 0, 0)
AT = ("2026-01-02T09:00:00.000000Z", "2026-01-03T10:00:00.000000Z")


def _at_0009(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    engine.dispose()


def _state(identifier: str, title: str) -> dict[str, Any]:
    """A project as 0009's ``project_state`` recorded it: no mark."""
    state: dict[str, Any] = dict.fromkeys(
        ("scheme", "status", "recipient_region", "parent", "area", "decided", "planned_start",
         "planned_end", "actual_start", "actual_end", "currency", "budget", "committed",
         "disbursed", "donor_currency", "donor_budget", "donor_committed", "donor_disbursed"),
    )  # fmt: skip
    state.update(
        identifier=identifier, title=title, description="", reporting_org="",
        reporting_org_ref="", funding_org="Donor A (fictional)", funding_org_ref="",
        implementing_org="", implementing_org_ref="", programme="", recipient_country="KEN",
        approximate=False, source="", synthetic=True, note="", links=[],
    )  # fmt: skip
    return state


def _fill_0009(url: str, scheme: dict[str, Any] | None) -> dict[str, list[str]]:
    """Two projects, one edited once; returns each one's event hashes."""
    engine = create_engine(url)
    hashes: dict[str, list[str]] = {}
    with engine.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO countries (code, name, fictional) VALUES ('KEN', 'Kenya', false)"))
        if scheme is not None:
            run(
                text("INSERT INTO settings (key, value, updated_by, updated_at) "
                     "VALUES ('marks', :v, 'admin', :at)"),
                {"v": json.dumps(scheme), "at": CREATED},
            )  # fmt: skip
        for n, identifier in enumerate(("XM-OLD-1", "XM-OLD-2")):
            uid = f"{n:032x}"
            first = _state(identifier, "Screening")
            row = {k: v for k, v in first.items() if k != "links"}
            columns = ", ".join(row)
            project_id = run(
                text(f"INSERT INTO projects (uid, {columns}, created_at, updated_at) VALUES "
                     f"(:uid, {', '.join(':' + k for k in row)}, :at, :at) RETURNING id"),
                {**row, "uid": uid, "at": CREATED},
            ).scalar_one()  # fmt: skip
            states = [({}, first)]
            if n == 0:
                states.append((first, _state(identifier, "Screening, phase 2")))
                run(text("UPDATE projects SET title = 'Screening, phase 2' WHERE id = :i"),
                    {"i": project_id})  # fmt: skip
            prev, hashes[identifier] = GENESIS, []
            for seq, (before, after) in enumerate(states, start=1):
                kind = "create" if seq == 1 else "update"
                b, a = dumps(before), dumps(after)
                digest = chain_hash(prev, uid, seq, kind, None, "ana", AT[seq - 1], b, a)
                run(
                    text("INSERT INTO project_events (project_id, seq, kind, actor, at, before, "
                         "after, prev_hash, hash) VALUES (:p, :s, :k, 'ana', :at, :b, :a, "
                         ":prev, :h)"),
                    {"p": project_id, "s": seq, "k": kind, "at": AT[seq - 1], "b": b, "a": a,
                     "prev": prev, "h": digest},
                )  # fmt: skip
                prev = digest
                hashes[identifier].append(digest)
    engine.dispose()
    return hashes


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [(None, "AMBER"), ({"levels": ["OPEN", "RESTRICTED", "SECRET"], "default": "RESTRICTED"},
                       "RESTRICTED")],
)  # fmt: skip
def test_0009_projects_keep_their_chains_and_get_the_default_mark(
    db_url: str, scheme: dict[str, Any] | None, expected: str
) -> None:
    from ctcap.storage.projects import get_project

    _at_0009(db_url)
    old_hashes = _fill_0009(db_url, scheme)
    with open_database(db_url).read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == HEAD_REVISION == "0010"
        assert verify_projects(session) == (2, None)
        for identifier, hashes in old_hashes.items():
            record = get_project(session, identifier)
            assert record.mark == expected
            trail = events(session, record.id)
            assert [e.hash for e in trail[:-1]] == hashes  # the old events, untouched
            last = trail[-1]
            assert (last.kind, last.actor, last.after["mark"]) == (
                "mark",
                "ctcap (migration 0010)",
                expected,
            )
            assert {k: v for k, v in last.after.items() if k != "mark"} == last.before
        assert get_project(session, "XM-OLD-1").project.title == "Screening, phase 2"


def test_a_mark_changed_outside_ctcap_breaks_the_chain(sqlite_url: str) -> None:
    _at_0009(sqlite_url)
    _fill_0009(sqlite_url, None)
    database = open_database(sqlite_url)
    with database.write() as session:
        session.execute(text("UPDATE projects SET mark = 'CLEAR' WHERE identifier = 'XM-OLD-2'"))
    with database.read() as session:
        count, broken = verify_projects(session)
    assert count == 2 and broken is not None
    assert broken.identifier == "XM-OLD-2" and "differs from its audit trail" in broken.reason
