"""A small database for the report tests, built through the repository functions.

KEN (a real country, not synthetic) has three rounds of the test checklist across two
versions (1.0 final, 2.0 final, 2.0 draft) and one round of ``minimal``; XAA (fictional,
so synthetic) has one final round; XBB has only a draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHECKLISTS = REPO / "checklists"
DATA = HERE / "data"

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@dataclass(frozen=True)
class ReportDb:
    url: str
    path: Path
    ids: dict[str, int]


def _load(name: str):  # type: ignore[no-untyped-def]
    from ctcap.loading.checklists import load_checklist

    path = DATA / name if (DATA / name).exists() else CHECKLISTS / name
    return load_checklist(path, CHECKLISTS)


def build_report_db(path: Path, url: str | None = None) -> ReportDb:
    """Build the test database in the SQLite file ``path``, or at ``url`` when given."""
    from ctcap.domain.answers import Special
    from ctcap.domain.evidence import Confidence, EvidenceEntry, Grade, SourceType, legacy_entry
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    url = url or f"sqlite:///{path}"
    v1, v2, minimal = (
        _load("report-test-v1.yaml"),
        _load("report-test-v2.yaml"),
        _load("minimal.yaml"),
    )
    na, unknown = Special.NOT_APPLICABLE, Special.NO_INFORMATION
    ids: dict[str, int] = {}
    database = open_database(url)
    try:

        def assess(key, country, checklist, as_of, answers, final=True):  # type: ignore[no-untyped-def]
            with database.write() as session:
                info = repository.create_assessment(
                    session,
                    country=country,
                    checklist=checklist,
                    as_of=dt.date.fromisoformat(as_of),
                    assessor="A. Assessor",
                )
                for item_id, answer in answers.items():
                    response, rationale, evidence = (
                        answer if isinstance(answer, tuple) else (answer, None, None)
                    )
                    repository.record_answer(
                        session,
                        info.id,
                        item_id,
                        response,
                        actor="A. Assessor",
                        rationale=rationale or f"Rationale for {item_id}.",
                        evidence=evidence,
                        confidence=Confidence.MEDIUM if evidence else None,
                    )
                if final:
                    repository.finalize(session, info.id, actor="A. Assessor")
            ids[key] = info.id

        with database.write() as session:
            repository.ensure_country(session, "XAA", "Republic of Xaa")
            repository.ensure_country(session, "XBB", "Xbb Islands")
        assess(
            "ken1",
            "KEN",
            v1,
            "2022-06-01",
            {
                "b-watchlist": 2,
                "b-sltd": 3,
                "b-cargo": 3,
                "f-str": 3,
                "f-freeze": 2,
                "c-1540": 3,
                "c-conventions": 2,
                "c-labs": 2,
            },
        )
        assess("kenmin", "KEN", minimal, "2023-01-15", {"sltd-reporting": 4, "sltd-screening": 3})
        assess(
            "ken2",
            "KEN",
            v2,
            "2024-06-01",
            {
                "b-watchlist": (
                    3,
                    "Legal basis adopted; screening partial.",
                    [
                        EvidenceEntry(
                            ref="watch-list legal basis",
                            type=SourceType.LEGISLATION,
                            date="2023-11",
                            grade=Grade.A,
                        )
                    ],
                ),
                "b-sltd": 4,
                "b-cargo": (2, "Targeting unit lost its staff.", None),
                "f-str": 4,
                "f-freeze": (unknown, "No access to the freezing records.", None),
                "c-1540": na,
                "c-conventions": (3, HOSTILE, [legacy_entry("ratification list")]),
                "c-radiation": 1,
            },
        )
        assess("ken3", "KEN", v2, "2025-02-01", {"b-watchlist": 4, "b-sltd": 4}, final=False)
        assess(
            "xaa1",
            "XAA",
            v2,
            "2024-03-01",
            {
                "b-watchlist": 4,
                "b-sltd": 5,
                "b-cargo": 3,
                "f-str": 2,
                "f-freeze": 3,
                "c-1540": 4,
                "c-conventions": 5,
                "c-radiation": 2,
            },
        )
        assess("xbb1", "XBB", v2, "2024-09-01", {"b-watchlist": 1}, final=False)
    finally:
        database.close()
    return ReportDb(url, path, ids)


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> ReportDb:
    return build_report_db(tmp_path_factory.mktemp("reports") / "reports.sqlite")


@pytest.fixture
def session(report_db: ReportDb) -> Iterator[object]:
    from ctcap.storage.engine import open_database

    database = open_database(report_db.url)
    try:
        with database.read() as session:
            yield session
    finally:
        database.close()
