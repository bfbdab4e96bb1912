"""Need against assistance and before/after in every format, on a small fixed database.

Golden files hold the Markdown, JSON and CSV byte for byte (``CTCAP_UPDATE_GOLDEN=1``
rewrites them, as in ``test_report_golden``); XLSX is read back with openpyxl; HTML is
drawn by headless Chromium; the CLI runs as a real process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ctcap.reports.assistance import build_need_against_assistance
from ctcap.reports.assistance_model import NeedAgainstAssistance
from ctcap.reports.formats import render_need, render_outcomes
from ctcap.reports.outcomes import build_outcomes
from ctcap.reports.outcomes_model import Outcomes

from .assistance_db import HOSTILE_TITLE, build_assistance_db
from .test_report_browser import _require_chromium, colours, screenshot
from .test_report_cli import ctcap, one_line_error

GOLDEN = Path(__file__).resolve().parent / "golden"
NOTE = "Association, not attribution"


@pytest.fixture(scope="module")
def assistance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("assistance") / "assistance.sqlite"
    build_assistance_db(path)
    return path


@pytest.fixture(scope="module")
def built(assistance_path: Path) -> Iterator[tuple[NeedAgainstAssistance, Outcomes]]:
    from ctcap.storage.engine import open_database

    database = open_database(f"sqlite:///{assistance_path}")
    try:
        with database.read() as session:
            yield build_need_against_assistance(session), build_outcomes(session)
    finally:
        database.close()


def test_the_fixture_has_every_flag_and_outcome(
    built: tuple[NeedAgainstAssistance, Outcomes],
) -> None:
    view, outcomes = built
    served = {(r.country_code, r.served.value) for r in view.rows}
    assert {("XAA", "over-served"), ("XBB", "under-served"), ("XCC", "unserved"),
            ("XDD", "amount-unknown"), ("XEE", "not-assessed")} <= served  # fmt: skip
    assert [(o.country_code, o.item_id) for o in view.overlaps] == [("XAA", "sltd-reporting")]
    assert all(n >= 1 for _, n in outcomes.total.counts)  # every outcome at least once


CASES = [
    (f"{report}.{fmt}", report, fmt)
    for report in ("need", "outcomes")
    for fmt in ("md", "json", "csv")
]


@pytest.mark.parametrize(("name", "report", "fmt"), CASES, ids=[c[0] for c in CASES])
def test_golden(built: tuple[Any, Any], name: str, report: str, fmt: str) -> None:
    view, outcomes = built
    rendered = render_need(view, fmt) if report == "need" else render_outcomes(outcomes, fmt)
    assert isinstance(rendered, str)
    data = rendered.encode("utf-8")
    path = GOLDEN / f"assistance-{name}"
    if os.environ.get("CTCAP_UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing: run with CTCAP_UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def _text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        " | ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "xlsx"])
def test_over_under_unserved_and_several_donors_stand_out(
    built: tuple[NeedAgainstAssistance, Outcomes], fmt: str
) -> None:
    text = _text(render_need(built[0], fmt))
    if fmt == "json":
        data = json.loads(text)
        flags = {row["country_code"]: row["served"] for row in data["rows"]
                 if row["area"] == "immigration-control"}  # fmt: skip
        assert flags["XAA"] == "over-served" and flags["XBB"] == "under-served"
        assert flags["XCC"] == "unserved"
        (xaa,) = [r for r in data["rows"]
                  if r["country_code"] == "XAA" and r["area"] == "immigration-control"]  # fmt: skip
        assert xaa["several_donors"] == ["sltd-reporting"]
        assert data["overlaps"][0]["projects"][1]["donor"] == "Donor B (fictional)"
        return
    for mark in ("▲ over-served", "▼ under-served", "✗ unserved", "⚑"):
        assert mark in text, (fmt, mark)
    if fmt == "csv":
        rows = {(r["code"], r["area"]): r for r in csv.DictReader(io.StringIO(text))}
        assert rows["XAA", "immigration-control"]["several_donors_on"] == "sltd-reporting"
        assert rows["XBB", "immigration-control"]["flag"] == "▼ under-served"
        assert rows["ASEAN", "immigration-control"]["kind"] == "region"


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "xlsx"])
def test_outcomes_tally_and_say_association_not_attribution(
    built: tuple[NeedAgainstAssistance, Outcomes], fmt: str
) -> None:
    text = _text(render_outcomes(built[1], fmt))
    assert NOTE in text
    if fmt == "json":
        data = json.loads(text)
        by = {g["by"]: g["rows"] for g in data["groupings"]}
        assert set(by) == {"project", "area", "donor"}
        (area,) = by["area"]
        assert (area["key"], area["closed"], area["regressed"], area["total"]) == (
            "immigration-control", 1, 1, 7)  # fmt: skip
        assert data["total"]["not-reassessed"] == 1 and data["total"]["no-baseline"] == 1
        return
    if fmt == "csv":  # stable column names, one row per group
        rows = list(csv.DictReader(io.StringIO(text)))
        (area,) = [r for r in rows if r["grouping"] == "area"]
        assert (area["no-baseline"], area["not-reassessed"], area["total"]) == ("1", "1", "7")
        assert all(NOTE in r["note"] for r in rows)
        return
    for label in ("closed", "narrowed", "unchanged", "regressed", "not yet re-assessed",
                  "no baseline"):  # fmt: skip
        assert label in text, (fmt, label)


def test_xlsx_marks_rows_and_keeps_text_as_text(
    built: tuple[NeedAgainstAssistance, Outcomes],
) -> None:
    data = render_need(built[0], "xlsx")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Need against assistance", "By area", "Regional", "Several donors"]
    sheet = book["Need against assistance"]
    served = {sheet.cell(n, 1).value: sheet.cell(n, 12) for n in range(3, 10)
              if sheet.cell(n, 3).value == "Immigration control"}  # fmt: skip
    assert served["XAA"].value == "▲ over-served"
    assert served["XAA"].fill.fgColor.rgb.endswith("BFDBFE")  # filled: it stands out
    assert served["XBB"].fill.fgColor.rgb.endswith("FDE68A")
    assert served["XDD"].fill.fgColor.rgb in (None, "00000000")  # amount unknown: not filled
    assert NOTE in sheet.cell(sheet.max_row, 1).value
    outcomes = render_outcomes(built[1], "xlsx")
    assert isinstance(outcomes, bytes)
    book = load_workbook(io.BytesIO(outcomes))
    assert book.sheetnames == ["By project", "By area", "By donor", "Linked gaps"]
    labels = [c.value for c in book["By project"]["B"] if c.value]
    hostile = next(v for v in labels if "HYPERLINK" in v)
    assert hostile == "'" + HOSTILE_TITLE  # shown as text, never a formula
    assert book["By project"].cell(2, 3).value == "closed"


@pytest.mark.parametrize("report", ["need", "outcomes"])
def test_chromium_draws_the_charts(
    built: tuple[NeedAgainstAssistance, Outcomes], tmp_path: Path, report: str
) -> None:
    _require_chromium()
    html = render_need(built[0], "html") if report == "need" else render_outcomes(built[1], "html")
    assert isinstance(html, str)
    if report == "outcomes":  # a project's title holds markup: shown, never run
        assert "<script>" not in html and "&lt;script&gt;alert" in html
    page = tmp_path / f"{report}.html"
    page.write_text(html, encoding="utf-8")
    found = colours(screenshot(page, tmp_path / f"{report}.png", tmp_path / "profile"))
    assert len(found) > 20, f"screenshot looks blank: {len(found)} colours"
    # need: the gap-priority and committed bars; outcomes: closed and regressed segments.
    expected = [(0xC2, 0x41, 0x0C), (0x1D, 0x4E, 0xD8)] if report == "need" else [
        (0x1A, 0x7F, 0x37), (0xC6, 0x28, 0x28)]  # fmt: skip
    for colour in expected:
        assert any(all(abs(c[n] - colour[n]) < 8 for n in range(3)) for c in found), colour


def test_cli_formats_and_files(assistance_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "need.xlsx"
    done = ctcap(assistance_path, "projects", "need", "--format", "xlsx", "-o", str(out))
    assert "wrote need against assistance" in done.stdout and "[SYNTHETIC DATA]" in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert load_workbook(out).sheetnames[0] == "Need against assistance"
    one_line_error(ctcap(assistance_path, "projects", "need", "--format", "xlsx", ok=False),
                   "give -o FILE")  # fmt: skip
    usage = ctcap(assistance_path, "projects", "outcomes", "-o", str(tmp_path / "x"), ok=False)
    assert usage.returncode == 2 and "-o needs --format" in usage.stderr
    md = ctcap(assistance_path, "projects", "outcomes", "--by", "area", "--format", "md").stdout
    assert "## By assistance area" in md and "## By donor" not in md and NOTE in md
    one = json.loads(ctcap(assistance_path, "projects", "outcomes", "--country", "xbb",
                           "--json").stdout)  # fmt: skip
    assert [p["identifier"] for p in one["projects"]] == ["XX-T-CANCELLED", "XX-T-XBB"]
    text = ctcap(assistance_path, "projects", "outcomes").stdout
    assert "not yet re-assessed" in text and NOTE in text
    refused = ctcap(assistance_path, "projects", "export", "--format", "json", "-o",
                    str(tmp_path), ok=False)  # fmt: skip
    one_line_error(refused, "is a directory")
