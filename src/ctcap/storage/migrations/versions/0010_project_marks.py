"""project marks: a handling mark on each project, vouched for by its audit chain

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Existing projects get the default mark of this database's scheme (the ``marks`` setting;
TLP:AMBER without it). Their chains are not rewritten: each gets one more event, of
kind ``mark``, by "ctcap (migration 0010)", whose ``before`` is the project as its last
event left it and whose ``after`` adds the mark. Old events keep verifying, and from
here on the last event of every chain states the project's mark, as ``verify_projects``
requires. The column sits on the projects table, whose grants (0006) cover it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTOR = "ctcap (migration 0010)"
TLP_DEFAULT = "AMBER"
_CHUNK = 500

_settings = sa.table("settings", sa.column("key", sa.String()), sa.column("value", sa.Text()))
_projects = sa.table("projects", sa.column("id", sa.Integer()), sa.column("uid", sa.String()))
_events = sa.table(
    "project_events",
    *(sa.column(name, sa.Integer()) for name in ("id", "project_id", "seq")),
    *(sa.column(name, sa.Text()) for name in ("kind", "actor", "at", "before", "after")),
    *(sa.column(name, sa.String()) for name in ("prev_hash", "hash")),
)


def _default_mark(connection: sa.Connection) -> str:
    stored = connection.execute(
        sa.select(_settings.c.value).where(_settings.c.key == "marks")
    ).scalar()
    return str(json.loads(stored)["default"]) if stored else TLP_DEFAULT


def upgrade() -> None:
    connection = op.get_bind()
    mark = _default_mark(connection)
    # In place, not a batch (copy-and-move): links and events point at projects.
    op.add_column("projects", sa.Column("mark", sa.String(40), nullable=False, server_default=mark))
    _append_mark_events(connection, mark)


def _append_mark_events(connection: sa.Connection, mark: str) -> None:
    from ctcap.storage.audit import chain_hash, dumps

    at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    last_seq = (
        sa.select(_events.c.project_id, sa.func.max(_events.c.seq).label("seq"))
        .group_by(_events.c.project_id)
        .subquery()
    )
    query = (
        sa.select(_projects.c.id, _projects.c.uid, _events.c.seq, _events.c.after, _events.c.hash)
        .join(last_seq, last_seq.c.project_id == _projects.c.id)
        .join(
            _events,
            (_events.c.project_id == last_seq.c.project_id) & (_events.c.seq == last_seq.c.seq),
        )
        .order_by(_projects.c.id)
    )
    rows = connection.execute(query).all()
    for start in range(0, len(rows), _CHUNK):
        new = []
        for project_id, uid, seq, after, prev_hash in rows[start : start + _CHUNK]:
            before = json.loads(after)
            marked = dumps({**before, "mark": mark})
            digest = chain_hash(prev_hash, uid, seq + 1, "mark", None, ACTOR, at, after, marked)
            new.append(
                {"project_id": project_id, "seq": seq + 1, "kind": "mark", "actor": ACTOR,
                 "at": at, "before": after, "after": marked, "prev_hash": prev_hash,
                 "hash": digest}
            )  # fmt: skip
        connection.execute(sa.insert(_events), new)


def downgrade() -> None:
    # Only the events this migration wrote go; a project marked since keeps its later
    # events, which 0009's ctcap cannot replay (its chain then reports the difference).
    later = sa.alias(_events, "later")
    is_last = ~sa.exists().where(
        later.c.project_id == _events.c.project_id, later.c.seq > _events.c.seq
    )
    op.execute(
        sa.delete(_events).where(_events.c.kind == "mark", _events.c.actor == ACTOR, is_last)
    )
    op.drop_column("projects", "mark")
