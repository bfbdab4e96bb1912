"""Bulk reads: many assessments in a few queries, not two per assessment.

``repository.get_assessment`` reads one assessment at a time, which is right for
scoring one assessment and slow for a portfolio of hundreds of countries, a history
of twenty rounds, or the TUI's list of countries. These functions return the
same plain records (``AssessmentInfo``, ``AssessmentDetail``), built from one query
over assessments (with their country and checklist version) and one over answers.
Checklist snapshots are parsed once per version, through the repository's cache.

The queries run through the session's Core connection: the rows are plain column
values, so the ORM's per-row result processing (a third of the portfolio's time on
a large database) is skipped. They are ``select()`` constructs, the same on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.domain.marks import Release
from ctcap.domain.method import AssessmentType, team_from_json
from ctcap.domain.model import Checklist
from ctcap.domain.rounds import previous_round, reported_round
from ctcap.domain.summary import RULES as SUMMARY_RULES
from ctcap.domain.summary import RoundSummary, summary_from_json
from ctcap.errors import NotFoundError

from .answer_codec import confidence_of, evidence_of, facts_of
from .countries import normalise_code
from .models import (
    AnswerEventRow,
    AnswerRow,
    AssessmentRow,
    ChecklistVersionRow,
    CountryRow,
    RoundScoreRow,
)
from .panel_models import RoundReviewRow
from .records import AnswerRecord, AssessmentDetail, AssessmentInfo
from .release import released_answer, released_infos
from .snapshots import checklist_snapshot

# A select of any columns.
_Query = Select[*tuple[Any, ...]]

# SQLite allows 32 766 bound parameters per statement; stay well below it.
_CHUNK = 900
_SPECIALS = {s.value: s for s in Special}
_EMPTY_LIST = "[]"

# AssessmentInfo's fields, in its order (tests/storage/test_storage_reading.py checks it).
_INFO_COLUMNS = (
    AssessmentRow.id,
    AssessmentRow.uid,
    AssessmentRow.country_code,
    CountryRow.name.label("country_name"),
    ChecklistVersionRow.checklist_id,
    ChecklistVersionRow.version,
    AssessmentRow.checklist_version_id,
    AssessmentRow.title,
    AssessmentRow.as_of,
    AssessmentRow.assessor,
    AssessmentRow.status,
    AssessmentRow.synthetic,
    AssessmentRow.based_on_id,
    AssessmentRow.cursor_item_id,
    AssessmentRow.created_at,
    AssessmentRow.updated_at,
    func.coalesce(RoundReviewRow.state, "draft").label("review_state"),
    RoundReviewRow.approved_by,
    RoundReviewRow.approved_at,
    AssessmentRow.assessment_type,
    AssessmentRow.team,
    AssessmentRow.mark,
    AssessmentRow.names_mark,
    AssessmentRow.origin,
)
_TYPES = {t.value: t for t in AssessmentType}


def _rows(session: Session, query: _Query) -> Sequence[Any]:
    """Core rows from the session's connection (in its transaction), not ORM results."""
    return session.connection().execute(query).all()


def driver_rows(session: Session, query: _Query) -> list[tuple[Any, ...]]:
    """The driver's own tuples for ``query``, in the session's transaction.

    For columns the driver already returns as the values we use (integers, text):
    no result processing and no Row objects, which on tens of thousands of answers
    costs more than the query (and feeds the garbage collector). The statement goes
    through the connection as usual, so its compiled form is cached (compiling an
    IN list of 900 ids each time cost more than running it); only the fetch skips
    SQLAlchemy's rows, by reading the result's DBAPI cursor.
    """
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _info(row: Sequence[Any]) -> AssessmentInfo:
    *columns, assessment_type, team, mark, names_mark, origin = row
    members = () if team == _EMPTY_LIST else team_from_json(json.loads(team))
    # In AssessmentInfo's order: the columns, then type, team, mark and names' mark.
    # names_withheld (None: a release sets it later), then the origin.
    values = [*columns, _TYPES[assessment_type], members, mark, names_mark, None, origin]
    return AssessmentInfo(*values)


def _select() -> _Query:
    return (
        select(*_INFO_COLUMNS)
        .join(CountryRow, CountryRow.code == AssessmentRow.country_code)
        .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
        .outerjoin(RoundReviewRow, RoundReviewRow.assessment_id == AssessmentRow.id)
    )


def _ordered(query: _Query) -> _Query:
    return query.order_by(AssessmentRow.country_code, AssessmentRow.as_of, AssessmentRow.id)


def assessment_info(session: Session, assessment_id: int) -> AssessmentInfo:
    rows = _rows(session, _select().where(AssessmentRow.id == assessment_id))
    if not rows:
        raise NotFoundError(f"assessment {assessment_id} not found")
    return _info(rows[0])


def country_name(session: Session, code: str) -> str | None:
    """The name this database records for country ``code``; None when it has none."""
    rows = _rows(session, select(CountryRow.name).where(CountryRow.code == code))
    return rows[0].name if rows else None


def list_infos(
    session: Session, country: str | None = None, release: Release | None = None
) -> list[AssessmentInfo]:
    """As ``repository.list_assessments``, in one query: by country, date, then id.

    With ``release``, only the rounds it lets out, names withheld where marked above it.
    """
    query = _ordered(_select())
    if country is not None:
        query = query.where(AssessmentRow.country_code == normalise_code(country))
    return released_infos((_info(row) for row in _rows(session, query)), release)


def recent_country(session: Session) -> str | None:
    """The country of the assessment changed last (the TUI's list starts there)."""
    return session.scalar(
        select(AssessmentRow.country_code)
        .order_by(AssessmentRow.updated_at.desc(), AssessmentRow.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class _NarrowRound:
    """A round as the round rules see it, from a narrow row (``domain.rounds.Round``)."""

    id: int
    as_of: Any  # ISO text on SQLite, a date on PostgreSQL: they order alike
    checklist_id: str
    based_on_id: int | None
    is_final: bool
    origin: str | None


def portfolio_infos(session: Session, release: Release | None = None) -> list[AssessmentInfo]:
    """What the portfolio reads of each country × checklist (of the rounds ``release`` lets
    out: the others are not candidates at all).

    Where there is a final round: the latest final (``domain.rounds.reported_round``)
    and its ``previous_round``. Where there is none: every round (drafts only, listed
    as pending). The rounds are chosen from narrow rows (id, keys, status, date,
    based-on); only the chosen ones are read whole. On SQLite this is several times
    faster than ranking with a window function, which sorts every round of twenty years.
    """
    versions: dict[int, str] = dict(
        driver_rows(session, select(ChecklistVersionRow.id, ChecklistVersionRow.checklist_id))
    )
    narrow = select(
        AssessmentRow.id,
        AssessmentRow.country_code,
        AssessmentRow.checklist_version_id,
        AssessmentRow.status,
        AssessmentRow.as_of,
        AssessmentRow.based_on_id,
        AssessmentRow.mark,
        AssessmentRow.origin,
    )
    series: dict[tuple[str, str], list[_NarrowRound]] = {}
    for row_id, code, version_id, status, as_of, based_on, mark, origin in driver_rows(
        session, narrow
    ):
        if release is not None and not release.shows(mark):
            continue
        checklist_id = versions[version_id]
        found = _NarrowRound(row_id, as_of, checklist_id, based_on, status == "final", origin)
        series.setdefault((code, checklist_id), []).append(found)
    chosen: list[int] = []
    for rounds in series.values():
        subject = reported_round(rounds)
        if subject is None or not subject.is_final:
            chosen += (r.id for r in rounds)
            continue
        chosen.append(subject.id)
        before = previous_round(rounds, subject)
        if before is not None:
            chosen.append(before.id)
    chosen.sort()
    infos: list[AssessmentInfo] = []
    for chunk in _chunks(chosen):
        infos += (_info(r) for r in _rows(session, _select().where(AssessmentRow.id.in_(chunk))))
    return released_infos(infos, release)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def stored_response(level: int | None, special: str | None) -> Response | None:
    """An answer's response from its two columns: None when it is unanswered."""
    if special is not None:
        return _SPECIALS[special]
    return level


def snapshots(session: Session, infos: Iterable[AssessmentInfo]) -> dict[int, Checklist]:
    """The checklist of each version among ``infos``, by version id: parsed once each."""
    return {
        version_id: checklist_snapshot(session, version_id)
        for version_id in sorted({info.checklist_version_id for info in infos})
    }


def load_details(
    session: Session, infos: Sequence[AssessmentInfo], release: Release | None = None
) -> dict[int, AssessmentDetail]:
    """The details of ``infos``, by id, with every answer's rationale and evidence (withheld
    where ``release`` says so)."""
    ids = [info.id for info in infos]
    answers: dict[int, dict[str, AnswerRecord]] = {i: {} for i in ids}
    columns = (
        AnswerRow.assessment_id,
        AnswerRow.item_id,
        AnswerRow.level,
        AnswerRow.special,
        AnswerRow.rationale,
        AnswerRow.evidence,
        AnswerRow.assessor,
        AnswerRow.updated_at,
        AnswerRow.version,
        AnswerRow.needs_rescore,
        AnswerRow.confidence,
        AnswerRow.facts,
        AnswerRow.mark,
    )
    for chunk in _chunks(ids):
        query = select(*columns).where(AnswerRow.assessment_id.in_(chunk))
        for row in _rows(session, query):
            answers[row.assessment_id][row.item_id] = AnswerRecord(
                item_id=row.item_id,
                response=stored_response(row.level, row.special),
                rationale=row.rationale,
                evidence=evidence_of(row.evidence),
                assessor=row.assessor,
                updated_at=row.updated_at,
                version=row.version,
                needs_rescore=row.needs_rescore,
                confidence=confidence_of(row.confidence),
                facts=facts_of(row.facts),
                mark=row.mark,
            )
    checklists = snapshots(session, infos)
    if release is not None:
        for info in infos:
            mine = answers[info.id]
            for item_id, answer in mine.items():
                mine[item_id] = released_answer(answer, info, release)
    return {
        info.id: AssessmentDetail(
            info=info, checklist=checklists[info.checklist_version_id], answers=answers[info.id]
        )
        for info in infos
    }


def _answered(
    session: Session, infos: Sequence[AssessmentInfo], extra: Sequence[Any] = ()
) -> Iterable[tuple[Any, ...]]:
    """(assessment id, item id, response, *extra) of every answered item of ``infos``."""
    columns = (AnswerRow.assessment_id, AnswerRow.item_id, AnswerRow.level, AnswerRow.special)
    specials = _SPECIALS
    for chunk in _chunks([info.id for info in infos]):
        query = select(*columns, *extra).where(AnswerRow.assessment_id.in_(chunk))
        for assessment_id, item_id, level, special, *more in driver_rows(session, query):
            if special is not None:
                yield assessment_id, item_id, specials[special], *more
            elif level is not None:
                yield assessment_id, item_id, level, *more


def load_responses(
    session: Session, infos: Sequence[AssessmentInfo]
) -> dict[int, dict[str, Response]]:
    """Only the answered items' responses, by assessment id: what scoring needs."""
    return _responses_by_id(session, [info.id for info in infos])


def responses_of(session: Session, assessment_id: int) -> dict[str, Response]:
    """One assessment's answered items: what scoring needs, without its details."""
    return _responses_by_id(session, [assessment_id])[assessment_id]


def _responses_by_id(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Response]]:
    found: dict[int, dict[str, Response]] = {i: {} for i in ids}
    columns = (AnswerRow.assessment_id, AnswerRow.item_id, AnswerRow.level, AnswerRow.special)
    specials = _SPECIALS
    for chunk in _chunks(ids):
        query = select(*columns).where(AnswerRow.assessment_id.in_(chunk))
        # The hot loop of the portfolio (40,000 answers): no generator, no unpacking.
        for assessment_id, item_id, level, special in driver_rows(session, query):
            if special is not None:
                found[assessment_id][item_id] = specials[special]
            elif level is not None:
                found[assessment_id][item_id] = level
    return found


def load_summaries(session: Session, infos: Sequence[AssessmentInfo]) -> dict[int, RoundSummary]:
    """The stored summaries of ``infos`` that still hold, by assessment id.

    One holds while its event is the assessment's last audit event and it was made with
    today's scoring rules; the others are left out, for the caller to score afresh.
    """
    found: dict[int, RoundSummary] = {}
    # The unique (assessment_id, seq) index answers each MAX(seq) with one seek.
    last_seq = (
        select(func.max(AnswerEventRow.seq))
        .where(AnswerEventRow.assessment_id == RoundScoreRow.assessment_id)
        .scalar_subquery()
    )
    for chunk in _chunks([info.id for info in infos]):
        query = select(RoundScoreRow.assessment_id, RoundScoreRow.summary).where(
            RoundScoreRow.assessment_id.in_(chunk),
            RoundScoreRow.rules == SUMMARY_RULES,
            RoundScoreRow.event_seq == last_seq,
        )
        for assessment_id, text in driver_rows(session, query):
            found[assessment_id] = summary_from_json(text)
    return found


def light_details(
    session: Session,
    infos: Sequence[AssessmentInfo],
    *,
    rationale: bool = False,
    release: Release | None = None,
) -> dict[int, AssessmentDetail]:
    """Details of the answered items, with the response only (no evidence, assessor or times).

    With ``rationale``, each answer's rationale too (withheld where ``release`` says so):
    what a comparison of rounds shows.
    """
    answers: dict[int, dict[str, AnswerRecord]] = {info.id: {} for info in infos}
    by_id = {info.id: info for info in infos}
    extra = (AnswerRow.rationale, AnswerRow.mark) if rationale else ()
    for assessment_id, item_id, response, *text in _answered(session, infos, extra):
        info = by_id[assessment_id]
        answer = AnswerRecord(
            item_id, response, text[0] if text else "", (), "", info.updated_at, 0,
            mark=text[1] if text else None,
        )  # fmt: skip
        answers[assessment_id][item_id] = released_answer(answer, info, release)
    checklists = snapshots(session, infos)
    return {
        info.id: AssessmentDetail(info, checklists[info.checklist_version_id], answers[info.id])
        for info in infos
    }
