"""The next round of an assessment, on the current version of its checklist.

Checklists evolve, records do not: an assessment always reads the checklist
snapshot it was created with. A new round takes today's version and carries the
previous round's answers forward only where the question is still the same one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from ctcap.domain.method import AssessmentType, TeamMember
from ctcap.domain.model import Checklist
from ctcap.domain.rounds import reworded
from ctcap.domain.treaty import treaty_level
from ctcap.errors import CtcapError

from . import audit, repository
from .models import AnswerRow
from .records import AssessmentDetail, AssessmentInfo


@dataclass(frozen=True)
class NextRound:
    info: AssessmentInfo
    previous_id: int
    carried: tuple[str, ...]  # answered as in the previous round
    rescore: tuple[str, ...]  # reworded: unanswered, flagged needs_rescore
    added: tuple[str, ...]  # new in this version: unanswered
    removed: tuple[str, ...]  # gone from this version: their answers stay in the old round


def start_next_round(
    session: Session,
    previous_id: int,
    checklist: Checklist,
    as_of: date,
    assessor: str,
    *,
    title: str | None = None,
    assessment_type: AssessmentType = AssessmentType.UNKNOWN,
    team: Sequence[TeamMember] = (),
    mark: str | None = None,
    names_mark: str | None = None,
    origin: str | None = None,
) -> NextRound:
    """Start a round after ``previous_id`` on ``checklist`` (the same checklist id).

    An item is unchanged unless ``domain.rounds.reworded`` says otherwise. Its
    previous answer (level or special answer, rationale, evidence) is carried
    forward through ``record_answer``, so each carried answer is an audited event
    by ``assessor``. A changed item is *not* carried: an answer given to another
    question would be scored as if it answered this one. It starts unanswered with
    ``needs_rescore=True``, so ``finalize`` refuses until someone re-scores it; the
    old answer stays readable in the previous round (``based_on_id``). A
    ``carry-forward`` event records the source round and each list.

    Evidence is carried with its dates and grades, so evidence that has grown stale by
    the new as-of date shows as stale; confidence and answer marks are carried too.
    Treaty facts are carried and give the level again as of the new date (a deposit
    made between the rounds counts). The round's mark is the previous round's unless
    ``mark`` says otherwise (and so its names' mark); its type and team are its own.
    """
    previous = repository.get_assessment(session, previous_id)
    if previous.info.checklist_id != checklist.id:
        raise CtcapError(
            f"assessment {previous_id} uses checklist {previous.info.checklist_id!r}, "
            f"not {checklist.id!r}: a new round keeps its checklist"
        )
    info = repository.create_assessment(
        session,
        country=previous.info.country_code,
        checklist=checklist,
        as_of=as_of,
        assessor=assessor,
        title=title,
        synthetic=previous.info.synthetic,
        based_on_id=previous_id,
        assessment_type=assessment_type,
        team=team,
        mark=previous.info.mark if mark is None else mark,
        names_mark=previous.info.names_mark if names_mark is None else names_mark,
        origin=origin,
    )
    items = _sort_items(previous, checklist)
    now = _append_carry_event(session, info.id, previous, assessor, items)
    _carry_answers(session, info.id, previous, items.carry, as_of, assessor)
    _flag_rescore(session, info.id, items.rescore, assessor, now)
    session.flush()
    carried, rescore, added, removed = (tuple(ids) for ids in items)
    return NextRound(info, previous_id, carried, rescore, added, removed)


class _SortedItems(NamedTuple):
    carry: list[str]
    rescore: list[str]
    added: list[str]
    removed: list[str]


def _sort_items(previous: AssessmentDetail, checklist: Checklist) -> _SortedItems:
    """The new version's items carried, to re-score and added; the old one's removed."""
    old = {item.id: item for item in previous.checklist.items()}
    old_scale, new_scale = previous.checklist.scale, checklist.scale
    carry: list[str] = []
    rescore: list[str] = []
    added: list[str] = []
    for item in checklist.items():
        if item.id not in old:
            added.append(item.id)
        elif reworded(old[item.id], old_scale, item, new_scale):
            rescore.append(item.id)
        elif (answer := previous.answers.get(item.id)) and answer.response is not None:
            carry.append(item.id)
    current = {item.id for item in checklist.items()}
    removed = [item_id for item_id in old if item_id not in current]
    return _SortedItems(carry, rescore, added, removed)


def _append_carry_event(
    session: Session,
    assessment_id: int,
    previous: AssessmentDetail,
    assessor: str,
    items: _SortedItems,
) -> datetime:
    """The ``carry-forward`` event, naming the source round and each list; its time."""
    row = repository._row(session, assessment_id, lock=True)
    now = repository.utcnow()
    audit.append_event(
        session,
        row,
        kind="carry-forward",
        item_id=None,
        actor=assessor,
        at=repository._stamp(now),
        before={},
        after={
            "from": previous.info.uid,
            "from_version": previous.info.checklist_version,
            "carried": items.carry,
            "rescore": items.rescore,
            "added": items.added,
            "removed": items.removed,
        },
    )
    session.flush()
    return now


def _carry_answers(
    session: Session,
    assessment_id: int,
    previous: AssessmentDetail,
    carry: list[str],
    as_of: date,
    assessor: str,
) -> None:
    """Each carried answer through ``record_answer``; treaty facts give the level anew."""
    for item_id in carry:
        answer = previous.answers[item_id]
        response = answer.response
        if answer.facts is not None:
            response = treaty_level(answer.facts, as_of).level
        repository.record_answer(
            session,
            assessment_id,
            item_id,
            response,
            actor=assessor,
            rationale=answer.rationale,
            evidence=answer.evidence,
            confidence=answer.confidence,
            facts=answer.facts,
            mark=answer.mark,
        )


def _flag_rescore(
    session: Session, assessment_id: int, rescore: list[str], assessor: str, now: datetime
) -> None:
    """The reworded items: unanswered, flagged so that ``finalize`` waits for a score."""
    for item_id in rescore:
        session.add(
            AnswerRow(
                assessment_id=assessment_id,
                item_id=item_id,
                rationale="",
                evidence="[]",
                assessor=assessor,
                updated_at=now,
                version=0,
                needs_rescore=True,
            )
        )
