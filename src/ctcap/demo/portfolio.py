"""A bulk synthetic portfolio for benchmarks: real ISO codes, every score invented.

Every assessment is stored with ``synthetic = True`` so that every report built
from it is marked synthetic; none of these numbers describes a real country.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ctcap.domain.answers import Response, Special
from ctcap.domain.model import Checklist
from ctcap.storage.bulk import BulkRound, bulk_insert_rounds
from ctcap.storage.countries import iso_countries
from ctcap.storage.engine import Database
from ctcap.storage.handling import mark_scheme
from ctcap.storage.repository import utcnow

from .story import demo_mark

BULK_ASSESSOR = "bulk generator (synthetic)"
FIRST_YEAR = 2006
BATCH = 20  # countries per bulk insert: bounds the rows held in memory at once


@dataclass(frozen=True)
class PortfolioSummary:
    countries: int
    assessments: int
    answers: int


def _responses(
    checklist: Checklist, base: float, rng: random.Random
) -> list[tuple[str, Response, str]]:
    values = checklist.scale.values
    out: list[tuple[str, Response, str]] = []
    for item in checklist.items():
        roll = rng.random()
        response: Response
        if roll < 0.03:
            response = Special.NOT_APPLICABLE
        elif roll < 0.06:
            response = Special.NO_INFORMATION
        else:
            index = round(base + rng.gauss(0, 0.8))
            response = values[max(0, min(len(values) - 1, index))]
        out.append((item.id, response, "Synthetic bulk data."))
    return out


def build_portfolio(
    database: Database, checklists: list[Checklist], *, countries: int, rounds: int, seed: int
) -> PortfolioSummary:
    """``countries`` × ``rounds`` × every checklist, one transaction per checklist.

    Rows are generated and inserted ``BATCH`` countries at a time inside that transaction:
    holding a whole checklist's answers and audit events at once took the full portfolio
    (195 × 20) past 300 MB. The random draws come in the same order either way.
    """
    rng = random.Random(seed)
    with database.read() as session:
        mark = demo_mark(mark_scheme(session))
    codes = list(iso_countries())[:countries]
    now = utcnow()
    answers = assessments = 0
    for checklist in checklists:
        top = len(checklist.scale.values) - 1
        with database.write() as session:
            for start in range(0, len(codes), BATCH):
                planned = []
                for code in codes[start : start + BATCH]:
                    base = rng.uniform(0, top * 0.6)
                    drift = rng.uniform(-0.05, 0.15) * top
                    for round_no in range(rounds):
                        as_of = date(FIRST_YEAR + round_no, 6, 30)
                        level = min(top, max(0.0, base + drift * round_no))
                        planned.append(BulkRound(code, as_of, _responses(checklist, level, rng)))
                answers += bulk_insert_rounds(
                    session, checklist, planned, assessor=BULK_ASSESSOR, at=now, mark=mark
                )
                assessments += len(planned)
    return PortfolioSummary(len(codes), assessments, answers)
