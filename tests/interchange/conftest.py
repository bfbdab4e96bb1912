"""Fixtures for the OSCAL tests: the bundled checklists, a small database, the demo data.

The small database has one fictional country (XOS) assessed three times against the
minimal checklist, built through storage's repository functions: round 1 final (one
item at target, one below), round 2 final (no information; not applicable, with hostile
text), round 3 a draft (one item at the top level with hostile rationale and evidence,
the other unanswered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine

REPO = Path(__file__).resolve().parents[2]
CHECKLISTS = REPO / "checklists"
BUNDLED = sorted(p.name for p in CHECKLISTS.glob("*.yaml"))

HOSTILE = '<script>alert("x")</script> & *not emphasis* {{ insert: param, p1 }} \\` [x](y)'
CONTROL = "bell\x07 nul-free \x01 and\ttab\nnew line"


@dataclass(frozen=True)
class SmallDb:
    url: str
    ids: dict[str, int]  # round name -> assessment id
    uids: dict[str, str]


def load(name: str):  # type: ignore[no-untyped-def]
    from ctcap.loading.checklists import load_checklist

    return load_checklist(CHECKLISTS / name, CHECKLISTS)


def _build_small(url: str) -> SmallDb:
    from ctcap.domain.answers import Special
    from ctcap.domain.evidence import legacy_entry
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    checklist = load("minimal.yaml")
    na, unknown = Special.NOT_APPLICABLE, Special.NO_INFORMATION
    rounds = {
        "r1": ("2023-03-31", True, {
            "sltd-reporting": (4, "At target.", ["procedure"]),
            "sltd-screening": (2, "Main airport only.", []),
        }),
        "r2": ("2024-03-31", True, {
            "sltd-reporting": (unknown, "Nothing supplied.", []),
            "sltd-screening": (na, HOSTILE, [HOSTILE]),
        }),
        "r3": ("2025-03-31", False, {
            "sltd-reporting": (5, HOSTILE + " " + CONTROL, [CONTROL, HOSTILE]),
        }),
    }  # fmt: skip
    database = open_database(url)
    ids: dict[str, int] = {}
    uids: dict[str, str] = {}
    try:
        with database.write() as session:
            repository.ensure_country(session, "XOS", "Osterland (fictional)")
        for name, (as_of, final, answers) in rounds.items():
            # Each round is recorded the day after its as-of date (times well in the past,
            # so a document stamped with the clock instead of the data would show).
            recorded = dt.datetime.fromisoformat(as_of + "T09:00:00+00:00") + dt.timedelta(days=1)
            with time_machine.travel(recorded, tick=True), database.write() as session:
                info = repository.create_assessment(
                    session,
                    country="XOS",
                    checklist=checklist,
                    as_of=dt.date.fromisoformat(as_of),
                    assessor="T. Tester",
                )
                for item_id, (response, rationale, evidence) in answers.items():
                    repository.record_answer(
                        session,
                        info.id,
                        item_id,
                        response,
                        actor="T. Tester",
                        rationale=rationale,
                        evidence=[legacy_entry(text) for text in evidence],
                    )
                if final:
                    repository.finalize(session, info.id, actor="T. Tester")
            ids[name], uids[name] = info.id, info.uid
    finally:
        database.close()
    return SmallDb(url, ids, uids)


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> SmallDb:
    path = tmp_path_factory.mktemp("small") / "small.sqlite"
    return _build_small(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo data as ``ctcap demo`` builds it, in a SQLite file."""
    from ctcap.cli.main import main

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    main([f"--db={path}", "demo"])
    return str(path)


@pytest.fixture
def read_session():  # type: ignore[no-untyped-def]
    """Open a read session on a database URL: ``with read_session(url) as session``."""
    from contextlib import contextmanager

    from ctcap.storage.engine import open_database

    opened = []

    @contextmanager
    def reading(url: str) -> Iterator[object]:
        database = open_database(url)
        opened.append(database)
        with database.read() as session:
            yield session

    yield reading
    for database in opened:
        database.close()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def ctcap(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``ctcap`` in this process through its entry point: exit code, stdout, stderr."""
    from ctcap.cli.main import main

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
