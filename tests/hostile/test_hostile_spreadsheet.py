"""Spreadsheets: no CSV or XLSX cell is a formula unless ctcap meant it, every text XML can
hold is written, and nothing goes over Excel's cell limit; sheet names are always valid.

The reports' CSV and XLSX renderers call ``for_cell`` and ``for_sheet_name``; these tests
hold the guard itself to its promise, through openpyxl's own writer and reader."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from ctcap.text import EXCEL_CELL_LIMIT, for_cell, for_sheet_name

from .conftest import corpus, would_start_a_formula

CASES = corpus("cells.json")
SHEET_NAMES: list[str] = corpus("sheet_names.json")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _through_openpyxl(values: list[Any]) -> list[Any]:
    """Write one row with openpyxl, save, load it back: what a spreadsheet would open."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cells = next(loaded.active.iter_rows(min_row=1, max_row=1))  # type: ignore[union-attr]
    for cell in cells:
        assert cell.data_type != "f", f"{cell.value!r} was read back as a formula"
    return [cell.value for cell in cells]


def _xml_lines(text: str) -> str:
    """As an XML reader hands text back: CR LF and lone CR become LF (XML 1.0, 2.11)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_hostile_cell_is_text_in_xlsx_and_csv(case: dict[str, str]) -> None:
    text = case["text"]
    guarded = for_cell(text)
    assert not would_start_a_formula(guarded)
    assert _utf16(guarded) <= EXCEL_CELL_LIMIT
    (back,) = _through_openpyxl([guarded])
    assert back == _xml_lines(guarded)
    row = io.StringIO()
    csv.writer(row).writerow([guarded])
    (read,) = next(csv.reader(io.StringIO(row.getvalue())))
    assert read == guarded and not would_start_a_formula(read)
    if _utf16(text) > EXCEL_CELL_LIMIT:
        assert guarded.endswith("characters in all]") and f"{len(text):,}" in guarded


def test_without_the_guard_openpyxl_refuses_the_whole_file_or_writes_a_formula() -> None:
    with pytest.raises(IllegalCharacterError):
        _through_openpyxl(["para one\u000bpara two"])
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["=1+1"])
    assert sheet["A1"].data_type == "f"


def test_formula_text_keeps_its_words_behind_a_visible_quote() -> None:
    assert for_cell("=1+1") == "'=1+1"
    assert for_cell("＝1") == "'＝1"
    assert for_cell("para one\u000bpara two") == "para one␋para two"
    assert for_cell("plain words") == "plain words"
    assert for_cell("") == ""


@pytest.mark.parametrize("value", [3, 2.5, -4, Decimal("1.5"), None, True, date(2026, 1, 2)])
def test_numbers_ctcap_writes_as_numbers_stay_numbers(value: Any) -> None:
    assert for_cell(value) is value
    if isinstance(value, int | float) and not isinstance(value, bool):
        (back,) = _through_openpyxl([for_cell(value)])
        assert back == value and not isinstance(back, str)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_for_any_text_for_cell_is_not_a_formula_when_openpyxl_writes_and_reads_it(
    text: str,
) -> None:
    guarded = for_cell(text)
    assert isinstance(guarded, str)
    (back,) = _through_openpyxl([guarded])
    assert (back or "") == _xml_lines(guarded)
    assert not would_start_a_formula(guarded)


@settings(max_examples=20, deadline=None)
@given(
    st.tuples(st.text(min_size=1, max_size=8), st.integers(4_100, 40_000)).map(
        lambda part: (part[0] * part[1])[: part[1]]
    )
)
def test_long_text_is_cut_to_the_cell_limit_with_a_mark(text: str) -> None:
    guarded = for_cell(text)
    assert _utf16(guarded) <= EXCEL_CELL_LIMIT
    if _utf16(text) > EXCEL_CELL_LIMIT:
        assert "[cut:" in guarded


def _valid_sheet_name(name: str) -> None:
    assert 1 <= _utf16(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    assert not name.startswith("'") and not name.endswith("'")
    assert name.casefold() != "history"


@given(st.lists(st.text(max_size=50), max_size=12))
def test_for_any_texts_sheet_names_are_valid_and_unique(texts: list[str]) -> None:
    names: list[str] = []
    for text in texts:
        name = for_sheet_name(text, names)
        _valid_sheet_name(name)
        assert name.casefold() not in {n.casefold() for n in names}
        names.append(name)


def test_the_sheet_name_corpus_opens_in_openpyxl_with_the_names_given() -> None:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    names: list[str] = []
    for text in SHEET_NAMES:
        name = for_sheet_name(text, names)
        _valid_sheet_name(name)
        names.append(name)
        book.create_sheet(title=name)
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert loaded.sheetnames == names
    assert for_sheet_name("History") == "History (1)"
    assert for_sheet_name("Scores", ["scores"]) == "Scores (2)"
