"""FATF's consolidated table of assessment ratings, as XLSX or CSV.

A row per jurisdiction, a report date, and columns R.1–R.40 (technical compliance:
C, LC, PC, NC, NA) and IO.1–IO.11 (effectiveness: HE, SE, ME, LE); headers may be
written R.5, R5 or R 5. Report type and assessment body columns are read past. The
header row is found among the first rows of each sheet; a workbook may hold technical
compliance and effectiveness on separate sheets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ctcap.domain.mappings import FatfMapping
from ctcap.domain.proposals import Observation

from .files import (
    Parsed,
    RawFile,
    Row,
    csv_rows,
    fail,
    header_key,
    keep_latest,
    problem,
    require_kind,
    shown,
    xlsx_sheets,
)
from .names import CountryNames

_RATING_COLUMN = re.compile(r"^(r|io)\s*\.?\s*(\d{1,3})$")
_JURISDICTION = {"jurisdiction", "jurisdictions", "country", "country/jurisdiction"}
_DATE = {"report date", "date of report", "date", "report date (mer/fur)"}
_READ_PAST = {"report type", "assessment body", "assessment bodies", "assessment body/bodies"}
_HEADER_SEARCH = 30  # rows searched for the header
_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip


@dataclass(frozen=True)
class _Layout:
    jurisdiction: int
    report_date: int
    ratings: dict[int, str]  # column index → R.n / IO.n


def read_fatf(
    raw: RawFile, mapping: FatfMapping, names: CountryNames, *, skip_bad: bool = False
) -> Parsed:
    require_kind(raw, ("xlsx", "csv"), "a FATF ratings table")
    # Lazily: a workbook's rows can be read only while the workbook is open.
    tables = iter([("", csv_rows(raw))]) if raw.kind == "csv" else xlsx_sheets(raw)
    parsed = Parsed()
    found_any = False
    for _, rows in tables:
        layout = _find_layout(raw.name, rows, parsed, skip_bad)
        if layout is None:
            continue
        found_any = True
        for row in rows:
            parsed.rows_read += 1
            _read_row(raw.name, row, layout, mapping, names, parsed)
    if not found_any:
        raise fail(
            raw.name, "no header row with a Jurisdiction column, a report date and rating "
            "columns (R.1 … R.40, IO.1 … IO.11): not a FATF consolidated ratings table",
        )  # fmt: skip
    keep_latest(parsed, raw.name)
    return parsed


def _find_layout(file: str, rows: Iterator[Row], parsed: Parsed, skip_bad: bool) -> _Layout | None:
    for count, row in enumerate(rows):
        if count >= _HEADER_SEARCH:
            return None
        keys = [header_key(c) for c in row.cells]
        if not any(k in _JURISDICTION for k in keys):
            continue
        return _layout(file, row, keys, parsed, skip_bad)
    return None


def _layout(file: str, row: Row, keys: list[str], parsed: Parsed, skip_bad: bool) -> _Layout:
    jurisdiction = date_column = None
    ratings: dict[int, str] = {}
    unknown = []
    for n, key in enumerate(keys):
        code = _rating_code(key)
        if key in _JURISDICTION and jurisdiction is None:
            jurisdiction = n
        elif key in _DATE and date_column is None:
            date_column = n
        elif code is not None:
            ratings[n] = code
        elif key and key not in _READ_PAST:
            unknown.append(row.cells[n])
    for cell in unknown:
        message = (
            f"unknown column {shown(cell)} "
            "(expected Jurisdiction, Report Date, R.1–R.40, IO.1–IO.11)"
        )
        if not skip_bad:
            raise fail(file, message, row.where)
        parsed.problems.append(problem(file, row.where, message))
    if jurisdiction is None or date_column is None or not ratings:
        what = "a report date column" if date_column is None else "rating columns"
        raise fail(file, f"the header has no {what}", row.where)
    return _Layout(jurisdiction, date_column, ratings)


def _rating_code(key: str) -> str | None:
    match = _RATING_COLUMN.match(key)
    if match is None:
        return None
    kind, number = match.group(1).upper(), int(match.group(2))
    top = 40 if kind == "R" else 11
    return f"{kind}.{number}" if 1 <= number <= top else None


def _read_row(
    file: str, row: Row, layout: _Layout, mapping: FatfMapping, names: CountryNames, parsed: Parsed
) -> None:
    width = max(layout.jurisdiction, layout.report_date, *layout.ratings) + 1
    cells = list(row.cells) + [None] * (width - len(row.cells))
    if all(cells[n] in (None, "") for n in layout.ratings):
        parsed.set_aside("rows without any rating (titles, notes)")
        return
    name = cells[layout.jurisdiction]
    country = names.code(name)
    if country is None:
        parsed.problems.append(problem(file, row.where, f"unknown country {shown(name)}"))
        return
    when = report_date(cells[layout.report_date])
    if when is None:
        message = f"report date {shown(cells[layout.report_date])} is not a date"
        parsed.problems.append(problem(file, row.where, message))
        return
    for column, code in layout.ratings.items():
        observation = _rating(file, row, code, cells[column], country, when, mapping, parsed)
        if observation is not None:
            parsed.observations.append(observation)


def _rating(
    file: str, row: Row, code: str, cell: Any, country: str, when: str,
    mapping: FatfMapping, parsed: Parsed,
) -> Observation | None:  # fmt: skip
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None  # not rated
    rating = "".join(str(cell).split()).upper().replace("/", "")
    table = mapping.effectiveness if code.startswith("IO.") else mapping.technical_compliance
    if rating not in table:
        allowed = ", ".join(table)
        message = f"{code}: unknown rating {shown(cell)} ({allowed})"
        parsed.problems.append(problem(file, row.where, message))
        return None
    return Observation(country, code, rating, when, row.where, rating=rating)


def report_date(value: Any) -> str | None:
    """A report date as ISO text (day or month), from a cell or the table's own notations."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (_iso, _month_year, _day_month_year):
        found = parse(text)
        if found is not None:
            return found
    return None


def _iso(text: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{4})-(\d{2})", text) or re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if match is None:
        return None
    year, month = (match.group(1), match.group(2))
    if len(year) < 4:
        year, month = month, year
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def _month_year(text: str) -> str | None:
    """'May/23', 'May-23', 'May 2023', 'September 2021'."""
    match = re.fullmatch(r"([A-Za-z]{3,9})[\s/-]+(\d{2}|\d{4})", text)
    if match is None or match.group(1)[:3].lower() not in _MONTHS:
        return None
    year = int(match.group(2))
    year = year + 2000 if year < 100 else year
    return f"{year}-{_MONTHS[match.group(1)[:3].lower()]:02d}"


def _day_month_year(text: str) -> str | None:
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})", text)
    if match is None or match.group(2)[:3].lower() not in _MONTHS:
        return None
    try:
        day = date(int(match.group(3)), _MONTHS[match.group(2)[:3].lower()], int(match.group(1)))
    except ValueError:
        return None
    return day.isoformat()
