"""Panels: a round scored blind by several members, revealed by its lead.

Each member's answers live in ``member_answers`` with their own audit chain
(``panel_audit``); the round's ``answers`` hold only the panel's consensus
(``consensus``). Until the lead reveals, every read here gives a member only their own
answers; on PostgreSQL row-level security enforces the same for any client.

A member's write locks that member's row (``panel_members``), not the round: members
score at once without queueing on each other. Reveal locks the panel and then every
member's row, so it waits for writes in flight, and a write that comes after it finds
the panel revealed and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ctcap.domain.answers import Response, Special
from ctcap.domain.evidence import EvidenceEntry, entries_from_json, entries_json, legacy_entry
from ctcap.errors import ConflictError, CtcapError

from . import audit, panel_audit, reading, repository
from .identity import current_login
from .models import AnswerRow
from .panel_models import MemberAnswerRow, PanelMemberRow, PanelRow
from .panel_records import MemberAnswer, PanelInfo, PanelMember, PanelView


class PanelError(CtcapError):
    """A panel rule refused the operation."""


def _panel_row(session: Session, assessment_id: int, *, lock: bool = False) -> PanelRow:
    query = select(PanelRow).where(PanelRow.assessment_id == assessment_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(query)
    if row is None:
        reading.assessment_info(session, assessment_id)  # NotFoundError for a missing round
        raise PanelError(f"assessment {assessment_id} has no panel (`ctcap panel create`)")
    return row


def panel_info(session: Session, assessment_id: int) -> PanelInfo:
    row = _panel_row(session, assessment_id)
    members = session.execute(
        select(PanelMemberRow.member, PanelMemberRow.answered)
        .where(PanelMemberRow.assessment_id == assessment_id)
        .order_by(PanelMemberRow.id)
    ).all()
    return PanelInfo(
        assessment_id=assessment_id,
        lead=row.lead,
        members=tuple(PanelMember(m, answered, m == row.lead) for m, answered in members),
        created_by=row.created_by,
        created_at=row.created_at,
        revealed_by=row.revealed_by,
        revealed_at=row.revealed_at,
    )


def has_panel(session: Session, assessment_id: int) -> bool:
    found = session.scalar(select(PanelRow.lead).where(PanelRow.assessment_id == assessment_id))
    return found is not None


def create_panel(
    session: Session, assessment_id: int, *, lead: str, members: Sequence[str], actor: str
) -> PanelInfo:
    """Make a draft round a panel round; the lead is a member. The round must be empty."""
    assessment = repository.writable_assessment(session, assessment_id)
    if has_panel(session, assessment_id):
        raise PanelError(f"assessment {assessment_id} already has a panel")
    answered = session.scalar(
        select(func.count()).select_from(AnswerRow).where(AnswerRow.assessment_id == assessment_id)
    )
    if answered:
        raise PanelError(
            f"assessment {assessment_id} already has {answered} answer(s): a panel scores a "
            "round from empty (start a new round for the panel)"
        )
    now = repository.utcnow()
    session.add(PanelRow(assessment_id=assessment_id, lead=lead, created_by=actor, created_at=now))
    session.flush()
    names = list(dict.fromkeys([lead, *members]))
    for name in names:
        _check_name(name)
    _check_logins(session, names)
    for name in names:
        session.add(
            PanelMemberRow(
                assessment_id=assessment_id, member=name, added_by=actor, added_at=now, answered=0
            )
        )
    audit.append_event(
        session, assessment, kind="panel", item_id=None, actor=actor,
        at=repository.stamp_now(), before={}, after={"lead": lead, "members": names},
    )  # fmt: skip
    session.flush()
    return panel_info(session, assessment_id)


def _check_name(name: str) -> None:
    if not name.strip() or "/" in name or len(name) > 200:
        raise PanelError(f"member name {name!r}: give a login name (no '/', 1-200 characters)")


def _check_logins(session: Session, names: Sequence[str]) -> None:
    """On PostgreSQL members act as their logins: a name that is none could never score.

    Administrators, who may record answers for others (a paper form), may name anyone.
    """
    login = current_login(session)
    if login is None or login.admin:
        return
    known = set(
        session.scalars(
            text("SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname = ANY(:names)"),
            {"names": list(names)},
        )
    )
    missing = [name for name in names if name not in known]
    if missing:
        raise PanelError(
            f"{missing[0]!r} is not a login on this server: panel members act as their "
            "database logins"
        )


def add_member(session: Session, assessment_id: int, member: str, *, actor: str) -> PanelInfo:
    assessment = repository.writable_assessment(session, assessment_id)
    # The lead first: on PostgreSQL only the lead may lock the panel's row at all.
    _require_lead(_panel_row(session, assessment_id), actor, "add members")
    panel = _panel_row(session, assessment_id, lock=True)
    if panel.revealed_at is not None:
        raise PanelError(f"assessment {assessment_id}: the panel is revealed; no new members")
    _check_name(member)
    _check_logins(session, [member])
    if member in panel_info(session, assessment_id).names:
        raise PanelError(f"{member!r} is already on the panel of assessment {assessment_id}")
    session.add(
        PanelMemberRow(
            assessment_id=assessment_id,
            member=member,
            added_by=actor,
            added_at=repository.utcnow(),
            answered=0,
        )
    )
    audit.append_event(
        session, assessment, kind="member", item_id=None, actor=actor,
        at=repository.stamp_now(), before={}, after={"member": member},
    )  # fmt: skip
    session.flush()
    return panel_info(session, assessment_id)


def _require_lead(panel: PanelRow, actor: str, what: str) -> None:
    if actor != panel.lead:
        raise PanelError(
            f"only the panel's lead ({panel.lead}) may {what} on assessment "
            f"{panel.assessment_id}; you are {actor}"
        )


def _member_row(session: Session, assessment_id: int, member: str) -> PanelMemberRow:
    row = session.scalar(
        select(PanelMemberRow)
        .where(PanelMemberRow.assessment_id == assessment_id, PanelMemberRow.member == member)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        _panel_row(session, assessment_id)
        raise PanelError(f"{member!r} is not on the panel of assessment {assessment_id}")
    return row


def record_member_answer(
    session: Session,
    assessment_id: int,
    member: str,
    item_id: str,
    response: Response | None,
    *,
    rationale: str | None = None,
    evidence: Sequence[EvidenceEntry | str] | None = None,
    expected_version: int | None = None,
) -> MemberAnswer:
    """Write ``member``'s own answer and its event in their chain (refused after reveal)."""
    mine = _member_row(session, assessment_id, member)  # the lock: one writer per member
    uid = _check_open(session, assessment_id, item_id, response)
    row = session.scalar(
        select(MemberAnswerRow).where(
            MemberAnswerRow.assessment_id == assessment_id,
            MemberAnswerRow.member == member,
            MemberAnswerRow.item_id == item_id,
        )
    )
    current = row.version if row is not None else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(
            f"{item_id}: your answer is at version {current}, not {expected_version}",
            current=_answer(row) if row is not None else None,
        )
    before = audit.member_state(row) if row is not None else {}
    was_answered = row is not None and (row.level is not None or row.special is not None)
    if row is None:
        row = MemberAnswerRow(
            assessment_id=assessment_id, member=member, item_id=item_id, version=0,
            rationale="", evidence="[]",
        )  # fmt: skip
        session.add(row)
    _apply(row, response, rationale, evidence)
    after = audit.member_state(row)
    if after == before and row.version > 0:
        return _answer(row)
    row.version += 1
    row.updated_at = repository.utcnow()
    mine.answered += int(response is not None) - int(was_answered)
    session.flush()
    panel_audit.append_member_event(
        session, assessment_id, uid, member, kind="answer", item_id=item_id,
        at=repository.stamp_now(), before=before, after=after,
    )  # fmt: skip
    return _answer(row)


def _check_open(
    session: Session, assessment_id: int, item_id: str, response: Response | None
) -> str:
    """Refuse a member's answer after reveal, or one the checklist does not allow; the uid."""
    panel = session.scalar(
        select(PanelRow)
        .where(PanelRow.assessment_id == assessment_id)
        .execution_options(populate_existing=True)
    )
    assert panel is not None  # a member row implies its panel
    if panel.revealed_at is not None:
        raise PanelError(
            f"assessment {assessment_id}: the panel was revealed at "
            f"{panel.revealed_at:%Y-%m-%d %H:%M}; members' answers are closed"
        )
    info = reading.assessment_info(session, assessment_id)
    checklist = repository.checklist_snapshot(session, info.checklist_version_id)
    repository.check_response(checklist, item_id, response)
    return info.uid


def _apply(
    row: MemberAnswerRow,
    response: Response | None,
    rationale: str | None,
    evidence: Sequence[EvidenceEntry | str] | None,
) -> None:
    special = response if isinstance(response, Special) else None
    row.special = special.value if special is not None else None
    row.level = None if special is not None or response is None else int(response)
    if response is None:
        row.rationale, row.evidence = "", "[]"
        return
    if rationale is not None:
        row.rationale = rationale
    if evidence is not None:
        # Entries, as answers hold them (a plain string is a reference of unknown type).
        entries = (e if isinstance(e, EvidenceEntry) else legacy_entry(e) for e in evidence)
        row.evidence = json.dumps(entries_json(entries), ensure_ascii=False)


_ANSWER_COLUMNS = (
    MemberAnswerRow.member,
    MemberAnswerRow.item_id,
    MemberAnswerRow.level,
    MemberAnswerRow.special,
    MemberAnswerRow.rationale,
    MemberAnswerRow.evidence,
    MemberAnswerRow.updated_at,
    MemberAnswerRow.version,
)


def _answer(row: Any) -> MemberAnswer:
    """A member answer from its ORM row or from a row of ``_ANSWER_COLUMNS``."""
    return MemberAnswer(
        member=row.member,
        item_id=row.item_id,
        response=reading.stored_response(row.level, row.special),
        rationale=row.rationale,
        evidence=entries_from_json(json.loads(row.evidence)),
        updated_at=row.updated_at,
        version=row.version,
    )


def panel_view(session: Session, assessment_id: int, viewer: str) -> PanelView:
    """The panel as ``viewer`` may see it: only their own answers until the lead reveals."""
    panel = panel_info(session, assessment_id)
    info = reading.assessment_info(session, assessment_id)
    # Columns, not ORM rows: a revealed panel of twelve reads some eight hundred answers.
    query = select(*_ANSWER_COLUMNS).where(MemberAnswerRow.assessment_id == assessment_id)
    if not panel.revealed:
        query = query.where(MemberAnswerRow.member == viewer)
    answers: dict[str, dict[str, MemberAnswer]] = {}
    for row in session.execute(query.order_by(MemberAnswerRow.id)):
        if row.level is not None or row.special is not None:
            answers.setdefault(row.member, {})[row.item_id] = _answer(row)
    return PanelView(
        round=info,
        checklist=repository.checklist_snapshot(session, info.checklist_version_id),
        panel=panel,
        viewer=viewer,
        answers=answers,
    )


def reveal(session: Session, assessment_id: int, *, actor: str) -> PanelInfo:
    """Open every member's answers to the panel; only once, only by the lead."""
    assessment = repository.writable_assessment(session, assessment_id)
    _require_lead(_panel_row(session, assessment_id), actor, "reveal")
    panel = _panel_row(session, assessment_id, lock=True)
    if panel.revealed_at is not None:
        raise PanelError(
            f"assessment {assessment_id}: already revealed by {panel.revealed_by} at "
            f"{panel.revealed_at:%Y-%m-%d %H:%M}; revealing is done once"
        )
    members = list(
        session.scalars(
            select(PanelMemberRow.member)
            .where(PanelMemberRow.assessment_id == assessment_id)
            .order_by(PanelMemberRow.id)
            .with_for_update()  # waits for members' writes in flight
        )
    )
    now = repository.utcnow()
    panel.revealed_at, panel.revealed_by = now, actor
    audit.append_event(
        session, assessment, kind="reveal", item_id=None, actor=actor,
        at=repository.stamp_now(), before={"revealed": False},
        after={"revealed": True, "heads": panel_audit.heads(session, assessment_id, members)},
    )  # fmt: skip
    session.flush()
    return panel_info(session, assessment_id)
