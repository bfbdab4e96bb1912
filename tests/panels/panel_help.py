"""Helpers the panel tests import (fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ctcap.storage import panels
from ctcap.storage import repository as repo
from ctcap.storage.engine import Database
from in_process_cli import Ran as Ran


def refused(ran: Ran, needle: str) -> str:
    """A run that failed with exit 1 and one stderr line containing ``needle``."""
    assert ran.code == 1, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert needle in lines[0], lines[0]
    return lines[0]


def new_round(
    database: Database, checklist: Any, country: str = "KEN", as_of: date = date(2026, 3, 1)
) -> int:
    with database.write() as session:
        return repo.create_assessment(
            session, country=country, checklist=checklist, as_of=as_of, assessor="ana"
        ).id


def panel_round(
    database: Database, checklist: Any, members: tuple[str, ...] = ("ana", "ben", "cy")
) -> int:
    """A draft KEN round with a panel led by the first member."""
    assessment_id = new_round(database, checklist)
    with database.write() as session:
        panels.create_panel(
            session, assessment_id, lead=members[0], members=members[1:], actor=members[0]
        )
    return assessment_id


def login_url(postgres_url: str, login: str) -> str:
    return postgres_url.replace("://ctcap@", f"://{login}@")
