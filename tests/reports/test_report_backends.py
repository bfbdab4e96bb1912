"""The same answers give the same report bytes on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctcap.reports.gap import build_gap_report
from ctcap.reports.history import build_history
from ctcap.reports.portfolio import build_portfolio
from ctcap.reports.render.csv import render_gap_csv, render_portfolio_csv
from ctcap.reports.render.json import render_history_json
from ctcap.reports.render.md import render_gap_md, render_portfolio_md

from .conftest import ReportDb, build_report_db


def _outputs(db: ReportDb) -> list[str]:
    from ctcap.storage.engine import open_database

    database = open_database(db.url)
    try:
        with database.read() as session:
            gap = build_gap_report(session, "KEN")
            portfolio = build_portfolio(session)
            history = build_history(session, "KEN")
    finally:
        database.close()
    return [
        render_gap_md(gap),
        render_gap_csv(gap),
        render_portfolio_md(portfolio),
        render_portfolio_csv(portfolio),
        render_history_json(history),
    ]


@pytest.mark.postgres
def test_postgres_gives_the_same_bytes(
    report_db: ReportDb, postgres_url: str, tmp_path: Path
) -> None:
    on_postgres = build_report_db(tmp_path / "unused.sqlite", url=postgres_url)
    assert on_postgres.ids == report_db.ids
    assert _outputs(on_postgres) == _outputs(report_db)
