"""Import conflicts: items both copies changed since their common base, to different answers.

A merge keeps this database's answer and records the bundle's in its ``import`` event, so
nothing is lost; the conflict stays open until someone here decides. Answering the item
again decides for the new answer; ``keep_ours`` decides for the answer already here,
with a ``resolve`` event that names who kept what over what. Neither changes an answer
unseen, and both are in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.domain.answers import Special, response_label
from ctcap.domain.model import Scale
from ctcap.errors import CtcapError

from .. import audit, repository
from ..models import AnswerEventRow, AnswerRow
from .format import settled

# Events after which a conflict on their item is decided.
_DECIDING = ("answer", "resolve")


@dataclass(frozen=True)
class Conflict:
    """An item both sides changed since their common base, to different answers."""

    item_id: str
    ours: dict[str, Any]
    ours_by: str
    theirs: dict[str, Any]
    theirs_by: str

    def describe(self, scale: Scale) -> str:
        return (
            f"{self.item_id}: this database has {label(self.ours, scale)} by {self.ours_by}, "
            f"the bundle has {label(self.theirs, scale)} by {self.theirs_by}"
        )


def label(state: dict[str, Any], scale: Scale) -> str:
    response = state.get("response")
    if isinstance(response, str):
        response = Special(response)
    return response_label(response, scale)


def open_conflicts(session: Session, assessment_id: int) -> tuple[Conflict, ...]:
    """Conflicts recorded by imports that no later answer or decision has settled."""
    found: dict[str, dict[str, Any]] = {}
    events = session.scalars(
        select(AnswerEventRow)
        .where(AnswerEventRow.assessment_id == assessment_id)
        .order_by(AnswerEventRow.seq)
    )
    for event in events:
        if event.kind == "import":
            for conflict in json.loads(event.after).get("conflicts", []):
                found[str(conflict["item"])] = conflict
        elif event.kind in _DECIDING and event.item_id in found:
            del found[event.item_id]
    current = {
        a.item_id: a
        for a in session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == assessment_id))
    }
    result = []
    for item, conflict in sorted(found.items()):
        answer = current.get(item)
        ours = settled(audit.answer_state(answer))
        if ours != conflict["theirs"]:
            by = answer.assessor if answer is not None else "nobody"
            result.append(Conflict(item, ours, by, conflict["theirs"], str(conflict["by"])))
    return tuple(result)


def keep_ours(session: Session, assessment_id: int, item_id: str, *, actor: str) -> Conflict:
    """Settle the open conflict on ``item_id`` for this database's answer (audited)."""
    assessment = repository.writable_assessment(session, assessment_id)
    conflict = next(
        (c for c in open_conflicts(session, assessment_id) if c.item_id == item_id), None
    )
    if conflict is None:
        raise CtcapError(f"{item_id}: no open import conflict in assessment {assessment_id}")
    audit.append_event(
        session,
        assessment,
        kind="resolve",
        item_id=item_id,
        actor=actor,
        at=repository.stamp_now(),
        before={"theirs": conflict.theirs, "theirs_by": conflict.theirs_by},
        after={"kept": conflict.ours, "kept_by": conflict.ours_by},
    )
    return conflict
