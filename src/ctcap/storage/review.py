"""Four eyes: draft → in review → (changes requested → draft) → approved → final.

Whether a round needs an approval before ``finalize`` is a per-database setting,
``four_eyes``: ``off``, ``panels`` (the default: rounds scored by a panel need one,
single-assessor rounds finalize as before) or ``all``. Panels default to it because a
panel's consensus is exactly what a second pair of eyes should check, while single
assessors keep today's workflow unless the database asks for more.

The approver must not have scored the round: not a panel member, not the author of any
answer in the round's chain, not the one who submitted it. On PostgreSQL the approver
must also hold ``ctcap_reviewer`` and be on the country's team; the database's policies
enforce all of it (``migrations/security_0005``). Every step is a ``review`` event in
the round's chain. While a round is in review or approved it takes no answers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.errors import CtcapError

from . import audit, reading
from .identity import current_login, is_postgres
from .models import AnswerEventRow, AssessmentRow, CountryRow
from .panel_models import PanelMemberRow, PanelRow, RoundReviewRow, SettingRow, TeamMemberRow
from .panel_records import ReviewInfo

POLICIES = ("off", "panels", "all")
DEFAULT_POLICY = "panels"
FROZEN = ("in_review", "approved")


class ReviewError(CtcapError):
    """A four-eyes rule refused the step."""


def four_eyes_policy(session: Session) -> str:
    value = session.scalar(select(SettingRow.value).where(SettingRow.key == "four_eyes"))
    return value if value in POLICIES else DEFAULT_POLICY


def set_four_eyes_policy(session: Session, policy: str, *, actor: str) -> str:
    if policy not in POLICIES:
        raise ReviewError(f"four-eyes policy {policy!r}: use one of {', '.join(POLICIES)}")
    from .repository import utcnow

    session.merge(SettingRow(key="four_eyes", value=policy, updated_by=actor, updated_at=utcnow()))
    return policy


def review_required(session: Session, assessment_id: int) -> bool:
    policy = four_eyes_policy(session)
    if policy == "panels":
        return session.get(PanelRow, assessment_id) is not None
    return policy == "all"


def review_info(session: Session, assessment_id: int) -> ReviewInfo:
    reading.assessment_info(session, assessment_id)  # NotFoundError for a missing round
    row = session.get(RoundReviewRow, assessment_id, populate_existing=True)
    required = review_required(session, assessment_id)
    if row is None:
        return ReviewInfo(assessment_id, "draft", required, None, None, None, None, None, "")
    return ReviewInfo(
        assessment_id, row.state, required, row.submitted_by, row.submitted_at,
        row.reviewed_by, row.approved_by, row.approved_at, row.note,
    )  # fmt: skip


def refuse_answers(assessment_id: int, state: str | None) -> None:
    """Refuse answers while the round is in review or approved."""
    if state in FROZEN:
        assert state is not None
        raise ReviewError(
            f"assessment {assessment_id} is {state.replace('_', ' ')}: it takes no answers "
            "until a reviewer requests changes (`ctcap review request-changes`)"
        )


def check_finalizable(session: Session, assessment_id: int) -> None:
    if not review_required(session, assessment_id):
        return
    state = session.scalar(
        select(RoundReviewRow.state).where(RoundReviewRow.assessment_id == assessment_id)
    )
    if state != "approved":
        raise ReviewError(
            f"assessment {assessment_id} needs a reviewer's approval before it is final "
            f"(four-eyes policy {four_eyes_policy(session)!r}; it is {state or 'draft'}): "
            "`ctcap review submit`, then `ctcap review approve` by someone who did not score it"
        )


def reset_on_reopen(session: Session, assessment_id: int) -> None:
    row = session.get(RoundReviewRow, assessment_id)
    if row is not None:
        session.delete(row)


def _locked(session: Session, assessment_id: int) -> tuple[AssessmentRow, RoundReviewRow | None]:
    from .repository import _row  # the round's write lock, as every writer takes it

    assessment = _row(session, assessment_id, lock=True)
    if assessment.status == "final":
        raise ReviewError(f"assessment {assessment_id} is final; reopen it to review it again")
    row = session.get(RoundReviewRow, assessment_id, populate_existing=True)
    return assessment, row


def _step(
    session: Session,
    assessment: AssessmentRow,
    row: RoundReviewRow | None,
    state: str,
    actor: str,
    note: str = "",
) -> ReviewInfo:
    from .repository import stamp_now, utcnow

    before = row.state if row is not None else "draft"
    now = utcnow()
    if row is None:
        row = RoundReviewRow(assessment_id=assessment.id, state=state, note="", updated_at=now)
        session.add(row)
    row.state, row.note, row.updated_at = state, note, now
    if state == "in_review":
        row.submitted_by, row.submitted_at = actor, now
        row.approved_by = row.approved_at = None
    elif state == "approved":
        row.reviewed_by, row.approved_by, row.approved_at = actor, actor, now
    elif state == "changes_requested":
        row.reviewed_by, row.approved_by, row.approved_at = actor, None, None
    audit.append_event(
        session, assessment, kind="review", item_id=None, actor=actor, at=stamp_now(),
        before={"review": before}, after={"review": state, "note": note},
    )  # fmt: skip
    session.flush()
    return review_info(session, assessment.id)


def submit(session: Session, assessment_id: int, *, actor: str) -> ReviewInfo:
    assessment, row = _locked(session, assessment_id)
    state = row.state if row is not None else "draft"
    if state not in ("draft", "changes_requested"):
        raise ReviewError(f"assessment {assessment_id} is already {state.replace('_', ' ')}")
    panel = session.get(PanelRow, assessment_id)
    if panel is not None and panel.revealed_at is None:
        raise ReviewError(
            f"assessment {assessment_id}: reveal the panel and record its consensus first"
        )
    from .repository import missing_items

    missing = missing_items(session, assessment)
    if missing:
        raise ReviewError(
            f"assessment {assessment_id} cannot go to review: {len(missing)} item(s) "
            f"unanswered, first {missing[0]!r}"
        )
    return _step(session, assessment, row, "in_review", actor)


def scorers(session: Session, assessment_id: int) -> set[str]:
    """Everyone who scored the round: panel members and authors of its answers."""
    members = session.scalars(
        select(PanelMemberRow.member).where(PanelMemberRow.assessment_id == assessment_id)
    )
    authors = session.scalars(
        select(AnswerEventRow.actor).where(
            AnswerEventRow.assessment_id == assessment_id, AnswerEventRow.kind == "answer"
        )
    )
    return set(members) | set(authors)


def _check_independent(
    session: Session, assessment: AssessmentRow, row: RoundReviewRow, actor: str
) -> None:
    if actor in scorers(session, assessment.id):
        raise ReviewError(
            f"{actor} scored assessment {assessment.id} and may not review it: "
            "approval needs a reviewer who did not score the round"
        )
    if actor == row.submitted_by:
        raise ReviewError(
            f"{actor} submitted assessment {assessment.id} and may not review it (four eyes)"
        )


def _check_on_team(session: Session, assessment_id: int) -> None:
    """On PostgreSQL: the login reviews for the round's country. Checked before the lock,
    which the database would not let anyone else take (they would see "not found")."""
    if not is_postgres(session):
        return
    login = current_login(session)
    if login is None or login.admin:
        return
    country = reading.assessment_info(session, assessment_id).country_code
    on_team = session.scalar(
        select(TeamMemberRow.login).where(
            TeamMemberRow.login == login.name, TeamMemberRow.country_code == country
        )
    )
    if "reviewer" not in login.roles or on_team is None:
        name = session.scalar(select(CountryRow.name).where(CountryRow.code == country))
        raise ReviewError(
            f"{login.name} is not a reviewer on the {name or country} team: only reviewers "
            f"of the country's team review its rounds (`ctcap team grant/add`)"
        )


def request_changes(session: Session, assessment_id: int, *, actor: str, note: str) -> ReviewInfo:
    _check_on_team(session, assessment_id)
    assessment, row = _locked(session, assessment_id)
    if row is None or row.state not in FROZEN:
        raise ReviewError(f"assessment {assessment_id} is not in review; nothing to send back")
    if not note.strip():
        raise ReviewError("say what should change (--note)")
    _check_independent(session, assessment, row, actor)
    return _step(session, assessment, row, "changes_requested", actor, note)


def approve(session: Session, assessment_id: int, *, actor: str, note: str = "") -> ReviewInfo:
    _check_on_team(session, assessment_id)
    assessment, row = _locked(session, assessment_id)
    if row is None or row.state != "in_review":
        state = row.state.replace("_", " ") if row is not None else "draft"
        raise ReviewError(f"assessment {assessment_id} is {state}, not in review: submit it first")
    _check_independent(session, assessment, row, actor)
    return _step(session, assessment, row, "approved", actor, note)
