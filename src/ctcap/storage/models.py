"""The typed ORM models. Schema changes go through an Alembic migration."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CountryRow(Base):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    fictional: Mapped[bool] = mapped_column(default=False)


class ChecklistVersionRow(Base):
    """A checklist exactly as it was loaded: history never depends on today's YAML."""

    __tablename__ = "checklist_versions"
    __table_args__ = (UniqueConstraint("checklist_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'final')", name="status_known"),
        CheckConstraint(
            "assessment_type IN ('self-assessment', 'desk-review', 'on-site-visit', "
            "'joint-external', 'unknown')",
            name="assessment_type_known",
        ),
        CheckConstraint("origin IS NULL OR origin IN ('self', 'external')", name="origin_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))
    title: Mapped[str] = mapped_column(String(300))
    as_of: Mapped[date] = mapped_column(Date)
    assessor: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    synthetic: Mapped[bool] = mapped_column(default=False)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    cursor_item_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who assessed, how, and who may see it (migration 0008; ``domain.method``, ``marks``).
    assessment_type: Mapped[str] = mapped_column(String(20), server_default="unknown")
    team: Mapped[str] = mapped_column(Text, server_default="[]")  # JSON: name, organisation, role
    mark: Mapped[str] = mapped_column(String(40), server_default="AMBER")
    names_mark: Mapped[str | None] = mapped_column(String(40))  # the assessor's and team's names
    # Who assessed: the country itself ("self") or an outside team ("external"); None
    # when nobody said. Fixed at creation (the create event records it).
    origin: Mapped[str | None] = mapped_column(String(10))


class AnswerRow(Base):
    """The current answer to one item. Both level and special empty means cleared."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id"),
        CheckConstraint("level IS NULL OR special IS NULL", name="one_kind_of_answer"),
        CheckConstraint("special IS NULL OR special IN ('na', 'unknown')", name="special_known"),
        CheckConstraint(
            "confidence IS NULL OR confidence IN ('high', 'medium', 'low')",
            name="confidence_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[int | None] = mapped_column(Integer)
    special: Mapped[str | None] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text, default="")
    # JSON list of evidence entries (``domain.evidence.EvidenceEntry.as_json``).
    evidence: Mapped[str] = mapped_column(Text, default="[]")
    assessor: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    needs_rescore: Mapped[bool] = mapped_column(default=False)
    confidence: Mapped[str | None] = mapped_column(String(10))  # None: not recorded
    facts: Mapped[str | None] = mapped_column(Text)  # JSON ``domain.treaty.TreatyFacts``
    mark: Mapped[str | None] = mapped_column(String(40))  # None: the assessment's mark


class AnswerEventRow(Base):
    """Append-only history of every change, chained by SHA-256 per assessment."""

    __tablename__ = "answer_events"
    __table_args__ = (UniqueConstraint("assessment_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str | None] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC text: hashed exactly as stored
    before: Mapped[str] = mapped_column(Text)  # canonical JSON
    after: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RoundScoreRow(Base):
    """A final round's summary scores (``domain.summary``), written when it is finalized.

    Derived, not part of the record: ``audit verify`` recomputes it from the answers. It
    is used only while ``event_seq`` is still the assessment's last audit event (any later
    change, by any path, appends one) and ``rules`` the current scoring rules.
    """

    __tablename__ = "round_scores"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    rules: Mapped[int] = mapped_column(Integer)
    event_seq: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)


class ImportRow(Base):
    """Who brought which bundle into this database, and what it did here.

    A local log beside the audit chain, not in it: the chain of a shared assessment must
    stay the same on every copy, and adding an event for each import would make every
    round trip of a bundle grow it. Imports that changed nothing (up to date) are not logged;
    one that changed only the assessment's projects is, as "projects only".
    """

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    # created, fast-forward, merged, or projects only (``bundles.log.PROJECTS_ONLY``)
    outcome: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC text, as audit events
    applied: Mapped[int] = mapped_column(Integer)  # answers the import changed
    conflicts: Mapped[int] = mapped_column(Integer)  # conflicts open after it
    # How the bundle was signed: "verified" (signer_key is trusted here), "unsigned" or
    # "unknown key" (both accepted only with --allow-unsigned), or "not checked" (logged
    # before bundles were signed).
    signature: Mapped[str] = mapped_column(String(20), server_default="not checked")
    signer_key: Mapped[str | None] = mapped_column(String(32))
    signer_name: Mapped[str | None] = mapped_column(String(200))


class TrustedKeyRow(Base):
    """A public key whose signed bundles this database imports (``ctcap keys trust``).

    In the database, not in a user's files: a team sharing a database shares whom it
    trusts, and the import log names signers the whole team can look up.
    """

    __tablename__ = "trusted_keys"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))  # raw Ed25519 key, base64
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[str] = mapped_column(String(40))


class EventSignerRow(Base):
    """Which key vouched for an audit event that arrived in a signed bundle.

    Beside the chain, not in it (the chain hashes stay the same on every copy). Events
    made here have no row: an export names the exporting key for them. ``signer`` is a
    key id, or "unsigned" for events accepted from a bundle with --allow-unsigned.
    """

    __tablename__ = "event_signers"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    signer: Mapped[str] = mapped_column(String(32))


# Tables added beside these live in their own modules on the same Base; imported here so
# that Base.metadata, and so Alembic's comparison, always holds them.
from . import panel_models as panel_models  # noqa: E402
from . import project_models as project_models  # noqa: E402
from . import proposal_models as proposal_models  # noqa: E402
