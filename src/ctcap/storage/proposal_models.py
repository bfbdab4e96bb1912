"""ORM models for proposals from published data (migration 0004), on the same Base.

A proposal is a level that a published value suggests for one item of one round, with
its provenance. It never changes an answer by itself: accepting it writes the answer
through ``repository.record_answer``. Every import, acceptance, edit and rejection is
an event in the round's *proposal log*, a hash chain of its own beside the answer chain
(see ``proposal_audit``).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

STATUSES = ("pending", "accepted", "edited", "rejected", "superseded")


class ProposalImportRow(Base):
    """One `ctcap data import`: which file, read through which mapping, by whom."""

    __tablename__ = "proposal_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # who-gho, fatf or untc
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[str] = mapped_column(String(120))  # mapping id and version
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC text, as audit events
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_skipped: Mapped[int] = mapped_column(Integer)  # bad rows left out (--skip-bad)
    proposals: Mapped[int] = mapped_column(Integer)  # proposals it stored


class ProposalRow(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'accepted', 'edited', 'rejected', 'superseded')",
            name="proposal_status_known",
        ),
        CheckConstraint("level IS NULL OR special IS NULL", name="proposal_one_kind"),
        CheckConstraint(
            "special IS NULL OR special IN ('na', 'unknown')", name="proposal_special_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("proposal_imports.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[int | None] = mapped_column(Integer)
    special: Mapped[str | None] = mapped_column(String(10))
    evidence: Mapped[str] = mapped_column(Text)  # canonical JSON list: key, value, date, location
    why: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. "answered already at import"
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")  # why rejected, or the edit's note
    answer_version: Mapped[int | None] = mapped_column(Integer)  # the answer it wrote
    facts: Mapped[str | None] = mapped_column(Text)  # treaty facts (untc), JSON; 0008


class ProposalEventRow(Base):
    """The proposal log: append-only, chained by SHA-256 per assessment, like answer events."""

    __tablename__ = "proposal_events"
    __table_args__ = (UniqueConstraint("assessment_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # propose, accept, edit, reject
    item_id: Mapped[str | None] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(Text)  # canonical JSON
    after: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
