"""Checklist snapshots as stored with assessments, parsed once per content hash.

A snapshot row is immutable (its id names one content hash), so a parsed checklist can
be reused by every session. Only the 64-character hash is read on each call; the
snapshot itself (50–150 KB of JSON) only the first time a process meets it.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ctcap.domain.model import Checklist
from ctcap.errors import NotFoundError

from .models import ChecklistVersionRow

_CACHE_SIZE = 64
_parsed: OrderedDict[str, Checklist] = OrderedDict()
_lock = Lock()  # thread workers share the cache
# Built once: this runs on every answer written.
_DIGEST = select(ChecklistVersionRow.content_hash).where(
    ChecklistVersionRow.id == bindparam("version_id")
)


def _remember(digest: str, checklist: Checklist) -> Checklist:
    with _lock:
        _parsed[digest] = checklist
        _parsed.move_to_end(digest)
        while len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    return checklist


def checklist_snapshot(session: Session, version_id: int) -> Checklist:
    """The checklist exactly as stored with checklist version ``version_id``."""
    digest = session.scalar(_DIGEST, {"version_id": version_id})
    if digest is None:
        raise NotFoundError(f"checklist version {version_id} not found")
    with _lock:
        found = _parsed.get(digest)
    if found is not None:
        return found
    text = session.scalar(
        select(ChecklistVersionRow.snapshot).where(ChecklistVersionRow.id == version_id)
    )
    assert text is not None  # the row was there a moment ago in this transaction
    return _remember(digest, Checklist.model_validate_json(text))
