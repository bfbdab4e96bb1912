"""ORM models of the project register (migration 0006), on the same Base as ``models``.

Amounts are stored in hundredths (integers): exact on every backend, and summed in SQL
without floating point. Dates are text as precise as the source (YYYY, YYYY-MM or
YYYY-MM-DD): a paper that names a month gives no day.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class ProjectRow(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    identifier: Mapped[str] = mapped_column(String(150), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    reporting_org: Mapped[str] = mapped_column(String(300), default="")
    reporting_org_ref: Mapped[str] = mapped_column(String(300), default="")
    funding_org: Mapped[str] = mapped_column(String(300), index=True)
    funding_org_ref: Mapped[str] = mapped_column(String(300), default="")
    implementing_org: Mapped[str] = mapped_column(String(300), default="")
    implementing_org_ref: Mapped[str] = mapped_column(String(300), default="")
    programme: Mapped[str] = mapped_column(String(300), default="")
    scheme: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[int | None] = mapped_column(Integer)
    recipient_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    recipient_region: Mapped[str | None] = mapped_column(String(40))
    parent: Mapped[str | None] = mapped_column(String(150))
    area: Mapped[str | None] = mapped_column(String(40))
    decided: Mapped[str | None] = mapped_column(String(10))
    planned_start: Mapped[str | None] = mapped_column(String(10))
    planned_end: Mapped[str | None] = mapped_column(String(10))
    actual_start: Mapped[str | None] = mapped_column(String(10))
    actual_end: Mapped[str | None] = mapped_column(String(10))
    currency: Mapped[str | None] = mapped_column(String(3))
    budget: Mapped[int | None] = mapped_column(BigInteger)  # hundredths of ``currency``
    committed: Mapped[int | None] = mapped_column(BigInteger)
    disbursed: Mapped[int | None] = mapped_column(BigInteger)
    donor_currency: Mapped[str | None] = mapped_column(String(3))
    donor_budget: Mapped[int | None] = mapped_column(BigInteger)
    donor_committed: Mapped[int | None] = mapped_column(BigInteger)
    donor_disbursed: Mapped[int | None] = mapped_column(BigInteger)
    approximate: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    # A level of the database's mark scheme (migration 0010): who may see the project.
    mark: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ProjectLinkRow(Base):
    """An item a project addresses, by checklist id and item id (not by round)."""

    __tablename__ = "project_links"
    __table_args__ = (UniqueConstraint("project_id", "checklist_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    checklist_id: Mapped[str] = mapped_column(String(80))
    item_id: Mapped[str] = mapped_column(String(80))
    # The checklist version the link was checked against: a later rewording is flagged.
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))


class ProjectEventRow(Base):
    """Append-only history of each project, hash-chained per project like answer events."""

    __tablename__ = "project_events"
    __table_args__ = (UniqueConstraint("project_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(Text)  # canonical JSON of the whole project
    after: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
