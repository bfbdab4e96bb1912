"""The times storage records: naive UTC datetimes, and audit stamps as text."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


def stamp_now() -> str:
    """An audit event's time: now, in UTC, to the microsecond."""
    return stamp(utcnow())
