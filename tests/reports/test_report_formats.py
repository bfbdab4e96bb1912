"""Every renderer: determinism, escaping, and each format read back by a parser."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from ctcap.reports.gap import build_gap_report
from ctcap.reports.history import build_history
from ctcap.reports.portfolio import build_portfolio
from ctcap.reports.render.csv import (
    GAP_COLUMNS,
    GAP_SELF_EXTERNAL_COLUMNS,
    render_gap_csv,
    render_portfolio_csv,
)
from ctcap.reports.render.html import render_gap_html, render_portfolio_html
from ctcap.reports.render.json import (
    SCHEMA_VERSION,
    render_gap_json,
    render_history_json,
    render_portfolio_json,
)
from ctcap.reports.render.md import render_gap_md, render_history_md, render_portfolio_md
from ctcap.reports.render.xlsx import render_gap_xlsx, render_portfolio_xlsx

from .conftest import HOSTILE, ReportDb

TEXT_RENDERERS = [
    ("gap", render_gap_md),
    ("gap", render_gap_json),
    ("gap", render_gap_csv),
    ("gap", render_gap_html),
    ("history", render_history_md),
    ("history", render_history_json),
    ("portfolio", render_portfolio_md),
    ("portfolio", render_portfolio_json),
    ("portfolio", render_portfolio_csv),
    ("portfolio", render_portfolio_html),
]


def _build(kind: str, report_db: ReportDb, country: str = "KEN") -> Any:
    from ctcap.storage.engine import open_database

    database = open_database(report_db.url)
    try:
        with database.read() as session:
            if kind == "gap":
                return build_gap_report(session, country)
            if kind == "history":
                return build_history(session, country)
            return build_portfolio(session)
    finally:
        database.close()


@pytest.mark.parametrize(("kind", "render"), TEXT_RENDERERS)
def test_same_database_same_bytes(report_db: ReportDb, kind: str, render: Any) -> None:
    first = render(_build(kind, report_db)).encode()
    second = render(_build(kind, report_db)).encode()
    assert first == second
    assert first.endswith(b"\n")


@pytest.mark.parametrize(("kind", "render"), TEXT_RENDERERS)
def test_synthetic_data_is_marked(report_db: ReportDb, kind: str, render: Any) -> None:
    country = "XAA"
    built = _build(kind, report_db, country)
    assert built.synthetic
    assert "SYNTHETIC DATA" in render(built)


def test_real_data_carries_no_synthetic_mark(report_db: ReportDb) -> None:
    report = _build("gap", report_db)
    for render in (render_gap_md, render_gap_json, render_gap_csv, render_gap_html):
        assert "SYNTHETIC DATA" not in render(report)


def test_markdown_escapes_user_text(report_db: ReportDb) -> None:
    text = render_gap_md(_build("gap", report_db))
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert "## Ranked gaps" in text and "## Assistance areas" in text
    assert "## Items without information" in text and "## Regressed since" in text
    assert "- Added: Radiation detection (`c-radiation`)" in text


def test_json_shape(report_db: ReportDb) -> None:
    data = json.loads(render_gap_json(_build("gap", report_db)))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["kind"] == "gap-report"
    assert data["marking"] is None and data["synthetic"] is False
    assert data["country"] == {"code": "KEN", "name": "Kenya"}
    assert set(data) >= {
        "assessment",
        "against",
        "scale",
        "overall",
        "areas",
        "gaps",
        "assistance",
        "no_information",
        "unanswered",
        "not_applicable",
        "regressed",
        "improved",
        "checklist_changes",
        "trend",
        "items",
    }
    assert data["overall"]["trend"] == "▲"
    gap = data["gaps"][0]
    assert gap["item"] == "b-watchlist" and gap["rank"] == 1
    assert gap["current"]["value"] == 3 and gap["target"]["value"] == 4
    assert gap["evidence_missing"] == ["screening statistics", "referral procedure"]
    assert len(data["assistance"]) == 9
    assert data["areas"][0]["cap_reason"].startswith("Capped at 40.0")
    assert data["checklist_changes"]["removed"][0]["item"] == "c-labs"
    assert "uid" not in json.dumps(data)
    history = json.loads(render_history_json(_build("history", report_db)))
    assert history["kind"] == "history"
    assert [c["checklist"] for c in history["checklists"]] == ["minimal", "report-test"]
    portfolio = json.loads(render_portfolio_json(_build("portfolio", report_db)))
    assert portfolio["marking"] == "SYNTHETIC DATA"
    assert portfolio["checklists"][1]["pending"][0]["code"] == "XBB"


def test_csv_one_row_per_item(report_db: ReportDb) -> None:
    text = render_gap_csv(_build("gap", report_db))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == (*GAP_COLUMNS, *GAP_SELF_EXTERNAL_COLUMNS)
    assert all(r["self_assessment_id"] == "" for r in rows)  # no round of its date
    assert [r["item"] for r in rows] == [
        "b-watchlist",
        "b-sltd",
        "b-cargo",
        "f-str",
        "f-freeze",
        "c-1540",
        "c-conventions",
        "c-radiation",
    ]
    first = rows[0]
    assert (first["level"], first["target_level"], first["rank"]) == ("3", "4", "1")
    assert first["score"] == "60.00" and first["priority"] == "0.5000"
    assert first["change"] == "improved"
    assert rows[4]["response"] == "unknown" and rows[5]["response"] == "na"
    assert rows[6]["rationale"] == HOSTILE
    portfolio = list(
        csv.DictReader(io.StringIO(render_portfolio_csv(_build("portfolio", report_db))))
    )
    assert {r["country"] for r in portfolio} == {"KEN", "XAA"}
    assert {r["marking"] for r in portfolio if r["country"] == "XAA"} == {"SYNTHETIC DATA"}
    assert {r["marking"] for r in portfolio if r["country"] == "KEN"} == {""}


def test_csv_neutralises_formulas(report_db: ReportDb) -> None:
    import dataclasses

    report = _build("gap", report_db)
    row = dataclasses.replace(report.items[0], rationale="=HYPERLINK(1)", assessor="plain")
    report = dataclasses.replace(report, items=(row, *report.items[1:]))
    first = next(csv.DictReader(io.StringIO(render_gap_csv(report))))
    assert (first["rationale"], first["answered_by"]) == ("'=HYPERLINK(1)", "plain")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def test_gap_html_has_charts_and_escapes_rationales(report_db: ReportDb) -> None:
    html = render_gap_html(_build("gap", report_db))
    parsed = _parse(html)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags  # the hostile rationale did not become a tag
    assert "b" not in tags
    assert HOSTILE in "".join(parsed.text)  # ...but is there, as text
    assert "&lt;script&gt;" in html
    svgs = [a.get("class", "") or "" for t, a in parsed.tags if t == "svg"]
    assert any("radar" in c for c in svgs)
    assert any("trend" in c for c in svgs)
    assert any("assistance" in c for c in svgs)
    classes = {a.get("class") for t, a in parsed.tags if t in ("polygon", "polyline")}
    assert {"radar-score", "radar-target", "trend-line"} <= classes
    assert "<link" not in html and "src=" not in html  # self-contained
    assert "@media print" in html


def test_radar_falls_back_to_bars_for_few_areas(report_db: ReportDb) -> None:
    from ctcap.storage.engine import open_database

    database = open_database(report_db.url)
    with database.read() as session:
        report = build_gap_report(session, "KEN", checklist_id="minimal")
    database.close()
    parsed = _parse(render_gap_html(report))
    svgs = [a.get("class", "") or "" for t, a in parsed.tags if t == "svg"]
    assert any("bars" in c for c in svgs)


def test_portfolio_html_is_a_heatmap(report_db: ReportDb) -> None:
    html = render_portfolio_html(_build("portfolio", report_db))
    parsed = _parse(html)
    cells = [a for t, a in parsed.tags if t == "rect" and a.get("class") == "heat-cell"]
    assert len(cells) == 1 + 2 * 3  # minimal: KEN × 1 area; report-test: 2 countries × 3
    fills = {a["fill"] for a in cells}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", f or "") for f in fills)
    assert "SYNTHETIC DATA" in html


def test_xlsx_read_back(report_db: ReportDb, tmp_path: Any) -> None:
    import openpyxl

    path = tmp_path / "gap.xlsx"
    path.write_bytes(render_gap_xlsx(_build("gap", report_db)))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Summary",
        "Areas",
        "Gaps",
        "Assistance",
        "No information",
        "Changes",
        "Items",
        "Trend",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3", sheet.title
    gaps = book["Gaps"]
    headers = [c.value for c in gaps[2]]
    assert headers[:3] == ["Rank", "Item", "Title"]
    assert gaps["B3"].value == "b-watchlist"
    assert gaps["G3"].value == "3 Developed capacity"
    assert gaps["G3"].fill.fgColor.rgb.endswith("FEE08B")  # the level's colour
    assert gaps["I3"].fill.fgColor.rgb.endswith("91CF60")
    items = book["Items"]
    rationales = [row[14].value for row in items.iter_rows(min_row=3)]
    assert HOSTILE in rationales
    assert book["Assistance"].max_row == 2 + 9


def test_xlsx_never_writes_user_text_as_a_formula(report_db: ReportDb, tmp_path: Any) -> None:
    import dataclasses

    import openpyxl

    report = _build("gap", report_db)
    row = dataclasses.replace(report.items[0], rationale="=1+1")
    report = dataclasses.replace(report, items=(row, *report.items[1:]))
    path = tmp_path / "f.xlsx"
    path.write_bytes(render_gap_xlsx(report))
    cell = openpyxl.load_workbook(path)["Items"]["O3"]
    assert cell.value == "'=1+1" and cell.data_type == "s"  # the guard shows its quote


def test_portfolio_xlsx(report_db: ReportDb, tmp_path: Any) -> None:
    import openpyxl

    path = tmp_path / "p.xlsx"
    path.write_bytes(render_portfolio_xlsx(_build("portfolio", report_db)))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Minimal example checklist", "Report test checklist"]
    sheet = book["Report test checklist"]
    assert sheet.freeze_panes == "C3"
    assert str(sheet["A1"].value).startswith("TLP:AMBER · SYNTHETIC DATA")
    assert [sheet.cell(n, 1).value for n in range(3, 6)] == ["KEN", "XAA", "XBB"]
    assert sheet["J3"].fill.fgColor.rgb.endswith("FC8D59")  # 40.0: "Limited capacity"


def test_format_registry_renders_the_history_in_its_two_formats(report_db: ReportDb) -> None:
    from ctcap.errors import CtcapError
    from ctcap.reports.formats import render_history

    history = _build("history", report_db)
    assert render_history(history, "md") == render_history_md(history)
    assert render_history(history, "json") == render_history_json(history)
    with pytest.raises(CtcapError, match="no html format: use md or json"):
        render_history(history, "html")


def test_text_formats_load_neither_jinja_nor_openpyxl() -> None:
    """The TUI shows Markdown and the CLI prints JSON and CSV: they need no heavy renderer."""
    import subprocess
    import sys

    code = (
        "import sys, ctcap.reports.render.md, ctcap.reports.render.json, "
        "ctcap.reports.render.csv\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'openpyxl'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
