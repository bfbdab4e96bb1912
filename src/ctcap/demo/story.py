"""The demonstration data set: four fictional countries over three rounds, and one
external round scored by a panel (``external``).

Every country here is invented, uses an ISO 3166-1 user-assigned code (X..), and
every assessment is stored with ``synthetic = True``, so every output built from
it carries the synthetic mark. No real country is ever given a score here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ctcap.domain.answers import Response, Special
from ctcap.domain.model import AssistanceArea, Checklist, Item
from ctcap.storage import repository
from ctcap.storage.engine import Database

from .external import EXTERNAL_COUNTRY, build_external_round, is_paired_self_round

DEMO_ASSESSOR = "demo (synthetic)"
# The minimal example checklist exists for tests and first tries, not for the demo; the
# FATF checklists are filled from published ratings (`ctcap data import fatf`), which a
# fictional country does not have.
NOT_IN_DEMO = frozenset({"minimal", "fatf-recommendations", "fatf-immediate-outcomes"})
ROUND_DATES = (date(2023, 6, 30), date(2024, 6, 30), date(2025, 6, 30))


@dataclass(frozen=True)
class FictionalCountry:
    code: str
    name: str
    base: int  # typical starting level
    trend: int  # levels gained per round on improving areas (negative: regressing)
    weak: frozenset[AssistanceArea]  # areas that start one level lower
    landlocked: bool = False  # port and maritime items are not applicable
    last_round_draft: bool = False  # the newest round is still being scored


COUNTRIES = (
    FictionalCountry(
        "XAA",
        "Aldoria (fictional)",
        base=2,
        trend=1,
        weak=frozenset({AssistanceArea.TERRORIST_FINANCING, AssistanceArea.COUNTER_CBRN}),
    ),
    FictionalCountry(
        "XBB",
        "Borelia (fictional)",
        base=3,
        trend=0,
        weak=frozenset({AssistanceArea.AVIATION_SECURITY}),
        landlocked=True,
    ),
    FictionalCountry(
        "XCC",
        "Cassavia (fictional)",
        base=4,
        trend=-1,
        weak=frozenset({AssistanceArea.EXPORT_CONTROL}),
    ),
    FictionalCountry(
        "XDD",
        "Dunmere (fictional)",
        base=1,
        trend=1,
        weak=frozenset({AssistanceArea.LAW_ENFORCEMENT_COOPERATION}),
        last_round_draft=True,
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    countries: int
    assessments: int
    answers: int


def _response(
    country: FictionalCountry, item: Item, checklist: Checklist, round_no: int, rng: random.Random
) -> Response:
    if country.landlocked and item.assistance_area == AssistanceArea.PORT_MARITIME_SECURITY:
        return Special.NOT_APPLICABLE
    if rng.random() < 0.04:
        return Special.NO_INFORMATION
    values = checklist.scale.values
    start = country.base - (1 if item.assistance_area in country.weak else 0)
    # Trends apply to half the items, so each country also has areas that stand still.
    moving = rng.random() < 0.5
    step = country.trend * round_no if moving else 0
    index = start - 1 + step + rng.choice((0, 0, 0, 1, -1))
    return values[max(0, min(len(values) - 1, index))]


def _rationale(item: Item, response: Response, round_no: int) -> str:
    if response == Special.NOT_APPLICABLE:
        return "Synthetic demo: not applicable, the fictional country has no sea ports."
    if response == Special.NO_INFORMATION:
        return "Synthetic demo: the fictional authorities supplied no information."
    descriptor = item.descriptors.get(int(response), "")
    return f"Synthetic demo, round {round_no + 1}: {descriptor}"


def build_demo(database: Database, checklists: list[Checklist], seed: int = 2010) -> DemoSummary:
    """Load the demonstration series; running it again adds nothing twice."""
    rng = random.Random(seed)
    assessments = answers = 0
    with database.write() as session:
        existing = {a.country_code for a in repository.list_assessments(session)}
        for country in COUNTRIES:
            repository.ensure_country(session, country.code, country.name)
    for country in COUNTRIES:
        if country.code in existing:
            continue
        for checklist in (c for c in checklists if c.id not in NOT_IN_DEMO):
            for round_no, as_of in enumerate(ROUND_DATES):
                answers += _build_round(database, country, checklist, round_no, as_of, rng)
                assessments += 1
    # Last, so that the other rounds keep their ids; its answers are the members' own.
    if EXTERNAL_COUNTRY not in existing and build_external_round(database, checklists, seed):
        assessments += 1
    return DemoSummary(len(COUNTRIES), assessments, answers)


def _build_round(
    database: Database,
    country: FictionalCountry,
    checklist: Checklist,
    round_no: int,
    as_of: date,
    rng: random.Random,
) -> int:
    draft = country.last_round_draft and round_no == len(ROUND_DATES) - 1
    items = checklist.items()
    if draft:
        items = items[: len(items) * 2 // 3]  # still being scored
    with database.write() as session:
        info = repository.create_assessment(
            session,
            country=country.code,
            checklist=checklist,
            as_of=as_of,
            assessor=DEMO_ASSESSOR,
            synthetic=True,
            origin="self" if is_paired_self_round(country.code, checklist.id, as_of) else None,
        )
        for item in items:
            response = _response(country, item, checklist, round_no, rng)
            repository.record_answer(
                session,
                info.id,
                item.id,
                response,
                actor=DEMO_ASSESSOR,
                rationale=_rationale(item, response, round_no),
                evidence=[f"synthetic-{country.code.lower()}-{as_of.year}-{item.id}"],
            )
        if not draft:
            repository.finalize(session, info.id, actor=DEMO_ASSESSOR)
    return len(items)
