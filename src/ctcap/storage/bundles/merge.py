"""Importing a bundle by comparing audit chains.

Importing matches the assessment by ``uid`` and compares chains as git compares
histories (an event's hash covers every event before it):

- not here yet: created exactly as exported: the country, the checklist version
  (by content hash), the answers with their versions, the chain verbatim;
- this copy's chain is a prefix of the bundle's: fast-forward, chain verbatim;
- the bundle holds nothing this database has not seen: nothing changes, so
  importing twice is importing once;
- both sides went on from a common base: a merge, see ``import_bundle``.

Before any of that, ``admission`` decides whether the bundle is let in at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ctcap.domain.answers import Special
from ctcap.domain.evidence import entries_from_json
from ctcap.domain.treaty import TreatyFacts
from ctcap.errors import DatabaseError, FinalizedError

from .. import audit, repository
from ..answer_codec import confidence_of, facts_json, facts_of
from ..models import AnswerEventRow, AnswerRow, AssessmentRow, CountryRow, EventSignerRow
from .admission import Admission, admit, check_new_here, check_same_assessment
from .conflicts import Conflict, open_conflicts
from .export import events_of
from .format import AnswerPart, Bundle, EventPart, settled
from .handling import check_marks, merge_marks, put_handling
from .log import PROJECTS_ONLY, log_import
from .projects import import_projects


@dataclass(frozen=True)
class ImportResult:
    assessment_id: int
    outcome: str  # "created", "fast-forward", "merged" or "up to date"
    applied: tuple[str, ...]  # items whose answer the import changed
    conflicts: tuple[Conflict, ...]  # open conflicts of this assessment, after the import
    notes: tuple[str, ...]
    admission: Admission | None = None  # who signed it, as checked
    projects: tuple[str, ...] = ()  # projects the import added or brought up to date


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def import_bundle(
    session: Session, bundle: Bundle, *, actor: str, allow_unsigned: bool = False
) -> ImportResult:
    """Load a checked bundle; the caller commits. Nothing is ever overwritten unseen.

    First ``admission.admit``: the signature must verify against a key trusted here,
    unless ``allow_unsigned`` (which the import log records). A merge applies each item
    the bundle changed since the base that this database did not also change, through
    ``record_answer`` (an audited answer event by the bundle's assessor). An item both
    sides changed to different answers is a conflict: this database keeps its answer,
    and an ``import`` event records the bundle's head hash, its new events verbatim and
    each conflict with the bundle's answer, so nothing is lost. That event also marks
    the bundle's changes as seen: a later bundle from the same copy merges from there,
    as a git merge commit does. A conflict the bundle's copy still has open stays open
    here too. A conflict stays open (reported by every import of that assessment) until
    the item is answered again, or kept, on either side. The CLI exits 1 while conflicts
    are open. Each import that changed something is logged (``log.import_log``): who,
    when, which bundle, who signed it; one that only added or extended projects (the
    assessment already up to date) as ``PROJECTS_ONLY``.
    """
    try:
        admission = admit(session, bundle, allow_unsigned=allow_unsigned)
        result = _import(session, bundle, actor, admission)
        result = replace(result, projects=import_projects(session, bundle))
        logged = result.outcome if result.outcome != "up to date" else None
        if logged is None and result.projects:  # the round as it was, its projects went on
            logged = PROJECTS_ONLY
        if logged is not None:  # importing twice is importing once: not logged again
            log_import(
                session,
                result.assessment_id,
                bundle_sha256=bundle.sha256,
                outcome=logged,
                actor=actor,
                applied=len(result.applied),
                conflicts=len(result.conflicts),
                admission=admission,
            )
        return result
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"import failed, nothing was changed: {reason}") from None


def _import(session: Session, bundle: Bundle, actor: str, admission: Admission) -> ImportResult:
    content = bundle.content
    check_marks(session, bundle)
    row = session.scalar(
        select(AssessmentRow)
        .where(AssessmentRow.uid == content.assessment.uid)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        check_new_here(session, bundle)
        row = _create(session, bundle, admission)
        answered = tuple(a.item for a in content.answers if a.response is not None)
        conflicts = open_conflicts(session, row.id)
        return ImportResult(row.id, "created", answered, conflicts, (), admission)
    check_same_assessment(session, bundle, row)
    broken = audit.verify_assessment(session, row)
    if broken is not None:
        raise DatabaseError(f"not imported: this database's audit chain is broken: {broken}")
    ours, theirs = events_of(session, row.id), content.events
    base = 0
    while base < min(len(ours), len(theirs)) and ours[base].hash == theirs[base].hash:
        base += 1
    seen_by_us = _seen(base, [json.loads(e.after) for e in ours if e.kind == "import"], theirs)
    seen_by_them = _seen(base, [e.after for e in theirs if e.kind == "import"], ours)
    notes: list[str] = []
    if seen_by_us >= len(theirs):
        outcome, applied = "up to date", []
    elif base == len(ours):
        outcome = "fast-forward"
        applied = _fast_forward(session, row, bundle, theirs[base:], admission)
    else:
        outcome = "merged"
        merge = _Merge(session, row, bundle, actor, admission)
        applied = merge.run(base, theirs[seen_by_us:], ours[seen_by_them:])
        if content.assessment.status != row.status:
            notes.append(
                f"the bundle's copy is {content.assessment.status}, this one stays {row.status}"
            )
    session.flush()
    conflicts = open_conflicts(session, row.id)
    return ImportResult(row.id, outcome, tuple(applied), conflicts, tuple(notes), admission)


def _seen(base: int, imports: list[dict[str, Any]], chain: list[Any]) -> int:
    """How much of ``chain`` the other side has seen: the common base, or a merged head."""
    position = {event.hash: n for n, event in enumerate(chain, start=1)}
    heads = [position.get(str(after.get("bundle_head")), 0) for after in imports]
    return max([base, *heads])


def _answer_row(assessment_id: int, part: AnswerPart) -> AnswerRow:
    return AnswerRow(assessment_id=assessment_id, item_id=part.item)


def _put_answer(row: AnswerRow, part: AnswerPart) -> None:
    special = part.response if isinstance(part.response, str) else None
    row.special = special
    row.level = part.response if isinstance(part.response, int) else None
    row.rationale = part.rationale
    state = part.state()  # version 1's plain-text evidence as entries of unknown type
    row.evidence = json.dumps(state.get("evidence", []), ensure_ascii=False)
    row.confidence, row.mark = part.confidence, part.mark
    row.facts = facts_json(facts_of(json.dumps(part.facts)) if part.facts is not None else None)
    row.assessor, row.updated_at = part.assessor, datetime.fromisoformat(part.updated_at)
    row.version, row.needs_rescore = part.version, part.needs_rescore


def _put_events(
    session: Session, assessment_id: int, events: list[EventPart], admission: Admission
) -> None:
    for event in events:
        signer = admission.event_signer(event.signer)
        session.add(EventSignerRow(assessment_id=assessment_id, seq=event.seq, signer=signer))
        session.add(
            AnswerEventRow(
                assessment_id=assessment_id,
                seq=event.seq,
                kind=event.kind,
                item_id=event.item,
                actor=event.actor,
                at=event.at,
                before=audit.dumps(event.before),
                after=audit.dumps(event.after),
                prev_hash=event.prev_hash,
                hash=event.hash,
            )
        )


def _create(session: Session, bundle: Bundle, admission: Admission) -> AssessmentRow:
    content, part = bundle.content, bundle.content.assessment
    country = content.country
    if session.get(CountryRow, country.code) is None:
        repository.ensure_country(
            session, country.code, country.name if country.fictional else None
        )
    based_on = None
    if part.based_on_uid is not None:
        query = select(AssessmentRow.id).where(AssessmentRow.uid == part.based_on_uid)
        based_on = session.scalar(query)
    row = AssessmentRow(
        uid=part.uid,
        country_code=country.code,
        checklist_version_id=repository.record_checklist_version(session, bundle.checklist),
        title=part.title,
        as_of=date.fromisoformat(part.as_of),
        assessor=part.assessor,
        status=part.status,
        synthetic=part.synthetic,
        based_on_id=based_on,
        created_at=_time(part.created_at),
        updated_at=_time(part.updated_at),
        finalized_at=_time(part.finalized_at),
        origin=content.events[0].after.get("origin"),  # the chain says (admission checked it)
    )
    put_handling(session, row, part)
    session.add(row)
    session.flush()
    for answer in content.answers:
        new = _answer_row(row.id, answer)
        _put_answer(new, answer)
        session.add(new)
    _put_events(session, row.id, content.events, admission)
    return row


def _fast_forward(
    session: Session,
    row: AssessmentRow,
    bundle: Bundle,
    new: list[EventPart],
    admission: Admission,
) -> list[str]:
    current = {
        a.item_id: a
        for a in session.scalars(select(AnswerRow).where(AnswerRow.assessment_id == row.id))
    }
    for answer in bundle.content.answers:
        target = current.get(answer.item)
        if target is None:
            target = _answer_row(row.id, answer)
            session.add(target)
        _put_answer(target, answer)
    _put_events(session, row.id, new, admission)
    part = bundle.content.assessment
    if part.mark is not None:  # the chain vouches for it (``history``)
        put_handling(session, row, part)
    row.status, row.finalized_at = part.status, _time(part.finalized_at)
    row.updated_at = max(row.updated_at, _time(part.updated_at) or row.updated_at)
    return sorted({e.item for e in new if e.kind == "answer" and e.item is not None})


class _Merge:
    """Both sides went on from a common base: apply what only the bundle changed."""

    def __init__(
        self, session: Session, row: AssessmentRow, bundle: Bundle, actor: str, admission: Admission
    ) -> None:
        self.session, self.row, self.bundle = session, row, bundle
        self.actor, self.admission = actor, admission

    def run(self, base: int, theirs: list[EventPart], ours: list[AnswerEventRow]) -> list[str]:
        changed = _changed_by(theirs)
        carried = _still_open(theirs)
        ours_changed = _changed_here(ours)
        current = {
            a.item_id: settled(audit.answer_state(a))
            for a in self.session.scalars(
                select(AnswerRow).where(AnswerRow.assessment_id == self.row.id)
            )
        }
        bundle_has = {a.item: (settled(a.state()), a.assessor) for a in self.bundle.content.answers}
        apply: list[tuple[str, dict[str, Any], EventPart]] = []
        conflicts: list[dict[str, Any]] = []
        for item, (state, by, event) in sorted(changed.items()):
            held_back = carried.get(item)
            if held_back is not None and held_back["theirs"] == current.get(item, {}):
                # Their copy holds this item in conflict with our answer: it stays open here.
                theirs_now, theirs_by = bundle_has.get(item, (state, by))
                conflicts.append({"item": item, "theirs": theirs_now, "by": theirs_by})
            elif current.get(item, {}) == state:
                continue  # both sides agree
            elif item in ours_changed:
                conflicts.append({"item": item, "theirs": state, "by": by})
            else:
                apply.append((item, state, event))
                if held_back is not None:  # contested between them and a third copy
                    conflicts.append(held_back)
        if apply and self.row.status == "final":
            raise FinalizedError(
                f"assessment {self.row.id} is final here; reopen it to import the bundle's changes"
            )
        for item, state, event in apply:
            self._apply(item, state, event)
        self._merge_marks(theirs)
        self._record(base, [item for item, _, _ in apply], conflicts, theirs)
        return [item for item, _, _ in apply]

    def _apply(self, item: str, state: dict[str, Any], event: EventPart) -> None:
        response = state.get("response")
        by = event.actor if event.kind == "answer" else str(event.after.get("kept_by", event.actor))
        facts = state.get("facts")
        repository.record_answer(
            self.session,
            self.row.id,
            item,
            Special(response) if isinstance(response, str) else response,
            actor=by,
            rationale=state.get("rationale", ""),
            evidence=entries_from_json(state.get("evidence", [])),
            confidence=confidence_of(state.get("confidence")),
            facts=None if facts is None else TreatyFacts.model_validate(facts),
            mark=state.get("mark"),
        )
        self.session.flush()
        seq = self.session.scalar(
            select(func.max(AnswerEventRow.seq)).where(AnswerEventRow.assessment_id == self.row.id)
        )
        signer = self.admission.event_signer(event.signer)
        self.session.add(EventSignerRow(assessment_id=self.row.id, seq=seq, signer=signer))

    def _merge_marks(self, theirs: list[EventPart]) -> None:
        merge_marks(
            self.session, self.row, [e.after for e in theirs if e.kind == "mark"], self.actor
        )

    def _record(
        self,
        base: int,
        applied: list[str],
        conflicts: list[dict[str, Any]],
        theirs: list[EventPart],
    ) -> None:
        audit.append_event(
            self.session,
            self.row,
            kind="import",
            item_id=None,
            actor=self.actor,
            at=repository.stamp_now(),
            before={},
            after={
                "bundle": self.bundle.sha256,
                "bundle_head": self.bundle.content.events[-1].hash,
                "base": base,
                "applied": applied,
                "conflicts": conflicts,
                "events": [_verbatim(event) for event in theirs],
            },
        )


def _verbatim(event: EventPart) -> dict[str, Any]:
    """An event of the bundle as the import event keeps it (a signer only if it names one)."""
    kept = event.model_dump()
    if kept["signer"] is None:
        del kept["signer"]
    return kept


def _changed_by(theirs: list[EventPart]) -> dict[str, tuple[dict[str, Any], str, EventPart]]:
    """Each item the bundle's new events answered, or decided (a kept answer), last first."""
    changed: dict[str, tuple[dict[str, Any], str, EventPart]] = {}
    for event in theirs:
        if event.kind == "answer" and event.item is not None:
            changed[event.item] = (settled(event.after), event.actor, event)
        elif event.kind == "resolve" and event.item is not None:
            kept = event.after.get("kept", {})
            by = str(event.after.get("kept_by", event.actor))
            changed[event.item] = (settled(kept if isinstance(kept, dict) else {}), by, event)
    return changed


def _still_open(theirs: list[EventPart]) -> dict[str, dict[str, Any]]:
    """Conflicts the bundle's new import events recorded and its copy has not settled."""
    found: dict[str, dict[str, Any]] = {}
    for event in theirs:
        if event.kind == "import":
            for conflict in event.after.get("conflicts", []):
                found[str(conflict["item"])] = conflict
        elif event.kind in ("answer", "resolve") and event.item in found:
            del found[event.item]
    return found


def _changed_here(ours: list[AnswerEventRow]) -> set[str | None]:
    """Items answered here since the bundle's copy saw us, not by applying a bundle."""
    applied_here: set[int] = set()  # answer events that applied an earlier bundle's changes
    for mine in ours:
        if mine.kind == "import":
            count = len(json.loads(mine.after).get("applied", []))
            applied_here.update(range(mine.seq - count, mine.seq))
    return {
        e.item_id for e in ours if e.kind in ("answer", "resolve") and e.seq not in applied_here
    }
