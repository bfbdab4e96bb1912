"""The agreement report and self against external in every format, on a real SQLite file.

One panel round of three members over the two-item ``minimal`` checklist, revealed; a
member's name is hostile (a formula, markup) so each format shows it as text.
"""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ctcap.domain.answers import Special
from ctcap.reports.agreement import build_agreement_report
from ctcap.reports.formats import FORMATS, render_agreement, render_self_external
from ctcap.reports.self_external import build_self_external
from ctcap.storage import consensus, panels, repository
from ctcap.storage.engine import Database, open_database
from panels.panel_help import Ran, refused

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"
HOSTILE = "=HYPERLINK(<b>x<\\b>)"
MEMBERS = ("ana", "ben", HOSTILE)
# sltd-reporting: unanimous 3; sltd-screening: 1, 4 and N/A (the one to discuss).
ANSWERS = {"ana": (3, 1), "ben": (3, 4), HOSTILE: (3, Special.NOT_APPLICABLE)}


@pytest.fixture
def minimal() -> Any:
    from ctcap.loading.checklists import load_checklist

    return load_checklist(CHECKLISTS / "minimal.yaml", CHECKLISTS)


@pytest.fixture
def panel_db(tmp_path: Path, minimal: Any) -> Iterator[tuple[Database, int, Path]]:
    path = tmp_path / "panel.sqlite"
    database = open_database(f"sqlite:///{path}")
    with database.write() as session:
        aid = repository.create_assessment(
            session, country="KEN", checklist=minimal, as_of=date(2026, 3, 1), assessor="ana"
        ).id
        panels.create_panel(session, aid, lead="ana", members=MEMBERS[1:], actor="ana")
        for member, levels in ANSWERS.items():
            for item, level in zip(("sltd-reporting", "sltd-screening"), levels, strict=True):
                panels.record_member_answer(session, aid, member, item, level)
        panels.reveal(session, aid, actor="ana")
        consensus.record_consensus(
            session, aid, "sltd-screening", 2, actor="ana", rationale="the SOP exists"
        )
    yield database, aid, path
    database.close()


def _report(panel_db: tuple[Database, int, Path]) -> Any:
    database, aid, _ = panel_db
    with database.read() as session:
        return build_agreement_report(session, aid, "ben")


def test_agreement_json_carries_ranks_answers_alpha_and_consensus(panel_db: Any) -> None:
    report = _report(panel_db)
    data = json.loads(render_agreement(report, "json"))
    assert data["kind"] == "panel-agreement" and data["schema_version"] == 2
    assert data["handling"]["label"].startswith("TLP:")
    assert data["discussion"] == ["sltd-screening"] and data["adoptable"] == ["sltd-reporting"]
    screening = data["items"][1]
    assert screening["answers"] == {"ana": 1, "ben": 4, HOSTILE: "na"}
    assert screening["spread"] == 3 and screening["within_one"] is False
    assert screening["rank"] == 1 and screening["consensus"]["value"] == 2
    assert data["items"][0]["rank"] is None and data["items"][0]["unanimous"] is True
    assert data["overall"]["alpha"] == round(report.agreement.overall.value, 4)


def test_agreement_markdown_ranks_and_escapes(panel_db: Any) -> None:
    text = render_agreement(_report(panel_db), "md")
    assert isinstance(text, str)
    discussion = text.split("## Most in need of discussion")[1]
    assert "(`sltd-screening`)" in discussion and "(`sltd-reporting`)" not in discussion
    row = next(line for line in discussion.splitlines() if "sltd-screening" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == "1" and cells[3] == "3" and cells[4] == "no"
    assert cells[5:8] == ["1", "4", "N/A"] and cells[8] == "2 Limited capacity"
    assert "<b>" not in text and "\\<b\\>" in text  # the member's markup stays text
    assert "1 unanimous (1 to adopt" in text and "1 decided" in text


def test_agreement_csv_has_a_row_per_item_and_member_guarded(panel_db: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(render_agreement(_report(panel_db), "csv"))))
    assert len(rows) == 2 * len(MEMBERS)
    mine = {(r["item"], r["member"]): r for r in rows}
    assert mine[("sltd-screening", "ben")]["level"] == "4"
    assert mine[("sltd-screening", "ana")]["lead"] == "yes"
    assert mine[("sltd-screening", "ana")]["consensus_response"] == "2"
    hostile = [r for r in rows if r["member"].endswith(HOSTILE)]
    assert hostile and all(r["member"] == "'" + HOSTILE for r in hostile)
    assert mine[("sltd-screening", "ben")]["discussion_rank"] == "1"


def test_agreement_xlsx_colours_answers_and_keeps_names_text(panel_db: Any, minimal: Any) -> None:
    book = load_workbook(io.BytesIO(render_agreement(_report(panel_db), "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Summary", "Areas", "Discussion", "Items"]
    items = book["Items"]
    headers = [c.value for c in items[2]]
    assert "'" + HOSTILE in headers and HOSTILE not in headers
    ben = headers.index("ben") + 1
    row = next(r for r in range(3, items.max_row + 1) if items.cell(r, 2).value == "sltd-screening")
    assert items.cell(row, ben).value == "4 Demonstrated capacity"
    colour = minimal.scale.level(4).colour.lstrip("#").upper()
    assert items.cell(row, ben).fill.fgColor.rgb.endswith(colour)  # the level's own colour
    assert book["Discussion"].max_row == 3  # title, headers, one item


def test_agreement_html_is_escaped_and_lists_the_discussion(panel_db: Any) -> None:
    html = render_agreement(_report(panel_db), "html")
    assert isinstance(html, str)
    assert "<b>" not in html and "&lt;b&gt;x" in html
    assert "Most in need of discussion" in html and "sltd-screening" in html


def test_every_format_renders_both_reports(panel_db: Any, tmp_path: Path, minimal: Any) -> None:
    database, _, _ = panel_db
    ids = _self_and_external(database, minimal)
    with database.read() as session:
        compared = build_self_external(session, *ids)
    for fmt in FORMATS:
        for data in (render_agreement(_report(panel_db), fmt), render_self_external(compared, fmt)):
            assert data and isinstance(data, bytes if fmt == "xlsx" else str)


def _self_and_external(database: Database, minimal: Any) -> tuple[int, int]:
    ids = []
    with database.write() as session:
        for origin, levels in (("self", (4, 3)), ("external", (3, Special.NO_INFORMATION))):
            info = repository.create_assessment(
                session, country="NPL", checklist=minimal, as_of=date(2026, 5, 1),
                assessor="ana", origin=origin,
            )  # fmt: skip
            for item, level in zip(("sltd-reporting", "sltd-screening"), levels, strict=True):
                repository.record_answer(session, info.id, item, level, actor="ana")
            ids.append(info.id)
    return ids[0], ids[1]


def test_self_external_in_every_format_says_external_minus_self(
    panel_db: Any, minimal: Any
) -> None:
    database, _, _ = panel_db
    ids = _self_and_external(database, minimal)
    with database.read() as session:
        report = build_self_external(session, *ids)
    data = json.loads(render_self_external(report, "json"))
    assert data["kind"] == "self-external" and data["mean_steps"] == -1.5
    assert [i["steps"] for i in data["items"]] == [-1, -2]
    assert data["self"]["id"] == ids[0] and data["external"]["id"] == ids[1]
    rows = list(csv.DictReader(io.StringIO(render_self_external(report, "csv"))))
    assert [r["steps"] for r in rows] == ["-1", "-2"] and rows[0]["mean_steps"] == "-1.5000"
    book = load_workbook(io.BytesIO(render_self_external(report, "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Self vs external", "Self vs external items"]
    assert [c.value for c in book["Self vs external items"]["F"][2:]] == [-1, -2]
    md = render_self_external(report, "md")
    assert "mean -1.50 steps (-30.0 points)" in md and "2 lower, 0 higher" in md
    assert "external − self" in render_self_external(report, "html")


def test_rounds_created_the_other_way_round_are_refused(panel_db: Any, minimal: Any) -> None:
    database, _, _ = panel_db
    ids = _self_and_external(database, minimal)
    from ctcap.errors import CtcapError

    with database.read() as session, pytest.raises(CtcapError, match="created as an external"):
        build_self_external(session, ids[1], ids[0])


def test_cli_writes_every_format_owner_only_and_refuses_xlsx_on_a_terminal(
    panel_db: Any, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    _, aid, path = panel_db
    as_json = cli("panel", "agreement", str(aid), "--json", db=path)
    assert as_json.code == 0
    assert as_json.out == cli("panel", "agreement", str(aid), "--format", "json", db=path).out
    for fmt in FORMATS:
        target = tmp_path / f"agreement.{fmt}"
        ran = cli("panel", "agreement", str(aid), "--format", fmt, "-o", str(target), db=path)
        assert ran.code == 0, ran.err
        assert f"wrote the agreement report to {target} ({fmt})" in ran.out
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    refused(cli("panel", "agreement", str(aid), "--format", "xlsx", db=path), "binary file")
