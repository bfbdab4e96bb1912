"""WHO Global Health Observatory data: the OData API's JSON (``{"value": [...]}``) or CSV.

Each record names an indicator (``IndicatorCode``), a place (``SpatialDim``, ISO alpha-3
for countries), a year (``TimeDim``) and a number (``NumericValue``). Records of places
that are not countries (``SpatialDimType`` other than COUNTRY: regions, income groups,
the world) and of indicators the mapping does not cover are set aside, not refused; the
latest year of each country's indicator is kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from ctcap.domain.mappings import GhoMapping
from ctcap.domain.proposals import Observation

from .files import Parsed, RawFile, Row, csv_rows, fail, keep_latest, problem, require_kind, shown
from .names import CountryNames

REQUIRED = ("IndicatorCode", "SpatialDim", "TimeDim", "NumericValue")


def read_gho(raw: RawFile, mapping: GhoMapping, names: CountryNames) -> Parsed:
    require_kind(raw, ("json", "csv"), "WHO GHO data")
    records = _json_records(raw) if raw.kind == "json" else _csv_records(raw)
    codes = {indicator.code for indicator in mapping.indicators}
    parsed = Parsed()
    for where, record in records:
        parsed.rows_read += 1
        _read_record(raw.name, where, record, codes, names, parsed)
    keep_latest(parsed, raw.name)
    if not parsed.observations and not parsed.problems:
        mapped = ", ".join(sorted(codes))
        raise fail(raw.name, f"no country value of any mapped indicator ({mapped})")
    return parsed


def _json_records(raw: RawFile) -> Iterator[tuple[str, Any]]:
    from .files import text_of

    try:
        document = json.loads(text_of(raw))
    except json.JSONDecodeError as exc:
        raise fail(raw.name, f"not valid JSON: {exc.msg}", f"line {exc.lineno}") from None
    values = document.get("value") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise fail(raw.name, 'no "value" list: not a GHO OData response')
    for n, record in enumerate(values):
        yield f"value[{n}]", record


def _csv_records(raw: RawFile) -> Iterator[tuple[str, Any]]:
    rows = csv_rows(raw)
    header = next(rows, None)
    if header is None:
        raise fail(raw.name, "no header row")
    columns = [str(c) for c in header.cells]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        found = ", ".join(shown(c) for c in columns[:12])
        raise fail(
            raw.name, f"missing column {shown(missing[0])} (a GHO CSV has {', '.join(REQUIRED)}; "
            f"found {found})", header.where,
        )  # fmt: skip
    for row in rows:
        yield row.where, _as_record(columns, row)


def _as_record(columns: list[str], row: Row) -> dict[str, Any]:
    cells = list(row.cells) + [""] * (len(columns) - len(row.cells))
    record = {name: (cells[n] if cells[n] != "" else None) for n, name in enumerate(columns)}
    return record


def _read_record(
    file: str, where: str, record: Any, codes: set[str], names: CountryNames, parsed: Parsed
) -> None:
    if not isinstance(record, dict):
        parsed.problems.append(problem(file, where, "a record must be an object"))
        return
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        parsed.problems.append(problem(file, where, f"missing {shown(missing[0])}"))
        return
    place_type = record.get("SpatialDimType")
    if place_type is not None and str(place_type).upper() != "COUNTRY":
        parsed.set_aside("places that are not countries (regions, groups, the world)")
        return
    code = str(record["IndicatorCode"]).strip()
    if code not in codes:
        parsed.set_aside("indicators the mapping does not cover")
        return
    country = names.code(record["SpatialDim"]) if isinstance(record["SpatialDim"], str) else None
    if country is None:
        message = f"SpatialDim: unknown country {shown(record['SpatialDim'])}"
        parsed.problems.append(problem(file, where, message))
        return
    year, value, message = _year_and_value(record)
    if message:
        parsed.problems.append(problem(file, where, message))
        return
    if value is None:
        parsed.set_aside("records without a value")
        return
    parsed.observations.append(
        Observation(country, code, f"{value:g}", str(year), where, number=value)
    )


def _year_and_value(record: dict[str, Any]) -> tuple[int | None, float | None, str]:
    raw_year, raw_value = record["TimeDim"], record["NumericValue"]
    try:
        year = int(str(raw_year).strip())
    except ValueError:
        return None, None, f"TimeDim: {shown(raw_year)} is not a year"
    if not 1900 <= year <= 2200:
        return None, None, f"TimeDim: {year} is not a plausible year"
    if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
        return year, None, ""
    if isinstance(raw_value, bool):
        return None, None, f"NumericValue: {shown(raw_value)} is not a number"
    try:
        value = float(str(raw_value).strip())
    except ValueError:
        return None, None, f"NumericValue: {shown(raw_value)} is not a number"
    if math.isnan(value) or not 0 <= value <= 100:
        return None, None, f"NumericValue: {value:g} is outside 0–100"
    return year, value, ""
