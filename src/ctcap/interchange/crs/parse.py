"""OECD CRS-style CSV rows → projects, through a reviewed mapping (``checklists/mappings/``).

Columns: Year, DonorName, RecipientName, FlowName, PurposeCode, ProjectTitle,
USD_Commitment, USD_Disbursement (others are ignored). Each row becomes one project whose
identifier is derived from the row's content (``crs-`` and 16 hex digits), so importing
the same file again changes nothing. The recipient is the mapping's ISO code for the
name, else the ISO 3166-1 country of exactly that name; the assistance area is the
mapping's for the purpose code. A row whose recipient or purpose code the mapping and ISO
do not know is reported with its file and line, not dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from functools import cache
from pathlib import Path

from ctcap.domain.projects import Money, Project, parse_amount
from ctcap.errors import InputFileError, Problem
from ctcap.loading.projects import CrsMapping

from ..records import ImportBatch, Imported

COLUMNS = (
    "Year",
    "DonorName",
    "RecipientName",
    "FlowName",
    "PurposeCode",
    "ProjectTitle",
    "USD_Commitment",
    "USD_Disbursement",
)
MAX_CSV_BYTES = 50 * 1024 * 1024


@cache
def _iso_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names[str(value).casefold()] = str(country.alpha_3)
    return names


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_CSV_BYTES:
        raise InputFileError([Problem(file, None, None, "", "larger than 50 MB")])
    if b"\x00" in raw:
        raise InputFileError([Problem(file, None, None, "", "binary data, not CSV text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError([Problem(file, line, None, "", "not UTF-8 text")]) from None


def _money(row: dict[str, str], mapping: CrsMapping, file: str, line: int) -> Money:
    amounts: dict[str, Decimal | None] = {}
    for column, part in (("USD_Commitment", "committed"), ("USD_Disbursement", "disbursed")):
        text = (row.get(column) or "").strip()
        if not text:
            amounts[part] = None
            continue
        try:
            value = Decimal(text) * mapping.amount_unit
            amounts[part] = parse_amount(str(value.quantize(Decimal("0.01"))))
        except (ArithmeticError, ValueError):
            raise InputFileError(
                [Problem(file, line, None, column, f"{text[:40]!r} is not an amount")]
            ) from None
    return Money(mapping.currency, None, amounts["committed"], amounts["disbursed"])


def _identifier(row: dict[str, str]) -> str:
    key = "\x1f".join((row.get(column) or "").strip() for column in COLUMNS[:6])
    return "crs-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _row(
    row: dict[str, str], mapping: CrsMapping, file: str, line: int
) -> tuple[Project | None, list[Problem]]:
    recipient = (row.get("RecipientName") or "").strip()
    code = mapping.recipients.get(recipient) or _iso_names().get(recipient.casefold())
    purpose = (row.get("PurposeCode") or "").strip()
    unknown = []
    if code is None:
        unknown.append(
            Problem(
                file,
                line,
                None,
                "RecipientName",
                f"{recipient[:80]!r} is in neither the mapping nor ISO 3166-1",
            )
        )
    if purpose not in mapping.purpose_codes:
        unknown.append(
            Problem(file, line, None, "PurposeCode", f"{purpose[:20]!r} is not in the mapping")
        )
    if unknown:
        return None, unknown
    year = (row.get("Year") or "").strip()
    if not (len(year) == 4 and year.isdigit()):
        raise InputFileError([Problem(file, line, None, "Year", f"{year[:20]!r} is not a year")])
    money = _money(row, mapping, file, line)
    flow = (row.get("FlowName") or "").strip()
    project = Project(
        identifier=_identifier(row),
        title=(row.get("ProjectTitle") or "").strip() or f"CRS {year} {purpose}",
        funding_org=(row.get("DonorName") or "").strip(),
        recipient_country=code,
        area=mapping.purpose_codes[purpose].area,
        scheme=mapping.flows.get(flow),
        decided=year if money.committed else None,  # the year of the commitment
        money=money,
        source=f"OECD CRS row: {Path(file).name} line {line} ({year}, {flow or 'no flow'}, "
        f"purpose {purpose})",
    )
    return project, []


def read_crs(path: Path, mapping: CrsMapping, display: str | None = None) -> ImportBatch:
    """Every row of a CRS-style CSV; rows the mapping cannot place go to ``unknown``."""
    file = display or str(path)
    try:
        raw = (
            path.read_bytes()
            if path.stat().st_size <= MAX_CSV_BYTES
            else b"x" * (MAX_CSV_BYTES + 1)
        )
    except OSError as exc:
        raise InputFileError(
            [Problem(file, None, None, "", f"cannot read: {exc.strerror}")]
        ) from None
    reader = csv.DictReader(io.StringIO(_decode(raw, file), newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputFileError([Problem(file, 1, None, "", f"not CSV: {exc}")]) from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise InputFileError(
            [Problem(file, 1, None, "header", f"missing column(s): {', '.join(missing)}")]
        )
    batch = ImportBatch()
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(value is None for value in row.values()):
                raise InputFileError(
                    [
                        Problem(
                            file,
                            line,
                            None,
                            "",
                            "row has a different number of fields than the header",
                        )
                    ]
                )
            project, unknown = _row(row, mapping, file, line)
            batch.unknown += unknown
            if project is not None:
                batch.projects.append(Imported(project, Problem(file, line, None, "", "")))
    except csv.Error as exc:
        raise InputFileError(
            [Problem(file, reader.line_num, None, "", f"not CSV: {exc}")]
        ) from None
    if not batch.projects and not batch.unknown:
        raise InputFileError([Problem(file, 1, None, "", "no rows")])
    return batch
