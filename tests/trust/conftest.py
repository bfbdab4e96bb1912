"""Shared helpers for the trust tests: the real CLI in-process, databases, assessments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.storage import repository as repo
from ctcap.storage.engine import Database, open_database
from in_process_cli import Ran as Ran
from in_process_cli import in_process_cli, signing_key_in

TRUST = Path(__file__).resolve().parent
REPO = TRUST.parents[1]


@pytest.fixture(autouse=True)
def signing_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every trust test runs as a user with a signing key: exports are signed with it, and
    a bundle signed by one's own key is trusted."""
    return signing_key_in(tmp_path_factory, monkeypatch, "signing-key")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process."""
    return in_process_cli(capsys, monkeypatch)


def _one_line_error(ran: Ran, needle: str) -> str:
    assert ran.code == 1, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def one_line_error() -> Callable[[Ran, str], str]:
    """Check that a run failed with exit 1 and one stderr line containing a needle."""
    return _one_line_error


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


def _new_assessment(database: Database, checklist: Any, country: str = "KEN") -> int:
    with database.write() as session:
        info = repo.create_assessment(
            session, country=country, checklist=checklist, as_of=date(2026, 3, 1), assessor="ana"
        )
    return info.id


@pytest.fixture
def new_assessment() -> Callable[..., int]:
    """Create a draft assessment (KEN, 2026-03-01, by ana) and return its id."""
    return _new_assessment


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester", "PYTHONUNBUFFERED": "1"}
    env.pop("CTCAP_DB", None)
    return env


def _scored(database: Database, checklist: Any, new_assessment: Callable[..., int]) -> int:
    """An assessment with events 1 create, 2-4 answers (sltd-reporting ends at 4 by ben)."""
    assessment_id = new_assessment(database, checklist)
    with database.write() as session:
        repo.record_answer(session, assessment_id, "sltd-reporting", 2, actor="ana")
        repo.record_answer(session, assessment_id, "sltd-screening", 3, actor="ana")
        repo.record_answer(session, assessment_id, "sltd-reporting", 4, actor="ben")
    return assessment_id


@pytest.fixture
def scored(
    database: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> Callable[[], int]:
    """Make an assessment of the minimal checklist with a four-event chain; its id."""
    return lambda: _scored(database, minimal_checklist, new_assessment)
