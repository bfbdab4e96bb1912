"""Every acknowledged answer survives a PostgreSQL server crash (immediate stop, then WAL
recovery), with fsync on as a production server has it; the audit chain stays intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import open_database
from ctcap.storage.models import AnswerEventRow, AnswerRow

WORKER = Path(__file__).with_name("trust_worker.py")
CRASHES = 6


@pytest.fixture
def crashable() -> Iterator[Any]:
    from pgserver import NoServer, restartable_server

    try:
        with restartable_server("-c max_connections=20") as server:  # fsync on: the default
            yield server
    except NoServer as exc:
        if os.environ.get("CTCAP_REQUIRE_POSTGRES") or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run here but cannot: {exc}")
        pytest.skip(f"no PostgreSQL server available: {exc}")


def _acks_until_crash(
    server: Any, url: str, assessment_id: int, run: int, env: dict[str, str]
) -> list[tuple[str, int, str]]:
    """Score in another process; crash the server once it has acknowledged a few answers."""
    scorer = subprocess.Popen(
        [sys.executable, str(WORKER), "score", url, str(assessment_id), str(run)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert scorer.stdout is not None
    acks = []
    deadline = time.monotonic() + 60
    while len(acks) < 25 and time.monotonic() < deadline:
        words = scorer.stdout.readline().split()
        assert words, "the scorer stopped before the crash"
        acks.append((words[1], int(words[2]), words[3]))
    server.crash()  # mid-scoring: the scorer is writing as fast as it can
    for line in scorer.stdout:
        words = line.split()
        if words[0] == "ack":  # committed before the crash, read after it
            acks.append((words[1], int(words[2]), words[3]))
    assert scorer.wait(timeout=60) == 0
    return acks


def test_acknowledged_answers_survive_a_server_crash(
    crashable: Any, minimal_checklist: Any, subprocess_env: dict[str, str]
) -> None:
    import psycopg

    libpq = crashable.url
    with psycopg.connect(libpq.replace("{db}", "postgres"), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "crash"')
    url = libpq.replace("{db}", "crash").replace("postgresql://", "postgresql+psycopg://")
    database = open_database(url)
    with database.write() as session:
        from datetime import date

        info = repo.create_assessment(
            session, country="KEN", checklist=minimal_checklist, as_of=date(2026, 3, 1),
            assessor="ana",
        )  # fmt: skip
    database.close()

    acks: list[tuple[str, int, str]] = []
    for run in range(CRASHES):  # each run's rationales are its own: r{run}-{n}
        acks += _acks_until_crash(crashable, url, info.id, run, subprocess_env)
        crashable.start()  # recovers from the WAL
    database = open_database(url)
    with database.read() as session:
        assert verify_all(session)[1] is None
        recorded = {
            (e.item_id, json.loads(e.after).get("rationale"))
            for e in session.scalars(select(AnswerEventRow).where(AnswerEventRow.kind == "answer"))
        }
        versions = {r.item_id: r.version for r in session.scalars(select(AnswerRow))}
    database.close()
    assert len(acks) >= CRASHES * 25
    for item, version, rationale in acks:
        assert (item, rationale) in recorded, f"acknowledged {item} {rationale} is missing"
        assert versions[item] >= version, f"acknowledged {item} v{version} was rolled back"
