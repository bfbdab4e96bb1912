"""Self against external in the history and the gap report, on a real SQLite file.

Kenya (minimal checklist): a final round of 2025, then a self-assessment and an
external round both as of 2026-03-01. Those two are compared with each other, item by
item and area by area, and neither is the other's previous round.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ctcap.domain.answers import Special
from ctcap.reports.formats import render_gap, render_history
from ctcap.reports.gap import build_gap_report
from ctcap.reports.history import build_history
from ctcap.storage import repository
from ctcap.storage.engine import Database, open_database

from .conftest import CHECKLISTS

DAY = date(2026, 3, 1)
ROUNDS = (  # origin, as of, sltd-reporting, sltd-screening
    (None, date(2025, 3, 1), 2, 2),
    ("self", DAY, 4, 3),
    ("external", DAY, 3, Special.NO_INFORMATION),
)


@pytest.fixture
def pair_db(tmp_path: Path) -> Iterator[tuple[Database, list[int]]]:
    from ctcap.loading.checklists import load_checklist

    minimal = load_checklist(CHECKLISTS / "minimal.yaml", CHECKLISTS)
    database = open_database(f"sqlite:///{tmp_path / 'pair.sqlite'}")
    ids = []
    with database.write() as session:
        for origin, as_of, first, second in ROUNDS:
            info = repository.create_assessment(
                session, country="KEN", checklist=minimal, as_of=as_of, assessor="ana",
                origin=origin,
            )  # fmt: skip
            repository.record_answer(session, info.id, "sltd-reporting", first, actor="ana")
            repository.record_answer(session, info.id, "sltd-screening", second, actor="ana")
            repository.finalize(session, info.id, actor="ana")
            ids.append(info.id)
    yield database, ids
    database.close()


def test_history_compares_the_pair_and_not_as_a_change_over_time(pair_db: Any) -> None:
    database, (old, ours, theirs) = pair_db
    with database.read() as session:
        history = build_history(session, "KEN")
    [track] = history.tracks
    [section] = track.self_external
    assert (section.self_round.assessment_id, section.external_round.assessment_id) == (
        ours,
        theirs,
    )
    assert section.mean_steps == -1.5 and section.lower == 2 and section.compared == 2
    assert [(c.before.assessment_id, c.after.assessment_id) for c in track.comparisons] == [
        (old, ours),
        (old, theirs),
    ]
    text = render_history(history, "md")
    row = next(line for line in text.splitlines() if line.startswith("| Travel documents"))
    assert row.rstrip(" |").endswith("40.0 =")  # against 2025, not against the self round
    assert "### Self against external, as of 2026-03-01" in text
    assert f"Self-assessment #{ours} (final) against external #{theirs} (final)" in text
    assert "mean -1.50 steps (-30.0 points); 2 lower, 0 higher externally" in text
    data = json.loads(render_history(history, "json"))
    [found] = data["checklists"][0]["self_external"]
    assert found["self"]["id"] == ours and found["external"]["id"] == theirs
    assert [i["steps"] for i in found["items"]] == [-1, -2]


def test_gap_report_of_either_round_carries_the_section_in_every_format(pair_db: Any) -> None:
    database, (old, ours, theirs) = pair_db
    with database.read() as session:
        report = build_gap_report(session, "KEN", theirs)
        mine = build_gap_report(session, "KEN", ours)
        earlier = build_gap_report(session, "KEN", old)
    assert report.against is not None and report.against.assessment_id == old
    assert report.self_external is not None and mine.self_external == report.self_external
    assert earlier.self_external is None
    md = render_gap(report, "md")
    assert "## Self against external, as of 2026-03-01" in md and "mean -1.50 steps" in md
    data = json.loads(render_gap(report, "json"))
    assert data["self_external"]["mean_steps"] == -1.5
    assert json.loads(render_gap(earlier, "json"))["self_external"] is None
    rows = list(csv.DictReader(io.StringIO(str(render_gap(report, "csv")))))
    screening = next(r for r in rows if r["item"] == "sltd-screening")
    assert (screening["self_response"], screening["external_response"]) == ("3", "unknown")
    assert screening["external_minus_self_steps"] == "-2"
    assert screening["self_assessment_id"] == str(ours)
    html = str(render_gap(report, "html"))
    assert "Self against external" in html and "external − self" in html
    book = load_workbook(io.BytesIO(render_gap(report, "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames[-2:] == ["Self vs external", "Self vs external items"]
    plain = load_workbook(io.BytesIO(render_gap(earlier, "xlsx")))  # type: ignore[arg-type]
    assert "Self vs external" not in plain.sheetnames


def test_two_rounds_of_one_date_nobody_marked_are_not_paired(tmp_path: Path) -> None:
    from ctcap.loading.checklists import load_checklist

    minimal = load_checklist(CHECKLISTS / "minimal.yaml", CHECKLISTS)
    database = open_database(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    try:
        with database.write() as session:
            for origin in (None, "external"):
                repository.create_assessment(
                    session, country="KEN", checklist=minimal, as_of=DAY, assessor="ana",
                    origin=origin,
                )  # fmt: skip
        with database.read() as session:
            history = build_history(session, "KEN")
            report = build_gap_report(session, "KEN")
    finally:
        database.close()
    assert history.tracks[0].self_external == () and report.self_external is None
    assert len(history.tracks[0].comparisons) == 1  # an unmarked round is a round before
