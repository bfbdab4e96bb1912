"""Shared helpers for the project tests: real databases, real checklists, real rounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.answers import Response
from ctcap.domain.model import AssistanceArea, Checklist
from ctcap.domain.projects import ItemLink, Money, Project, Status
from ctcap.storage import repository
from ctcap.storage.engine import Database

REPO = Path(__file__).resolve().parents[2]
CHECKLISTS = REPO / "checklists"


@pytest.fixture(scope="session")
def bundled() -> dict[str, Checklist]:
    from ctcap.loading.checklists import checklist_files, load_many

    loaded, problems = load_many(checklist_files(CHECKLISTS), CHECKLISTS)
    assert problems == []
    return {c.id: c for c in loaded}


def project(identifier: str = "XM-TEST-1", **changes: Any) -> Project:
    """A complete project (IATI-exportable) with ``changes`` applied."""
    fields: dict[str, Any] = {
        "identifier": identifier,
        "title": "Passport screening equipment",
        "description": "Screening against lost and stolen passports at the airport.",
        "funding_org": "Donor A (fictional)",
        "reporting_org": "Test reporter (fictional)",
        "reporting_org_ref": "XM-TEST",
        "status": Status.CLOSED,
        "recipient_country": "KEN",
        "area": AssistanceArea.IMMIGRATION_CONTROL,
        "actual_start": "2024-01-01",
        "actual_end": "2024-12-31",
        "money": Money("USD", Decimal("1000000.00"), Decimal("900000.00"), Decimal("450000.00")),
        "links": (ItemLink("minimal", "sltd-reporting"),),
    }
    fields.update(changes)
    return Project(**fields)


def final_round(
    database: Database,
    checklist: Checklist,
    country: str,
    as_of: date,
    answers: dict[str, Response],
) -> int:
    """A finalized round with ``answers``; other items are answered ``na``."""
    from ctcap.domain.answers import Special

    with database.write() as session:
        info = repository.create_assessment(
            session, country=country, checklist=checklist, as_of=as_of, assessor="ana"
        )
        for item in checklist.items():
            response = answers.get(item.id, Special.NOT_APPLICABLE)
            repository.record_answer(session, info.id, item.id, response, actor="ana")
        repository.finalize(session, info.id, actor="ana")
    return info.id


def rounds(
    database: Database, checklist: Checklist, country: str, levels: Sequence[tuple[date, int]]
) -> list[int]:
    """Final rounds whose ``sltd-reporting`` answers are ``levels`` (screening at 4)."""
    return [
        final_round(database, checklist, country, when, {"sltd-reporting": level,
                                                          "sltd-screening": 4})
        for when, level in levels
    ]  # fmt: skip
