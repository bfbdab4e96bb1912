"""Migration 0008 carries a database written at 0007 forward with every value preserved.

The database is built the way 0007's ctcap left it: Alembic's ``command.upgrade`` to
"0007", then raw inserts of what that release wrote (plain-text evidence, answer events
of the old three-key format, chained with the same hash function), because today's
repository writes columns 0007 does not have.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import create_engine, text

from ctcap.domain.evidence import legacy_entry
from ctcap.domain.method import AssessmentType
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import HEAD_REVISION, MIGRATIONS, open_database
from evidence.old_database import CREATED, OLD_ANSWERS, UID, at_0007, fill_0007


def _events_now(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT seq, kind, before, after, prev_hash, hash FROM answer_events ORDER BY seq")
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_a_0007_database_opens_at_head_with_every_value_preserved(
    db_url: str, minimal_checklist: Any
) -> None:
    from ctcap.storage import repository

    at_0007(db_url)
    assessment_id = fill_0007(db_url, minimal_checklist)
    events_before = _events_now(db_url)

    database = open_database(db_url)  # migrates to the head
    try:
        with database.read() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            detail = repository.get_assessment(session, assessment_id)
            assert verify_all(session) == (1, None)  # old events verify, replay gives the table
        info = detail.info
        assert revision == HEAD_REVISION == "0010"
        assert (info.uid, info.title, info.as_of, info.assessor, info.status) == (
            UID, "Kenya 2026", date(2026, 1, 1), "ana", "draft",
        )  # fmt: skip
        assert (info.created_at, info.updated_at) == (CREATED, CREATED)
        assert (info.mark, info.names_mark, info.assessment_type, info.team) == (
            "AMBER", None, AssessmentType.UNKNOWN, (),
        )  # fmt: skip
        for item, (level, special, why, evidence, by, version) in OLD_ANSWERS.items():
            answer = detail.answers[item]
            assert answer.response == (special if special is not None else level)
            assert (answer.rationale, answer.assessor, answer.version) == (why, by, version)
            assert answer.updated_at == CREATED
            assert answer.evidence == tuple(legacy_entry(ref) for ref in evidence)
            assert (answer.confidence, answer.facts, answer.mark) == (None, None, None)
        assert _events_now(db_url) == events_before  # the chain itself is untouched
        with database.read() as session:
            raw = session.execute(
                text("SELECT evidence FROM answers WHERE item_id = 'sltd-reporting'")
            ).scalar_one()
        assert json.loads(raw) == [legacy_entry(r).as_json() for r in ["upload log 2025", "SOP-7"]]

        # The round goes on at the head: a new answer, a mark, and the chain still verifies.
        with database.write() as session:
            repository.record_answer(
                session, assessment_id, "sltd-reporting", 4, actor="ana",
                evidence=[*detail.answers["sltd-reporting"].evidence,
                          legacy_entry("visit 2026")],
            )  # fmt: skip
            from ctcap.storage.marking import set_marks

            set_marks(session, assessment_id, actor="ana", mark="GREEN")
        with database.read() as session:
            assert verify_all(session) == (1, None)
            assert repository.get_assessment(session, assessment_id).info.mark == "GREEN"
    finally:
        database.close()


def test_downgrading_0008_keeps_each_reference(db_url: str, minimal_checklist: Any) -> None:
    from alembic import command
    from alembic.config import Config

    at_0007(db_url)
    fill_0007(db_url, minimal_checklist)
    open_database(db_url).close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT item_id, evidence FROM answers")).all())
    engine.dispose()
    assert json.loads(stored["sltd-reporting"]) == ["upload log 2025", "SOP-7"]
