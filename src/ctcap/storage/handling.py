"""This database's handling marks and evidence policy: ``settings`` rows, like four eyes.

The mark scheme is per database, not per user: everyone who shares a database must
agree on what a level allows, or one user's release would show what another marked
above it. ``marks`` holds the scheme as JSON (``{"levels": [...], "default": ...}``);
without the row the scheme is TLP 2.0 with AMBER as default. ``stale_evidence_years``
holds after how many years before a round's as-of date evidence counts as stale
(``domain.evidence``; 5 without the row). On PostgreSQL only ``ctcap_admin`` writes
settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from ctcap.domain.evidence import DEFAULT_STALE_YEARS
from ctcap.domain.marks import TLP, MarkError, MarkScheme, Release, custom_scheme

from .models import AnswerRow, AssessmentRow
from .panel_models import SettingRow
from .project_models import ProjectRow

MARKS_KEY, STALE_KEY = "marks", "stale_evidence_years"
_VALUE_LENGTH = 200  # settings.value


def _setting(session: Session, key: str) -> str | None:
    return session.scalar(select(SettingRow.value).where(SettingRow.key == key))


def _put(session: Session, key: str, value: str, actor: str) -> None:
    from .repository import utcnow

    session.merge(SettingRow(key=key, value=value, updated_by=actor, updated_at=utcnow()))
    session.flush()


def mark_scheme(session: Session) -> MarkScheme:
    stored = _setting(session, MARKS_KEY)
    if stored is None:
        return TLP
    data = json.loads(stored)
    return custom_scheme(data["levels"], data["default"])


def release(session: Session, level: str | None) -> Release:
    """What ``--release LEVEL`` lets out (None: everything), on this database's scheme."""
    scheme = mark_scheme(session)
    return Release(scheme, None if level is None else scheme.parse(level))


def round_marks(session: Session, ids: Iterable[int]) -> list[str | None]:
    """The marks of rounds ``ids`` and of their names: what a report built from their
    figures (not their rationales) carries."""
    wanted = sorted(set(ids))
    marks: list[str | None] = []
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        query = select(AssessmentRow.mark, AssessmentRow.names_mark).where(
            AssessmentRow.id.in_(chunk)
        )
        for mark, names_mark in session.execute(query):
            marks += (mark, names_mark)
    return marks


def marks_in_use(session: Session) -> set[str]:
    """Every mark stored on an assessment, its names, an answer or a project."""
    query: Any = union(
        select(AssessmentRow.mark),
        select(AssessmentRow.names_mark).where(AssessmentRow.names_mark.is_not(None)),
        select(AnswerRow.mark).where(AnswerRow.mark.is_not(None)),
        select(ProjectRow.mark),
    )
    return {str(row[0]) for row in session.execute(query)}


def set_mark_scheme(session: Session, scheme: MarkScheme, *, actor: str) -> MarkScheme:
    """Store ``scheme``; refused while a stored mark is not one of its levels."""
    unknown = sorted(marks_in_use(session) - set(scheme.levels))
    if unknown:
        raise MarkError(
            f"mark {unknown[0]!r} is in use and not a level of the new scheme "
            f"({', '.join(scheme.levels)}); nothing changed"
        )
    value = json.dumps({"levels": list(scheme.levels), "default": scheme.default})
    if len(value) > _VALUE_LENGTH:
        raise MarkError(f"the scheme's levels take over {_VALUE_LENGTH} characters; shorten them")
    _put(session, MARKS_KEY, value, actor)
    return scheme


def stale_years(session: Session) -> int:
    stored = _setting(session, STALE_KEY)
    return int(stored) if stored is not None and stored.isdigit() else DEFAULT_STALE_YEARS


def set_stale_years(session: Session, years: int, *, actor: str) -> int:
    if not 1 <= years <= 100:
        raise MarkError("stale after: a number of years from 1 to 100")
    _put(session, STALE_KEY, str(years), actor)
    return years
