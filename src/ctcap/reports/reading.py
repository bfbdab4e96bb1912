"""Bulk reads for the reports: many assessments in two queries, not two per assessment.

``repository.get_assessment`` reads one assessment at a time, which is right for the
TUI and slow for a portfolio of hundreds of countries. These functions return the
same plain records (``AssessmentInfo``, ``AssessmentDetail``), built from one query
over assessments (with their country and checklist version) and one over answers.
Checklist snapshots are parsed once per version, through the repository's cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.storage import repository
from ctcap.storage.countries import normalise_code
from ctcap.storage.models import AnswerRow, AssessmentRow, ChecklistVersionRow, CountryRow
from ctcap.storage.records import AnswerRecord, AssessmentDetail, AssessmentInfo

# SQLite allows 32 766 bound parameters per statement; stay well below it.
_CHUNK = 900


def _info(row: Any) -> AssessmentInfo:
    return AssessmentInfo(
        id=row.id,
        uid=row.uid,
        country_code=row.country_code,
        country_name=row.country_name,
        checklist_id=row.checklist_id,
        checklist_version=row.version,
        checklist_version_id=row.checklist_version_id,
        title=row.title,
        as_of=row.as_of,
        assessor=row.assessor,
        status=row.status,
        synthetic=row.synthetic,
        based_on_id=row.based_on_id,
        cursor_item_id=row.cursor_item_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _query() -> Any:
    return (
        select(
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
        )
        .join(CountryRow, CountryRow.code == AssessmentRow.country_code)
        .join(ChecklistVersionRow, ChecklistVersionRow.id == AssessmentRow.checklist_version_id)
        .order_by(AssessmentRow.country_code, AssessmentRow.as_of, AssessmentRow.id)
    )


def list_infos(session: Session, country: str | None = None) -> list[AssessmentInfo]:
    """As ``repository.list_assessments``, in one query: by country, date, then id."""
    query = _query()
    if country is not None:
        query = query.where(AssessmentRow.country_code == normalise_code(country))
    return [_info(row) for row in session.execute(query)]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _response(level: int | None, special: str | None) -> Response | None:
    if special is not None:
        return Special(special)
    return level


def load_details(session: Session, infos: Sequence[AssessmentInfo]) -> dict[int, AssessmentDetail]:
    """The details of ``infos``, by id, with every answer's rationale and evidence."""
    ids = [info.id for info in infos]
    answers: dict[int, dict[str, AnswerRecord]] = {i: {} for i in ids}
    columns = [
        AnswerRow.assessment_id,
        AnswerRow.item_id,
        AnswerRow.level,
        AnswerRow.special,
        AnswerRow.assessor,
        AnswerRow.updated_at,
        AnswerRow.version,
        AnswerRow.needs_rescore,
        AnswerRow.rationale,
        AnswerRow.evidence,
    ]
    for chunk in _chunks(ids):
        rows = session.execute(select(*columns).where(AnswerRow.assessment_id.in_(chunk)))
        for row in rows:
            answers[row.assessment_id][row.item_id] = AnswerRecord(
                item_id=row.item_id,
                response=_response(row.level, row.special),
                rationale=row.rationale,
                evidence=tuple(json.loads(row.evidence)),
                assessor=row.assessor,
                updated_at=row.updated_at,
                version=row.version,
                needs_rescore=row.needs_rescore,
            )
    snapshots = {
        version_id: repository.checklist_snapshot(session, version_id)
        for version_id in sorted({info.checklist_version_id for info in infos})
    }
    return {
        info.id: AssessmentDetail(
            info=info, checklist=snapshots[info.checklist_version_id], answers=answers[info.id]
        )
        for info in infos
    }


def load_responses(
    session: Session, infos: Sequence[AssessmentInfo]
) -> dict[int, dict[str, Response]]:
    """Only the answered items' responses, by assessment id: what scoring needs."""
    found: dict[int, dict[str, Response]] = {info.id: {} for info in infos}
    ids = [info.id for info in infos]
    columns = (AnswerRow.assessment_id, AnswerRow.item_id, AnswerRow.level, AnswerRow.special)
    for chunk in _chunks(ids):
        query = select(*columns).where(AnswerRow.assessment_id.in_(chunk))
        for assessment_id, item_id, level, special in session.execute(query):
            response = _response(level, special)
            if response is not None:
                found[assessment_id][item_id] = response
    return found


def light_details(session: Session, infos: Sequence[AssessmentInfo]) -> dict[int, AssessmentDetail]:
    """Details whose answers carry the response only (no rationale, evidence or times)."""
    responses = load_responses(session, infos)
    snapshots = {
        version_id: repository.checklist_snapshot(session, version_id)
        for version_id in sorted({info.checklist_version_id for info in infos})
    }
    details = {}
    for info in infos:
        answers = {
            item_id: AnswerRecord(item_id, response, "", (), "", info.updated_at, 0)
            for item_id, response in responses[info.id].items()
        }
        details[info.id] = AssessmentDetail(info, snapshots[info.checklist_version_id], answers)
    return details
