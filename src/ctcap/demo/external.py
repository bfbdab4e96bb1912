"""The demonstration's external round: a fictional mission scores Borelia (XBB) as a panel.

Borelia's 2025 self-assessment of the capacity-building checklist has an external
counterpart of the same date, scored blind by three synthetic panel members (who tend
to see a little less than the country saw of itself), revealed by the lead, with the
unanimous items adopted and the rest still to be discussed: a draft, so the portfolio
still reports the self-assessment. Everything is invented and marked synthetic.
"""

from __future__ import annotations

import random
from datetime import date

from ctcap.domain.answers import Response, Special
from ctcap.domain.method import AssessmentType
from ctcap.domain.model import Checklist
from ctcap.storage import consensus, panels, repository
from ctcap.storage.engine import Database

EXTERNAL_COUNTRY = "XBB"
EXTERNAL_CHECKLIST = "ct-capacity-building"
EXTERNAL_DATE = date(2025, 6, 30)
MEMBERS = ("mission-lead", "mission-member-2", "mission-member-3")


def is_paired_self_round(country: str, checklist_id: str, as_of: date) -> bool:
    """The self-assessment the external round is compared with."""
    return (country, checklist_id, as_of) == (EXTERNAL_COUNTRY, EXTERNAL_CHECKLIST, EXTERNAL_DATE)


def build_external_round(database: Database, checklists: list[Checklist], seed: int) -> int:
    """The external panel round of Borelia; the number of members' answers written."""
    checklist = next((c for c in checklists if c.id == EXTERNAL_CHECKLIST), None)
    if checklist is None:
        return 0
    rng = random.Random(seed)
    lead = MEMBERS[0]
    with database.write() as session:
        mine = next(
            info
            for info in repository.list_assessments(session, EXTERNAL_COUNTRY)
            if is_paired_self_round(info.country_code, info.checklist_id, info.as_of)
        )
        own = repository.get_assessment(session, mine.id).responses
        info = repository.create_assessment(
            session, country=EXTERNAL_COUNTRY, checklist=checklist, as_of=EXTERNAL_DATE,
            assessor=lead, synthetic=True, origin="external",
            assessment_type=AssessmentType.JOINT_EXTERNAL, mark=mine.mark,
            title="Borelia (fictional): external mission, synthetic",
        )  # fmt: skip
        panels.create_panel(session, info.id, lead=lead, members=MEMBERS[1:], actor=lead)
        values = checklist.scale.values
        written = 0
        for item in checklist.items():
            seen = own.get(item.id)
            for member in MEMBERS:
                response: Response
                if seen is None or isinstance(seen, Special):
                    response = seen or Special.NO_INFORMATION  # N/A stays N/A
                else:
                    index = values.index(seen) + rng.choice((-1, -1, 0, 0, 0, 1))
                    response = values[max(0, min(len(values) - 1, index))]
                panels.record_member_answer(
                    session, info.id, member, item.id, response,
                    rationale="Synthetic demo: a fictional mission member's own answer.",
                )  # fmt: skip
                written += 1
        panels.reveal(session, info.id, actor=lead)
        consensus.adopt_unanimous(
            session, info.id, actor=lead,
            rationale="Synthetic demo: every member of the fictional mission answered alike.",
        )  # fmt: skip
    return written
