"""A database as 0007's ctcap left it: Alembic to "0007", then raw inserts of what that
release wrote (plain-text evidence, answer events of the old three-key format, chained
with the same hash function), because today's repository writes columns 0007 lacks."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import create_engine, text

from ctcap.domain.model import canonical_json, content_hash
from ctcap.storage.audit import GENESIS, chain_hash, dumps
from ctcap.storage.engine import MIGRATIONS

UID = "0123456789abcdef0123456789abcdef"
CREATED = datetime(2026, 1, 2, 9, 0, 0)
EVENTS_AT = "2026-01-02T09:00:00.000000Z"


def at_0007(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    engine.dispose()


# The answers 0007 held: level, special, rationale, evidence (plain text), assessor, version.
OLD_ANSWERS = {
    "sltd-reporting": (3, None, "weekly uploads «é»", ["upload log 2025", "SOP-7"], "ana", 2),
    "sltd-screening": (None, "na", "no land border", [], "ben", 1),
}


def old_events() -> list[tuple[str, str | None, str, Any, Any]]:
    """kind, item, actor, before, after: as 0007's ctcap recorded them."""
    create = {"checklist": "minimal", "version": "1.1", "country": "KEN", "as_of": "2026-01-01"}
    first = {"response": 2, "rationale": "monthly", "evidence": ["upload log 2024"]}
    level, _, rationale, evidence, _, _ = OLD_ANSWERS["sltd-reporting"]
    second = {"response": level, "rationale": rationale, "evidence": evidence}
    level, special, rationale, evidence, _, _ = OLD_ANSWERS["sltd-screening"]
    screening = {"response": special, "rationale": rationale, "evidence": evidence}
    return [
        ("create", None, "ana", {}, create),
        ("answer", "sltd-reporting", "ana", {}, first),
        ("answer", "sltd-screening", "ben", {}, screening),
        ("answer", "sltd-reporting", "ana", first, second),
    ]


def fill_0007(url: str, checklist: Any) -> int:
    engine = create_engine(url)
    with engine.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO countries (code, name, fictional) VALUES ('KEN', 'Kenya', false)"))
        version_id = run(
            text(
                "INSERT INTO checklist_versions (checklist_id, version, title, content_hash, "
                "snapshot, loaded_at) VALUES (:c, :v, :t, :h, :s, :at) RETURNING id"
            ),
            {"c": checklist.id, "v": checklist.version, "t": checklist.title,
             "h": content_hash(checklist), "s": canonical_json(checklist), "at": CREATED},
        ).scalar_one()  # fmt: skip
        assessment_id = run(
            text(
                "INSERT INTO assessments (uid, country_code, checklist_version_id, title, as_of, "
                "assessor, status, synthetic, created_at, updated_at) VALUES (:u, 'KEN', :v, "
                "'Kenya 2026', :d, 'ana', 'draft', false, :at, :at) RETURNING id"
            ),
            {"u": UID, "v": version_id, "d": date(2026, 1, 1), "at": CREATED},
        ).scalar_one()
        for item, (level, special, why, evidence, by, version) in OLD_ANSWERS.items():
            run(
                text(
                    "INSERT INTO answers (assessment_id, item_id, level, special, rationale, "
                    "evidence, assessor, updated_at, version, needs_rescore) VALUES (:a, :i, :l, "
                    ":s, :r, :e, :by, :at, :v, false)"
                ),
                {"a": assessment_id, "i": item, "l": level, "s": special, "r": why,
                 "e": json.dumps(evidence, ensure_ascii=False), "by": by, "at": CREATED,
                 "v": version},
            )  # fmt: skip
        prev = GENESIS
        for seq, (kind, item, actor, before, after) in enumerate(old_events(), start=1):
            digest = chain_hash(prev, UID, seq, kind, item, actor, EVENTS_AT, dumps(before),
                                dumps(after))  # fmt: skip
            run(
                text(
                    "INSERT INTO answer_events (assessment_id, seq, kind, item_id, actor, at, "
                    "before, after, prev_hash, hash) VALUES (:a, :n, :k, :i, :by, :at, :b, :f, "
                    ":p, :h)"
                ),
                {"a": assessment_id, "n": seq, "k": kind, "i": item, "by": actor,
                 "at": EVENTS_AT, "b": dumps(before), "f": dumps(after), "p": prev, "h": digest},
            )  # fmt: skip
            prev = digest
    engine.dispose()
    return int(assessment_id)
