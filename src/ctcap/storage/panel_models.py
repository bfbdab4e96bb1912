"""ORM models of panels, members' blind answers, consensus, review and teams (migration 0005).

On the same declarative ``Base`` as ``models``; ``models`` imports this module at its end
so that ``Base.metadata`` always holds every table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

REVIEW_STATES = ("draft", "in_review", "changes_requested", "approved")


class PanelRow(Base):
    """A round scored by a panel: its lead, and when the lead revealed the answers."""

    __tablename__ = "panels"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    lead: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revealed_by: Mapped[str | None] = mapped_column(String(200))
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime)


class PanelMemberRow(Base):
    """One member of a panel. A member's writes lock this row, not the round's."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("assessment_id", "member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("panels.assessment_id"), index=True)
    member: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    answered: Mapped[int] = mapped_column(Integer, default=0)  # progress, shown before reveal


class MemberAnswerRow(Base):
    """A member's own answer to one item, kept apart from the others' until reveal."""

    __tablename__ = "member_answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "member", "item_id"),
        CheckConstraint("level IS NULL OR special IS NULL", name="member_one_kind_of_answer"),
        CheckConstraint(
            "special IS NULL OR special IN ('na', 'unknown')", name="member_special_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("panels.assessment_id"), index=True)
    member: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[int | None] = mapped_column(Integer)
    special: Mapped[str | None] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class MemberEventRow(Base):
    """A member's own hash chain (see ``panel_audit``): one per member and round."""

    __tablename__ = "member_events"
    __table_args__ = (UniqueConstraint("assessment_id", "member", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("panels.assessment_id"), index=True)
    member: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str | None] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ConsensusRow(Base):
    """The panel's answer to an item: which version of ``answers`` it wrote, and why."""

    __tablename__ = "consensus"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id", "answer_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("panels.assessment_id"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    answer_version: Mapped[int] = mapped_column(Integer)
    level: Mapped[int | None] = mapped_column(Integer)
    special: Mapped[str | None] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))  # adopted (unanimous) or decided
    rationale: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)


class ConsensusSourceRow(Base):
    """A member's answer (at a version) that a consensus answer came from."""

    __tablename__ = "consensus_sources"

    consensus_id: Mapped[int] = mapped_column(ForeignKey("consensus.id"), primary_key=True)
    member_answer_id: Mapped[int] = mapped_column(ForeignKey("member_answers.id"), primary_key=True)
    member_version: Mapped[int] = mapped_column(Integer)


class RoundReviewRow(Base):
    """Where a round is in its four-eyes review; every step is also a ``review`` event."""

    __tablename__ = "round_reviews"
    __table_args__ = (
        CheckConstraint(
            "state IN ('draft', 'in_review', 'changes_requested', 'approved')",
            name="review_state_known",
        ),
    )

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))  # last request or approval
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SettingRow(Base):
    """Per-database settings, e.g. ``four_eyes``: off, panels (default) or all."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class TeamMemberRow(Base):
    """A database login on a country's team (PostgreSQL: row-level security reads it)."""

    __tablename__ = "team_members"

    login: Mapped[str] = mapped_column(String(200), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime)
