"""Handling marks on a round: changed by a ``mark`` event in its chain."""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import audit, handling
from .answer_codec import KEEP, Keep
from .clock import stamp, utcnow
from .reading import assessment_info
from .records import AssessmentInfo
from .repository import _row


def set_marks(
    session: Session,
    assessment_id: int,
    *,
    actor: str,
    mark: str | None = None,
    names_mark: str | Keep | None = KEEP,
) -> AssessmentInfo:
    """Change a round's mark (and its names' mark): a ``mark`` event, final rounds too.

    Handling decisions outlive scoring, so a final round takes them. ``names_mark`` None
    drops the names' own mark (they follow the round's).
    """
    row = _row(session, assessment_id, lock=True)
    scheme = handling.mark_scheme(session)
    before = audit.handling_state(row)
    if mark is not None:
        row.mark = scheme.parse(mark)
    if not isinstance(names_mark, Keep):
        row.names_mark = None if names_mark is None else scheme.parse(names_mark)
    after = audit.handling_state(row)
    if after != before:
        now = utcnow()
        row.updated_at = now
        audit.append_event(
            session, row, kind="mark", item_id=None, actor=actor, at=stamp(now),
            before={key: before[key] for key in ("mark", "names_mark")},
            after={key: after[key] for key in ("mark", "names_mark")},
        )  # fmt: skip
    return assessment_info(session, row.id)
