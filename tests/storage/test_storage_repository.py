"""Repository behaviour on real databases: SQLite files and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from ctcap.domain.answers import Special
from ctcap.domain.evidence import legacy_entry
from ctcap.errors import (
    ConflictError,
    CtcapError,
    FinalizedError,
    InvalidAnswerError,
    NotFoundError,
)
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import open_database


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    yield database
    database.close()


def _new(database, checklist, country="KEN"):  # type: ignore[no-untyped-def]
    with database.write() as session:
        return repo.create_assessment(
            session, country=country, checklist=checklist, as_of=date(2026, 3, 1), assessor="ana"
        )


def test_answers_survive_reopening_the_database(db_url, minimal_checklist):  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    info = _new(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(
            session,
            info.id,
            "sltd-reporting",
            3,
            actor="ana",
            rationale="uploads weekly",
            evidence=[legacy_entry("report-2025")],
        )
        repo.record_answer(session, info.id, "sltd-screening", Special.NO_INFORMATION, actor="ana")
    database.close()

    reopened = open_database(db_url)
    with reopened.read() as session:
        detail = repo.get_assessment(session, info.id)
    reopened.close()
    assert detail.responses == {"sltd-reporting": 3, "sltd-screening": Special.NO_INFORMATION}
    assert detail.answers["sltd-reporting"].rationale == "uploads weekly"
    assert detail.answers["sltd-reporting"].evidence == (legacy_entry("report-2025"),)
    assert detail.info.country_name == "Kenya"
    assert detail.checklist == minimal_checklist


def test_a_stale_version_is_refused_and_shows_the_current_answer(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with database.write() as session:
        first = repo.record_answer(
            session, info.id, "sltd-reporting", 2, actor="ana", expected_version=0
        )
    with database.write() as session:
        repo.record_answer(
            session, info.id, "sltd-reporting", 4, actor="ben", expected_version=first.version
        )
    with pytest.raises(ConflictError) as caught, database.write() as session:
        repo.record_answer(
            session, info.id, "sltd-reporting", 1, actor="ana", expected_version=first.version
        )
    assert "ben" in str(caught.value)
    assert caught.value.current.response == 4
    with database.read() as session:
        assert repo.get_assessment(session, info.id).responses["sltd-reporting"] == 4


def test_bad_answers_are_refused_with_clear_errors(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with pytest.raises(NotFoundError, match="unknown item 'nope'"), database.write() as s:
        repo.record_answer(s, info.id, "nope", 3, actor="ana")
    with pytest.raises(InvalidAnswerError, match="level 9"), database.write() as s:
        repo.record_answer(s, info.id, "sltd-reporting", 9, actor="ana")
    with pytest.raises(NotFoundError, match="assessment 999"), database.write() as s:
        repo.record_answer(s, 999, "sltd-reporting", 3, actor="ana")
    with pytest.raises(NotFoundError, match="unknown country"), database.write() as s:
        repo.create_assessment(
            s, country="XQZ", checklist=minimal_checklist, as_of=date(2026, 1, 1), assessor="ana"
        )


def test_finalize_needs_every_item_and_then_refuses_writes(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 3, actor="ana")
    with pytest.raises(CtcapError, match="1 item"), database.write() as session:
        repo.finalize(session, info.id, actor="ana")
    with database.write() as session:
        repo.record_answer(session, info.id, "sltd-screening", Special.NOT_APPLICABLE, actor="ana")
        repo.finalize(session, info.id, actor="ana")
    with pytest.raises(FinalizedError), database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 4, actor="ana")
    with database.write() as session:
        repo.reopen(session, info.id, actor="lead", reason="typo in rationale")
        repo.record_answer(session, info.id, "sltd-reporting", 4, actor="ana")
    with database.read() as session:
        assert verify_all(session) == (1, None)
        kinds = (
            session.execute(
                text("SELECT kind FROM answer_events WHERE assessment_id = :a ORDER BY seq"),
                {"a": info.id},
            )
            .scalars()
            .all()
        )
    assert kinds == ["create", "answer", "answer", "finalize", "reopen", "answer"]


def test_a_failed_write_leaves_nothing_behind(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with pytest.raises(InvalidAnswerError), database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 3, actor="ana")
        repo.record_answer(session, info.id, "sltd-screening", 8, actor="ana")
    with database.read() as session:
        assert repo.get_assessment(session, info.id).responses == {}


def test_clearing_an_answer_makes_it_unanswered_again(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 3, actor="ana", rationale="r")
        cleared = repo.record_answer(session, info.id, "sltd-reporting", None, actor="ana")
    assert cleared.response is None and cleared.version == 2
    with database.read() as session:
        assert repo.get_assessment(session, info.id).responses == {}
        assert verify_all(session) == (1, None)


def test_tampering_with_the_audit_trail_is_detected(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 2, actor="ana")
        repo.record_answer(session, info.id, "sltd-reporting", 3, actor="ana")
    with database.write() as session:
        session.execute(text("UPDATE answer_events SET actor = 'mallory' WHERE seq = 2"))
    with database.read() as session:
        checked, broken = verify_all(session)
    assert checked == 1 and broken is not None and broken.seq == 2


def test_an_edited_answer_no_longer_matches_its_trail(database, minimal_checklist):  # type: ignore[no-untyped-def]
    info = _new(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 2, actor="ana")
    with database.write() as session:
        session.execute(text("UPDATE answers SET level = 5"))
    with database.read() as session:
        _, broken = verify_all(session)
    assert broken is not None and "sltd-reporting" in broken.reason


def test_the_same_checklist_content_is_stored_once(database, minimal_checklist):  # type: ignore[no-untyped-def]
    first = _new(database, minimal_checklist)
    second = _new(database, minimal_checklist, country="UGA")
    assert first.checklist_version_id == second.checklist_version_id
    changed = minimal_checklist.model_copy(update={"title": "Renamed"})
    third = _new(database, changed)
    assert third.checklist_version_id != first.checklist_version_id
