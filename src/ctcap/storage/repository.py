"""Repository functions: each takes a session and returns plain records.

Writers lock the assessment row first, so answers and audit events of one
assessment are written one transaction at a time on every backend.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.domain.evidence import Confidence, EvidenceEntry
from ctcap.domain.method import AssessmentType, TeamMember, team_json
from ctcap.domain.model import Checklist
from ctcap.domain.summary import RULES as SUMMARY_RULES
from ctcap.domain.summary import summarise, summary_to_json
from ctcap.domain.treaty import TreatyFacts
from ctcap.errors import (
    CtcapError,
    FinalizedError,
    InvalidAnswerError,
    NotFoundError,
)

from . import answer_rules, audit, handling, reading, review
from .answer_codec import KEEP, Keep, facts_of
from .answer_write import answer_record as _record
from .answer_write import (
    check_version,
    refuse_guarded,
    set_response,
    set_support,
    store_change,
)

# Re-exported: the faces read snapshots, make countries and tell the time through here.
from .catalog import ensure_country as ensure_country
from .catalog import list_countries as list_countries
from .catalog import record_checklist_version as record_checklist_version
from .clock import stamp as _stamp
from .clock import stamp_now as stamp_now
from .clock import utcnow as utcnow
from .models import AnswerRow, AssessmentRow, RoundScoreRow
from .records import AnswerRecord, AssessmentDetail, AssessmentInfo
from .snapshots import checklist_snapshot as checklist_snapshot

ORIGINS = (None, "self", "external")  # who assessed a round: not said, itself, outsiders


# Assessments -----------------------------------------------------------------------------


def _info(session: Session, row: AssessmentRow) -> AssessmentInfo:
    return reading.assessment_info(session, row.id)


def create_assessment(
    session: Session,
    *,
    country: str,
    checklist: Checklist,
    as_of: date,
    assessor: str,
    title: str | None = None,
    synthetic: bool = False,
    based_on_id: int | None = None,
    assessment_type: AssessmentType = AssessmentType.UNKNOWN,
    team: Sequence[TeamMember] = (),
    mark: str | None = None,
    names_mark: str | None = None,
    origin: str | None = None,
) -> AssessmentInfo:
    """A new draft round; ``mark`` defaults to the database scheme's default mark.

    ``origin``: ``"self"`` (the country assessed itself), ``"external"`` (an outside
    team) or None; reports pair a self and an external round of one country, date and
    checklist version. The create event records the type, team, marks and origin, so the
    chain vouches for them (and bundles carry them).
    """
    if origin not in ORIGINS:
        raise CtcapError(f"origin {origin!r}: use self or external")
    info = ensure_country(session, country)
    scheme = handling.mark_scheme(session)
    mark = scheme.default if mark is None else scheme.parse(mark)
    names_mark = None if names_mark is None else scheme.parse(names_mark)
    now = utcnow()
    row = AssessmentRow(
        uid=uuid.uuid4().hex,
        country_code=info.code,
        checklist_version_id=record_checklist_version(session, checklist),
        title=title or f"{info.name}: {checklist.title} as of {as_of.isoformat()}",
        as_of=as_of,
        assessor=assessor,
        status="draft",
        synthetic=synthetic or checklist.synthetic or info.fictional,
        based_on_id=based_on_id,
        created_at=now,
        updated_at=now,
        assessment_type=AssessmentType(assessment_type).value,
        team=json.dumps(team_json(team), ensure_ascii=False),
        mark=mark,
        names_mark=names_mark,
        origin=origin,
    )
    session.add(row)
    session.flush()
    _append_create_event(session, row, checklist, actor=assessor, at=now)
    return _info(session, row)


def _append_create_event(
    session: Session, row: AssessmentRow, checklist: Checklist, *, actor: str, at: datetime
) -> None:
    """The chain's first event: what the round is of, its type, team, marks and origin."""
    created: dict[str, str] = {
        "checklist": checklist.id,
        "version": checklist.version,
        "country": row.country_code,
        "as_of": row.as_of.isoformat(),
        **audit.handling_state(row),
    }
    if row.origin is not None:  # absent otherwise: chains written before it hash the same
        created["origin"] = row.origin
    audit.append_event(
        session,
        row,
        kind="create",
        item_id=None,
        actor=actor,
        at=_stamp(at),
        before={},
        after=created,
    )


def list_assessments(session: Session, country: str | None = None) -> list[AssessmentInfo]:
    """Every assessment (or one country's), by country, as-of date, then id."""
    return reading.list_infos(session, country)


# Built once: on the scoring path, building a statement cost more than running it.
_ASSESSMENT = select(AssessmentRow).where(AssessmentRow.id == bindparam("assessment_id"))
# populate_existing: a row this session already holds is refreshed from the locked
# read, so a status another assessor committed meanwhile is seen.
_LOCKED_ASSESSMENT = _ASSESSMENT.with_for_update().execution_options(populate_existing=True)
_LOCKED_ANSWER = (
    select(AnswerRow)
    .where(
        AnswerRow.assessment_id == bindparam("assessment_id"),
        AnswerRow.item_id == bindparam("item_id"),
    )
    .with_for_update()
    .execution_options(populate_existing=True)  # the committed version, never a cached one
)


def _row(session: Session, assessment_id: int, *, lock: bool = False) -> AssessmentRow:
    query = _LOCKED_ASSESSMENT if lock else _ASSESSMENT
    row = session.scalar(query, {"assessment_id": assessment_id})
    if row is None:
        raise NotFoundError(f"assessment {assessment_id} not found")
    return row


def get_assessment(session: Session, assessment_id: int) -> AssessmentDetail:
    row = _row(session, assessment_id)
    answers = session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == row.id))
    return AssessmentDetail(
        info=_info(session, row),
        checklist=checklist_snapshot(session, row.checklist_version_id),
        answers={a.item_id: _record(a) for a in answers},
    )


def writable_assessment(session: Session, assessment_id: int) -> AssessmentRow:
    """The assessment, locked for writing; a final one is refused."""
    row = _row(session, assessment_id, lock=True)
    if row.status == "final":
        raise FinalizedError(
            f"assessment {assessment_id} is final and read-only; reopen it to change it"
        )
    return row


def check_response(checklist: Checklist, item_id: str, response: Response | None) -> None:
    try:
        checklist.item(item_id)
    except KeyError:
        raise NotFoundError(
            f"unknown item {item_id!r} in checklist {checklist.id!r} {checklist.version}"
        ) from None
    is_level = isinstance(response, int) and not isinstance(response, Special)
    if is_level and response not in checklist.scale.values:
        allowed = ", ".join(str(v) for v in checklist.scale.values)
        raise InvalidAnswerError(
            f"level {response} is not on scale {checklist.scale.id!r} ({allowed})"
        )


def record_answer(
    session: Session,
    assessment_id: int,
    item_id: str,
    response: Response | None,
    *,
    actor: str,
    rationale: str | None = None,
    evidence: Sequence[EvidenceEntry] | None = None,
    expected_version: int | None = None,
    consensus: bool = False,
    confidence: Confidence | Keep | None = KEEP,
    facts: TreatyFacts | Keep | None = KEEP,
    mark: str | Keep | None = KEEP,
) -> AnswerRecord:
    """Write one answer and its audit event. ``response=None`` clears the item.

    ``expected_version`` is the answer version the writer last saw (0: none yet);
    a stale one is refused with ``ConflictError`` carrying the current answer.
    ``rationale`` and ``evidence`` of None, and ``confidence``, ``facts`` and ``mark`` of
    ``KEEP``, keep what is stored. Treaty facts must give the level written
    (``domain.treaty``). A round in review takes no answers; a panel's round only its
    consensus (``consensus.record_consensus``).
    """
    assessment = writable_assessment(session, assessment_id)
    refuse_guarded(session, assessment_id, consensus=consensus)
    checklist = checklist_snapshot(session, assessment.checklist_version_id)
    check_response(checklist, item_id, response)
    if isinstance(mark, str):  # checked before the row is touched (a query would flush it)
        mark = handling.mark_scheme(session).parse(mark)
    row = session.scalar(_LOCKED_ANSWER, {"assessment_id": assessment_id, "item_id": item_id})
    check_version(row, item_id, expected_version, checklist)
    before = audit.answer_state(row)
    if row is None:
        row = AnswerRow(
            assessment_id=assessment_id, item_id=item_id, version=0, rationale="", evidence="[]"
        )
        session.add(row)
    set_response(row, response)
    if response is not None:
        set_support(row, rationale, evidence, confidence, facts, mark)
        answer_rules.check_facts_give_level(
            checklist, item_id, response, facts_of(row.facts), assessment.as_of
        )
    after = audit.answer_state(row)
    if after == before and row.version > 0:
        return _record(row)  # nothing changed: no new version, no event
    store_change(session, assessment, row, actor=actor, before=before, after=after)
    return _record(row)


def set_cursor(session: Session, assessment_id: int, item_id: str | None) -> None:
    """Remember where the assessor was: UI state, not part of the record or its audit."""
    _row(session, assessment_id).cursor_item_id = item_id


def missing_items(session: Session, assessment: AssessmentRow) -> list[str]:
    """The round's unanswered items, in checklist order (N/A and 'unknown' are answers)."""
    checklist = checklist_snapshot(session, assessment.checklist_version_id)
    answered = set(
        session.scalars(
            select(AnswerRow.item_id).where(
                AnswerRow.assessment_id == assessment.id,
                (AnswerRow.level.is_not(None)) | (AnswerRow.special.is_not(None)),
            )
        )
    )
    return [item.id for item in checklist.items() if item.id not in answered]


def finalize(session: Session, assessment_id: int, *, actor: str) -> AssessmentInfo:
    assessment = writable_assessment(session, assessment_id)
    checklist = checklist_snapshot(session, assessment.checklist_version_id)
    missing = missing_items(session, assessment)
    if missing:
        raise CtcapError(
            f"assessment {assessment_id} cannot be finalized: {len(missing)} item(s) "
            f"unanswered, first {missing[0]!r} (N/A and 'unknown' count as answers)"
        )
    review.check_finalizable(session, assessment_id)
    now = utcnow()
    assessment.status, assessment.finalized_at, assessment.updated_at = "final", now, now
    event = audit.append_event(
        session,
        assessment,
        kind="finalize",
        item_id=None,
        actor=actor,
        at=_stamp(now),
        before={"status": "draft"},
        after={"status": "final"},
    )
    summary = summarise(checklist, reading.responses_of(session, assessment_id))
    session.merge(
        RoundScoreRow(
            assessment_id=assessment_id,
            rules=SUMMARY_RULES,
            event_seq=event.seq,
            summary=summary_to_json(summary),
        )
    )
    return _info(session, assessment)


def reopen(session: Session, assessment_id: int, *, actor: str, reason: str) -> AssessmentInfo:
    assessment = _row(session, assessment_id, lock=True)
    if assessment.status != "final":
        raise CtcapError(f"assessment {assessment_id} is not final; nothing to reopen")
    now = utcnow()
    assessment.status, assessment.finalized_at, assessment.updated_at = "draft", None, now
    session.execute(delete(RoundScoreRow).where(RoundScoreRow.assessment_id == assessment_id))
    review.reset_on_reopen(session, assessment_id)
    audit.append_event(
        session,
        assessment,
        kind="reopen",
        item_id=None,
        actor=actor,
        at=_stamp(now),
        before={"status": "final"},
        after={"status": "draft", "reason": reason},
    )
    return _info(session, assessment)
