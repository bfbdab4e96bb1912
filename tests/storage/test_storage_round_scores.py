"""Final rounds keep their summary scores; the portfolio reads them, and trusts no stale one."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, text, update

from ctcap.domain.answers import Special
from ctcap.domain.summary import summarise, summary_from_json
from ctcap.reports.portfolio import build_portfolio
from ctcap.reports.render.json import render_portfolio_json
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import open_database
from ctcap.storage.models import RoundScoreRow


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    yield database
    database.close()


def _final_round(database, checklist, levels, country="KEN"):  # type: ignore[no-untyped-def]
    with database.write() as session:
        info = repo.create_assessment(
            session, country=country, checklist=checklist, as_of=date(2026, 3, 1), assessor="a"
        )
        for item_id, level in levels.items():
            repo.record_answer(session, info.id, item_id, level, actor="a")
        repo.finalize(session, info.id, actor="a")
    return info


def test_finalize_stores_the_summary_and_reopen_drops_it(database, minimal_checklist):  # type: ignore[no-untyped-def]
    levels = {"sltd-reporting": 2, "sltd-screening": Special.NO_INFORMATION}
    info = _final_round(database, minimal_checklist, levels)
    with database.read() as session:
        row = session.get(RoundScoreRow, info.id)
        assert row is not None
        assert summary_from_json(row.summary) == summarise(minimal_checklist, levels)
    with database.write() as session:
        repo.reopen(session, info.id, actor="lead", reason="recheck")
    with database.read() as session:
        assert session.get(RoundScoreRow, info.id) is None


def test_the_portfolio_is_the_same_from_stored_summaries_or_from_the_answers(
    database, minimal_checklist
) -> None:  # type: ignore[no-untyped-def]
    _final_round(database, minimal_checklist, {"sltd-reporting": 2, "sltd-screening": 4})
    _final_round(database, minimal_checklist, {"sltd-reporting": 5, "sltd-screening": 1}, "UGA")
    with database.read() as session:
        stored = render_portfolio_json(build_portfolio(session))
    with database.write() as session:
        session.execute(delete(RoundScoreRow))
    with database.read() as session:
        scored = render_portfolio_json(build_portfolio(session))
    assert stored == scored


def test_a_stale_summary_is_not_used(database, minimal_checklist) -> None:  # type: ignore[no-untyped-def]
    info = _final_round(database, minimal_checklist, {"sltd-reporting": 5, "sltd-screening": 5})
    with database.read() as session:
        honest = render_portfolio_json(build_portfolio(session))
    # A summary that no longer names the last audit event (as after a change made by any
    # path that appends an event) is ignored: the portfolio scores the answers instead.
    forged = summarise(minimal_checklist, {"sltd-reporting": 1, "sltd-screening": 1})
    from ctcap.domain.summary import summary_to_json

    with database.write() as session:
        session.execute(
            update(RoundScoreRow)
            .where(RoundScoreRow.assessment_id == info.id)
            .values(summary=summary_to_json(forged), event_seq=RoundScoreRow.event_seq - 1)
        )
    with database.read() as session:
        assert render_portfolio_json(build_portfolio(session)) == honest
        assert verify_all(session)[1] is None  # never used, so not a break


def test_an_edited_summary_breaks_audit_verify(database, minimal_checklist) -> None:  # type: ignore[no-untyped-def]
    info = _final_round(database, minimal_checklist, {"sltd-reporting": 2, "sltd-screening": 2})
    with database.read() as session:
        assert verify_all(session) == (1, None)
        stored = session.scalar(select(RoundScoreRow.summary))
    assert stored is not None
    with database.write() as session:
        session.execute(
            text("UPDATE round_scores SET summary = :s"),
            {"s": stored.replace('"overall":40.0', '"overall":90.0')},
        )
    with database.read() as session:
        _, broken = verify_all(session)
    assert broken is not None and broken.assessment_id == info.id
    assert "stored round scores" in broken.reason
