"""Every acknowledged answer survives SIGKILL at any moment (SQLite file, WAL, FULL).

A scorer process acknowledges each answer on stdout only after its commit returned.
We kill it at random points, then check that the database opens, passes
``PRAGMA integrity_check``, has an intact audit chain, and holds every answer that
was ever acknowledged. Half the kills come after the first acknowledgement, within a
few milliseconds of it or later, so they land in commits, fsyncs and between them;
the others land while the process is still opening the database.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ctcap.storage.audit import verify_all
from ctcap.storage.engine import open_database
from ctcap.storage.models import AnswerEventRow, AnswerRow

WORKER = Path(__file__).with_name("trust_worker.py")
KILLS = 40
SEED = int(os.environ.get("CTCAP_TRUST_SEED", "20100801"))

Ack = tuple[str, int, str]  # item, version, rationale


def _check(path: Path, acks: list[Ack]) -> None:
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    database = open_database(f"sqlite:///{path}")
    with database.read() as session:
        assert verify_all(session)[1] is None
        events = {
            (e.item_id, json.loads(e.after).get("rationale"))
            for e in session.scalars(select(AnswerEventRow).where(AnswerEventRow.kind == "answer"))
        }
        rows = {r.item_id: (r.version, r.rationale) for r in session.scalars(select(AnswerRow))}
    database.close()
    latest: dict[str, Ack] = {}
    for ack in acks:
        item, version, rationale = ack
        assert (item, rationale) in events, f"acknowledged {ack} is missing"
        assert rows[item][0] >= version, f"acknowledged {ack} was rolled back"
        latest[item] = ack
    for item, version, rationale in latest.values():
        if rows[item][0] == version:
            assert rows[item][1] == rationale


def _until(zygote: subprocess.Popen[str], prefix: str, acks: list[Ack], log: list[str]) -> str:
    assert zygote.stdout is not None
    while True:
        line = zygote.stdout.readline()
        assert line, "the zygote died"
        words = line.split()
        if words[0] == "ack":
            acks.append((words[1], int(words[2]), words[3]))
        elif words[0] == "sync":
            log.append(words[1])
        if line.startswith(prefix):
            return line


def test_acknowledged_answers_survive_sigkill(
    tmp_path: Path,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    subprocess_env: dict[str, str],
) -> None:
    path = tmp_path / "durable.sqlite"
    url = f"sqlite:///{path}"
    database = open_database(url)
    assessment_id = new_assessment(database, minimal_checklist)
    database.close()
    rng = random.Random(SEED)
    acks: list[Ack] = []
    synchronous: list[str] = []
    rounds_with_acks = 0
    zygote = subprocess.Popen(
        [sys.executable, str(WORKER), "zygote", url, str(assessment_id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    assert zygote.stdin is not None
    try:
        _until(zygote, "zygote ready", acks, synchronous)
        for run in range(KILLS):
            before = len(acks)
            zygote.stdin.write(f"fork {run}\n")
            zygote.stdin.flush()
            pid = int(_until(zygote, "child ", acks, synchronous).split()[1])
            if run % 2:  # after the first acknowledged answer, soon or a little later
                _until(zygote, "ack ", acks, synchronous)
                time.sleep(rng.choice([rng.uniform(0, 0.005), rng.uniform(0, 0.15)]))
            else:  # anywhere from start-up on
                time.sleep(rng.uniform(0, 0.05))
            os.kill(pid, signal.SIGKILL)
            dead = _until(zygote, f"dead {pid} ", acks, synchronous)
            assert int(dead.split()[2]) == signal.SIGKILL
            rounds_with_acks += len(acks) > before
            _check(path, acks)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    print(
        f"\ndurability: {KILLS} SIGKILLs, {rounds_with_acks} mid-scoring, "
        f"{len(acks)} acknowledged answers all present after every kill (seed {SEED})"
    )
    assert rounds_with_acks >= KILLS // 2
    assert set(synchronous) == {"2"}  # FULL, on every connection the scorer opened
