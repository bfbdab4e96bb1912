"""Spreadsheets, face by face: the gap report and the portfolio that ctcap writes as XLSX
and CSV hold no formula, whatever the checklist, the assessment or the answers say.

A checklist whose title and area title start with ``=`` once made a real formula of the
gap report's Trend sheet header and of the portfolio's header row; a rationale, an
evidence line, an assessor and an assessment title can start one too. Every cell goes
through ``ctcap.text.for_cell``: it shows the text behind a ``'``, and the database keeps
it exactly as entered. (The history has no CSV or XLSX format: its data are the gap
report's Trend sheet.) The Markdown report, which the TUI shows, is held to the same:
no control character, link or HTML made from an answer, even spelt as an entity."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcap.domain.evidence import legacy_entry
from ctcap.reports.render.csv import render_gap_csv, render_portfolio_csv
from ctcap.reports.render.xlsx import render_gap_xlsx, render_portfolio_xlsx

from .checklists import hostile_checklist
from .conftest import REPO, Ran, assert_inert, corpus, would_start_a_formula

CHECKLIST_TITLE = '=HYPERLINK("https://evil.example/","Minimal")'
AREA_TITLE = "=1+1"
ITEM_TITLE = "@SUM(1+1)"
OTHER_ITEM_TITLE = "-2+3"
RATIONALE = "=cmd|' /C calc'!A0"
EVIDENCE = "+1+1"
ASSESSOR = "-1+1"
TITLE = "=TITLE()"
HOSTILE = (CHECKLIST_TITLE, AREA_TITLE, ITEM_TITLE, OTHER_ITEM_TITLE, RATIONALE, EVIDENCE)
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a number ctcap wrote (a negative change)
CELLS = [case["text"] for case in corpus("cells.json")]


def _checklist(directory: Path) -> Path:
    return hostile_checklist(
        directory,
        REPO / "checklists" / "minimal.yaml",
        {
            "title: Minimal example checklist": CHECKLIST_TITLE,
            "    title: Travel documents": AREA_TITLE,
            "        title: Reporting lost and stolen passports": ITEM_TITLE,
            "        title: Screening travellers against SLTD": OTHER_ITEM_TITLE,
        },
    )


def _answer(cli: Callable[..., Ran], db: Path, aid: str, item: str, level: str) -> None:
    ran = cli("assessments", "answer", aid, item, level, "--rationale", RATIONALE,
              "--evidence", EVIDENCE, "--assessor", ASSESSOR, db=db)  # fmt: skip
    assert ran.code == 0, ran.err


def _two_rounds(cli: Callable[..., Ran], db: Path, checklist: Path) -> tuple[str, str]:
    """KEN: a final 2025 round and a 2026 draft of the hostile checklist."""
    ids = []
    for as_of in ("2025-01-01", "2026-01-01"):
        made = cli("assessments", "new", "--country", "KEN", "--checklist", str(checklist),
                   "--as-of", as_of, "--title", TITLE, "--assessor", ASSESSOR, db=db)  # fmt: skip
        assert made.code == 0, made.err
        ids.append(made.out.strip())
    _answer(cli, db, ids[0], "sltd-reporting", "2")
    _answer(cli, db, ids[0], "sltd-screening", "3")
    assert cli("assessments", "finalize", ids[0], db=db).code == 0
    _answer(cli, db, ids[1], "sltd-reporting", "3")
    return ids[0], ids[1]


def _xlsx_cells(source: Path | io.BytesIO) -> Iterator[tuple[str, Any]]:
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                yield f"{sheet.title}!{cell.coordinate}", cell.value


def _csv_cells(text: str) -> Iterator[tuple[str, str]]:
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for m, value in enumerate(row, start=1):
            yield f"row {n} column {m}", value


def assert_no_formula(cells: Iterator[tuple[str, Any]]) -> list[str]:
    """No text cell a spreadsheet would run; returns the text cells."""
    texts = []
    for where, value in cells:
        if isinstance(value, str):
            unguarded = would_start_a_formula(value) and not NUMBER.fullmatch(value)
            assert not unguarded, f"{where}: {value!r} would run as a formula"
            texts.append(value)
    return texts


def test_gap_report_and_portfolio_hold_no_formula_in_xlsx_or_csv(
    cli: Callable[..., Ran], db: Path, tmp_path: Path
) -> None:
    checklist = _checklist(tmp_path / "checklists")
    _, draft = _two_rounds(cli, db, checklist)
    shown: list[str] = []
    for report in (("gap", "--country", "KEN"), ("portfolio",)):
        path = tmp_path / f"{report[0]}.xlsx"
        written = cli("report", *report, "--format", "xlsx", "-o", str(path), db=db)
        assert written.code == 0, written.err
        shown += assert_no_formula(_xlsx_cells(path))
        as_csv = cli("report", *report, "--format", "csv", db=db)
        assert as_csv.code == 0, as_csv.err
        shown += assert_no_formula(_csv_cells(as_csv.out))
    for text in (*HOSTILE, ASSESSOR):
        guarded = [v for v in shown if v.startswith("'" + text)]
        assert guarded, f"no cell shows {text!r} behind the guard"
    trend = openpyxl.load_workbook(tmp_path / "gap.xlsx")["Trend"]
    assert [c.value for c in trend[2]][-1] == "'" + AREA_TITLE  # the area's column header
    portfolio = openpyxl.load_workbook(tmp_path / "portfolio.xlsx")
    assert portfolio.worksheets[0].title.startswith("=HYPERLINK(")  # a name, never evaluated
    assert portfolio.worksheets[0]["J2"].value == "'" + AREA_TITLE
    stored = json.loads(cli("assessments", "show", draft, "--json", db=db).out)
    assert stored["title"] == TITLE and stored["answers"][0]["rationale"] == RATIONALE
    assert [e["ref"] for e in stored["answers"][0]["evidence"]] == [EVIDENCE]


# For any text: the real renderers, on a report built from a real database -----------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The gap report and the portfolio of a hostile checklist's two KEN rounds."""
    from ctcap.loading.checklists import load_checklist
    from ctcap.reports.gap import build_gap_report
    from ctcap.reports.portfolio import build_portfolio
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    directory = tmp_path_factory.mktemp("cells")
    checklist = load_checklist(_checklist(directory / "checklists"), directory / "checklists")
    database = open_database(f"sqlite:///{directory / 'cells.sqlite'}")
    with database.write() as session:
        for as_of, final in ((date(2025, 1, 1), True), (date(2026, 1, 1), False)):
            info = repository.create_assessment(
                session, country="KEN", checklist=checklist, as_of=as_of, assessor="ana"
            )
            for item_id, level in (("sltd-reporting", 2), ("sltd-screening", 3)):
                repository.record_answer(session, info.id, item_id, level, actor="ana",
                                         rationale="r", evidence=[legacy_entry("e")])  # fmt: skip
            if final:
                repository.finalize(session, info.id, actor="ana")
    with database.read() as session:
        found = build_gap_report(session, "KEN"), build_portfolio(session)
    database.close()
    return found


def _with_text(report: Any, text: str) -> Any:
    """The gap report with ``text`` as every rationale, evidence line and assessor."""
    items = tuple(
        dataclasses.replace(r, rationale=text, evidence=(text,), assessor=text)
        for r in report.items
    )
    gaps = tuple(dataclasses.replace(g, rationale=text) for g in report.gaps)
    return dataclasses.replace(report, items=items, gaps=gaps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), st.sampled_from(CELLS)))
def test_for_any_rationale_no_written_xlsx_or_csv_cell_is_a_formula(
    reports: tuple[Any, Any], text: str
) -> None:
    gap, portfolio = reports
    report = _with_text(gap, text)
    assert_no_formula(_xlsx_cells(io.BytesIO(render_gap_xlsx(report))))
    assert_no_formula(_csv_cells(render_gap_csv(report)))
    assert_no_formula(_xlsx_cells(io.BytesIO(render_portfolio_xlsx(portfolio))))
    assert_no_formula(_csv_cells(render_portfolio_csv(portfolio)))


TERMINAL = [case["text"] for case in corpus("terminal.json")]
ENTITIES = ["&#27;[31m", "&#x202E;evil", "&#x1b;]52;c;eA==&#7;", "[x](https://evil.example/)"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), st.sampled_from(TERMINAL + ENTITIES)))
def test_for_any_rationale_the_markdown_report_holds_no_control_link_or_html(
    reports: tuple[Any, Any], text: str
) -> None:
    """As written to a file and as the TUI's Markdown widget parses it (entities decoded)."""
    from markdown_it import MarkdownIt

    from ctcap.reports.render.md import render_gap_md

    markdown = render_gap_md(_with_text(reports[0], text))
    assert_inert(markdown)
    for block in MarkdownIt("gfm-like", {"linkify": False}).parse(markdown):
        assert not block.type.startswith("html"), block
        for token in block.children or []:
            assert token.type not in ("link_open", "image", "html_inline"), token
            assert_inert(token.content)
