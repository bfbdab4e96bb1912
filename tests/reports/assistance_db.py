"""A small fixed database for the assistance reports: every flag and every outcome once.

Fictional countries (user-assigned codes, so every round is synthetic) scored on the
bundled ``minimal`` checklist: two immigration-control items on a 1–5 scale, target 4,
``sltd-reporting`` (weight 2) and ``sltd-screening`` (weight 1). Latest final rounds on
2025-06-30; earlier ones on 2023-06-30 give the projects a "before".

- XAA: priority 1.0; Donors A and B on sltd-reporting at overlapping times (⚑), 200 USD
  of 337: over-served; a yen commitment beside it; an aviation project (no gap); one
  project with no area; sltd-reporting 1 → 2 (narrowed).
- XBB: priority 0.5; 10 USD: under-served; sltd-reporting 3 → 4 (closed), screening
  2 → 2 (unchanged).
- XCC: priority 1.5, no project: unserved.
- XDD: priority 0.5, a project without amounts (amount unknown); reporting 4 → 3
  (regressed); one project of 2010 (no baseline), one still running (not re-assessed).
- XEE: never assessed, 50 USD (not assessed). ASEAN: 40 USD, regional. One cancelled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

HOSTILE_TITLE = '=HYPERLINK("http://x") <script>alert("x")</script> & *bold*'
COUNTRIES = {
    "XAA": "Aldoria (fictional)",
    "XBB": "Borelia (fictional)",
    "XCC": "Cassavia (fictional)",
    "XDD": "Dunmere (fictional)",
    "XEE": "Elsmark (fictional)",
}
# country → (2023 reporting, 2023 screening), (2025 reporting, 2025 screening)
ROUNDS = {
    "XAA": ((1, 4), (2, 4)),
    "XBB": ((3, 2), (4, 2)),
    "XCC": ((1, 4), (1, 4)),
    "XDD": ((4, 4), (3, 4)),
}


def _projects() -> list[Any]:
    from ctcap.domain.model import AssistanceArea
    from ctcap.domain.projects import ItemLink, Money, Project, Scheme, Status

    reporting = (ItemLink("minimal", "sltd-reporting"),)
    screening = (ItemLink("minimal", "sltd-screening"),)

    def usd(amount: int) -> Money:
        return Money("USD", None, Decimal(amount), Decimal(amount) / 2)

    def make(identifier: str, country: str | None, **fields: Any) -> Project:
        values: dict[str, Any] = {
            "identifier": identifier,
            "title": f"Passport screening support ({identifier})",
            "funding_org": "Donor A (fictional)",
            "scheme": Scheme.EQUIPMENT,
            "status": Status.CLOSED,
            "recipient_country": country,
            "area": AssistanceArea.IMMIGRATION_CONTROL,
            "actual_start": "2024-01-01",
            "actual_end": "2024-12-31",
            "links": (),
            "synthetic": True,
            "source": "Synthetic: test fixture, describes no real assistance.",
        }
        values.update(fields)
        return Project(**values)

    avi = AssistanceArea.AVIATION_SECURITY
    return [
        make("XX-T-XAA-A", "XAA", money=usd(120), links=reporting, title=HOSTILE_TITLE),
        make("XX-T-XAA-B", "XAA", funding_org="Donor B (fictional)", money=usd(80),
             links=reporting, actual_start="2024-06", actual_end="2025-05"),
        make("XX-T-XAA-JPY", "XAA", money=Money("JPY", None, Decimal(5000))),
        make("XX-T-XAA-AVI", "XAA", area=avi, money=usd(30)),
        make("XX-T-XAA-NOAREA", "XAA", area=None, money=usd(7)),
        make("XX-T-XBB", "XBB", money=usd(10), links=reporting + screening),
        make("XX-T-XDD", "XDD", money=Money(), links=reporting),
        make("XX-T-XDD-2010", "XDD", funding_org="Donor C (fictional)", money=Money(),
             links=screening, actual_start="2010", actual_end="2010-12"),
        make("XX-T-XDD-NOW", "XDD", status=Status.IMPLEMENTATION, money=Money(),
             links=reporting, actual_start="2025-07-01", actual_end=None,
             planned_end="2027"),
        make("XX-T-XEE", "XEE", money=usd(50)),
        make("XX-T-CANCELLED", "XBB", status=Status.CANCELLED, money=usd(1_000_000)),
        make("XX-T-ASEAN", None, recipient_region="ASEAN", money=usd(40)),
    ]  # fmt: skip


def build_assistance_db(path: Path) -> str:
    """Build the database in the SQLite file ``path``; returns its URL."""
    from ctcap.loading.checklists import load_checklist
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database
    from ctcap.storage.projects import add_project

    checklists = Path(__file__).resolve().parents[2] / "checklists"
    minimal = load_checklist(checklists / "minimal.yaml", checklists)
    url = f"sqlite:///{path}"
    database = open_database(url)
    try:
        with database.write() as session:
            for code, name in COUNTRIES.items():
                repository.ensure_country(session, code, name)
        for code, pairs in ROUNDS.items():
            for when, (reporting, screening) in zip(
                (date(2023, 6, 30), date(2025, 6, 30)), pairs, strict=True
            ):
                with database.write() as session:
                    info = repository.create_assessment(
                        session, country=code, checklist=minimal, as_of=when, assessor="ana"
                    )
                    for item, level in (("sltd-reporting", reporting),
                                        ("sltd-screening", screening)):  # fmt: skip
                        repository.record_answer(session, info.id, item, level, actor="ana")
                    repository.finalize(session, info.id, actor="ana")
        with database.write() as session:
            for project in _projects():
                add_project(session, project, actor="ana", checklists={minimal.id: minimal})
    finally:
        database.close()
    return url
