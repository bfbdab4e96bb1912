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
from ctcap.domain.evidence import Confidence, EvidenceEntry, Grade, SourceType
from ctcap.domain.marks import MarkScheme
from ctcap.domain.method import AssessmentType, TeamMember
from ctcap.domain.model import AssistanceArea, Checklist, Item
from ctcap.storage import repository
from ctcap.storage.engine import Database
from ctcap.storage.handling import mark_scheme

from .external import EXTERNAL_COUNTRY, build_external_round, is_paired_self_round

DEMO_ASSESSOR = "demo (synthetic)"
# The minimal example checklist exists for tests and first tries, not for the demo; the
# FATF checklists are filled from published ratings (`ctcap data import fatf`), which a
# fictional country does not have.
NOT_IN_DEMO = frozenset({"minimal", "fatf-recommendations", "fatf-immediate-outcomes"})
ROUND_DATES = (date(2023, 6, 30), date(2024, 6, 30), date(2025, 6, 30))
# How each round was made, and by whom: invented teams of invented people.
ROUND_TYPES = (
    AssessmentType.SELF_ASSESSMENT,
    AssessmentType.DESK_REVIEW,
    AssessmentType.ON_SITE_VISIT,
)
DEMO_TEAM = (
    TeamMember(name="Demo Lead (fictional)", organisation="Demo Ministry (fictional)",
               role="lead assessor"),
    TeamMember(name="Demo Analyst (fictional)", organisation="Demo Ministry (fictional)",
               role="analyst"),
)  # fmt: skip
VISIT_MEMBER = TeamMember(
    name="Demo Visitor (fictional)", organisation="Demo Partner Agency (fictional)",
    role="external expert",
)  # fmt: skip
EVIDENCE_TYPES = tuple(t for t in SourceType if t is not SourceType.UNKNOWN)


@dataclass(frozen=True)
class FictionalCountry:
    code: str
    name: str
    base: int  # typical starting level
    trend: int  # levels gained per round on improving areas (negative: regressing)
    weak: frozenset[AssistanceArea]  # areas that start one level lower
    landlocked: bool = False  # port and maritime items are not applicable
    last_round_draft: bool = False  # the newest round is still being scored
    mark: str = "GREEN"  # TLP 2.0; the lowest level on a database with its own scheme


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
        mark="CLEAR",
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


def demo_mark(scheme: MarkScheme, wanted: str = "GREEN") -> str:
    """A demo round's mark: GREEN or CLEAR under TLP, else the scheme's most open level."""
    return wanted if scheme.is_tlp else scheme.lowest


def _team(round_no: int) -> tuple[TeamMember, ...]:
    return (
        (*DEMO_TEAM, VISIT_MEMBER)
        if ROUND_TYPES[round_no] is AssessmentType.ON_SITE_VISIT
        else DEMO_TEAM
    )


def _evidence(
    country: FictionalCountry, item: Item, as_of: date, rng: random.Random
) -> list[EvidenceEntry]:
    """One or two invented entries: typed, graded, dated in the months before the round
    (now and then years before, so stale evidence shows; now and then undated)."""
    entries = []
    for n in range(rng.choice((1, 1, 2))):
        months = rng.choice((1, 3, 6, 9, 14, 70))
        year, month = as_of.year - (months // 12), as_of.month - months % 12
        if month < 1:
            year, month = year - 1, month + 12
        dated = rng.random() > 0.08
        entries.append(
            EvidenceEntry(
                ref=f"synthetic-{country.code.lower()}-{as_of.year}-{item.id}"
                + (f"-{n + 1}" if n else ""),
                type=rng.choice(EVIDENCE_TYPES),
                date=f"{year:04d}-{month:02d}" if dated else None,
                grade=rng.choice((Grade.A, Grade.B, Grade.B, Grade.C, Grade.C, Grade.D, Grade.F)),
            )
        )
    return entries


def build_demo(database: Database, checklists: list[Checklist], seed: int = 2010) -> DemoSummary:
    """Load the demonstration series; running it again adds nothing twice.

    The levels come from one random stream and the evidence, confidence and marks
    from another, so adding the latter left the demo's scores as they were.
    """
    rng = random.Random(seed)
    meta = random.Random(seed + 1)
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
                answers += _build_round(database, country, checklist, round_no, as_of, (rng, meta))
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
    streams: tuple[random.Random, random.Random],
) -> int:
    rng, meta = streams
    draft = country.last_round_draft and round_no == len(ROUND_DATES) - 1
    items = checklist.items()
    if draft:
        items = items[: len(items) * 2 // 3]  # still being scored
    paired = is_paired_self_round(country.code, checklist.id, as_of)
    with database.write() as session:
        info = repository.create_assessment(
            session,
            country=country.code,
            checklist=checklist,
            as_of=as_of,
            assessor=DEMO_ASSESSOR,
            synthetic=True,
            # The round an external mission is compared with is the country's own.
            assessment_type=AssessmentType.SELF_ASSESSMENT if paired else ROUND_TYPES[round_no],
            team=_team(round_no),
            mark=demo_mark(mark_scheme(session), country.mark),
            origin="self" if paired else None,
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
                evidence=_evidence(country, item, as_of, meta),
                confidence=meta.choice(
                    (Confidence.HIGH, Confidence.MEDIUM, Confidence.MEDIUM, Confidence.LOW)
                ),
            )
        if not draft:
            repository.finalize(session, info.id, actor=DEMO_ASSESSOR)
    return len(items)
