"""Rules an answer must keep beyond its scale: treaty facts give the level written."""

from __future__ import annotations

from datetime import date

from ctcap.domain.answers import Response, Special, response_label
from ctcap.domain.model import Checklist
from ctcap.domain.treaty import TREATY_SCALE, TreatyFacts, treaty_level
from ctcap.errors import InvalidAnswerError


def check_facts_give_level(
    checklist: Checklist, item_id: str, response: Response, facts: TreatyFacts | None, as_of: date
) -> None:
    """Refuse an answer whose treaty facts give another level (one rule: ``domain.treaty``)."""
    if facts is None:
        return
    if checklist.scale.id != TREATY_SCALE:
        raise InvalidAnswerError(
            f"{item_id}: treaty facts are for items on the {TREATY_SCALE} scale, "
            f"not {checklist.scale.id!r}"
        )
    standing = treaty_level(facts, as_of)
    if isinstance(response, Special) or response != standing.level:
        given = response_label(standing.level, checklist.scale)
        raise InvalidAnswerError(
            f"{item_id}: its treaty facts give {given} as of {as_of}; change the facts "
            "(`ctcap assessments treaty`), or clear them (--clear) to score it otherwise"
        )
