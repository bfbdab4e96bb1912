"""A bundle's handling marks, type and team, as this database takes them.

Every mark a bundle names must be a level of this database's scheme, or nothing is
imported. A mark the bundle's copy changed since the common base is merged as the
stricter of the two: a merge never lowers what either copy decided to protect.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from ctcap.domain.marks import MarkError, MarkScheme
from ctcap.errors import CtcapError

from ..handling import mark_scheme
from ..marking import set_marks
from ..models import AssessmentRow
from .format import AssessmentPart, Bundle


def put_handling(session: Session, row: AssessmentRow, part: AssessmentPart) -> None:
    """The round's type, team and marks as the bundle has them (a version 1 bundle: the
    default mark here), each mark checked against this database's scheme."""
    scheme = mark_scheme(session)
    row.assessment_type = part.assessment_type
    row.team = json.dumps([member.model_dump() for member in part.team], ensure_ascii=False)
    row.mark = scheme.default if part.mark is None else _known(scheme, part.mark)
    row.names_mark = None if part.names_mark is None else _known(scheme, part.names_mark)


def _known(scheme: MarkScheme, mark: str) -> str:
    try:
        scheme.rank(mark)
    except MarkError:
        raise CtcapError(
            f"not imported: the bundle's mark {mark[:40]!r} is not a level of this database's "
            f"scheme ({', '.join(scheme.levels)})"
        ) from None
    return mark


def check_marks(session: Session, bundle: Bundle) -> None:
    """Refuse a bundle naming a mark this database's scheme does not know (before anything)."""
    scheme = mark_scheme(session)
    part = bundle.content.assessment
    for mark in (part.mark, part.names_mark, *(a.mark for a in bundle.content.answers)):
        if mark is not None:
            _known(scheme, mark)


def merge_marks(
    session: Session, row: AssessmentRow, stated: list[dict[str, Any]], actor: str
) -> None:
    """The bundle's last ``mark`` event since the base, merged as the stricter."""
    if not stated:
        return
    scheme = mark_scheme(session)
    mark = scheme.stricter(row.mark, _known(scheme, str(stated[-1].get("mark"))))
    names = stated[-1].get("names_mark")
    names_mark = row.names_mark
    if names is not None:
        names_mark = scheme.stricter(row.names_mark, _known(scheme, str(names)))
    if (mark, names_mark) != (row.mark, row.names_mark):
        set_marks(session, row.id, actor=actor, mark=mark, names_mark=names_mark)
