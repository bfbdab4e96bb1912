"""Reading downloaded files: what kind they are, their rows, their checksum, safely.

Everything in a downloaded file is data. Cells are read as values, never evaluated
(an XLSX formula is its text), and anything shown back to the user goes through
``shown`` (quoted) or ``ctcap.text.shown_line``: controls made visible, long text cut.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ctcap.domain.proposals import Observation
from ctcap.errors import InputFileError, Problem
from ctcap.text import shown_line

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000  # rows read from one file (or one sheet)
MAX_COLUMNS = 200
MAX_UNPACKED = 200 * 1024 * 1024  # an XLSX workbook's contents, uncompressed
Kind = Literal["xlsx", "json", "csv"]
_KIND_NAMES = {"xlsx": "an XLSX workbook", "json": "JSON", "csv": "CSV text"}


@dataclass(frozen=True)
class RawFile:
    name: str  # as shown and stored: the file's name, not its path
    data: bytes
    sha256: str
    kind: Kind


@dataclass(frozen=True)
class Row:
    where: str  # "line 7", "row 7", "sheet 'TC' row 7"
    cells: tuple[Any, ...]


@dataclass
class Parsed:
    """What a reader found: observations, bad rows, and counts of rows it left aside."""

    observations: list[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    aside: dict[str, int] = field(default_factory=dict)  # reason → rows

    def set_aside(self, reason: str, count: int = 1) -> None:
        self.aside[reason] = self.aside.get(reason, 0) + count


def shown(value: object, limit: int = 40) -> str:
    """``value`` quoted for a message: one line (``shown_line``), cut to ``limit``."""
    return "'" + shown_line(str(value), limit).replace("'", "\\'") + "'"


def problem(file: str, where: str, message: str) -> Problem:
    """A bad row or file, for one line on stderr (the file's name is shown guarded)."""
    return Problem(shown_line(file), None, None, where, message)


def fail(file: str, message: str, where: str = "") -> InputFileError:
    return InputFileError([problem(file, where, message)])


def read_file(path: Path) -> RawFile:
    """The file's bytes, checksum and kind; refuse what cannot be a data file."""
    name = path.name
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise fail(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise fail(name, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise fail(name, "the file is empty")
    return RawFile(name, data, hashlib.sha256(data).hexdigest(), _kind(name, data))


def _kind(name: str, data: bytes) -> Kind:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in data[:4096]:
        raise fail(name, "binary data (NUL byte): not CSV, JSON or an XLSX workbook")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"{", b"[") else "csv"


def require_kind(raw: RawFile, allowed: Sequence[Kind], what: str) -> None:
    if raw.kind not in allowed:
        wanted = " or ".join(_KIND_NAMES[k] for k in allowed)
        raise fail(raw.name, f"this is {_KIND_NAMES[raw.kind]}, not {what} ({wanted})")


def text_of(raw: RawFile) -> str:
    try:
        return raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.data[: exc.start].count(b"\n") + 1
        byte = raw.data[exc.start]
        message = f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8 CSV"
        raise fail(raw.name, message, f"line {line}") from None


def csv_rows(raw: RawFile) -> Iterator[Row]:
    """Records with the line each starts on; comma- or semicolon-separated."""
    text = text_of(raw)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0
    try:
        for count, cells in enumerate(reader):
            start, end = end + 1, reader.line_num
            if count >= MAX_ROWS:
                raise fail(raw.name, f"more than {MAX_ROWS} rows")
            if any(cell.strip() for cell in cells):
                yield Row(f"line {start}", tuple(cell.strip() for cell in cells[:MAX_COLUMNS]))
    except csv.Error as exc:
        raise fail(raw.name, f"not valid CSV: {exc}", f"line {end + 1}") from None


def xlsx_sheets(raw: RawFile) -> Iterator[tuple[str, Iterator[Row]]]:
    """Each worksheet's name and rows; cell values as stored, formulas as their text."""
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(raw)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise fail(raw.name, f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        several = len(book.worksheets) > 1
        for sheet in book.worksheets:
            prefix = f"sheet {shown(sheet.title)} " if several else ""
            yield sheet.title, _sheet_rows(raw.name, sheet, prefix)
    finally:
        book.close()


def _check_unpacked_size(raw: RawFile) -> None:
    """Refuse a workbook that would unpack to far more than any ratings table (a zip bomb)."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(io.BytesIO(raw.data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except BadZipFile:
        raise fail(raw.name, "not a readable XLSX workbook (BadZipFile)") from None
    if unpacked > MAX_UNPACKED:
        limit = MAX_UNPACKED // (1024 * 1024)
        raise fail(raw.name, f"the workbook unpacks to more than {limit} MB")


def _sheet_rows(name: str, sheet: Any, prefix: str) -> Iterator[Row]:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise fail(name, f"more than {MAX_ROWS} rows in {prefix or 'the sheet'}".strip())
        cells = tuple(v.strip() if isinstance(v, str) else v for v in values[:MAX_COLUMNS])
        if any(c not in (None, "") for c in cells):
            yield Row(f"{prefix}row {number}", cells)


def header_key(value: object) -> str:
    """A header as compared: spaces collapsed, case folded."""
    return " ".join(str(value if value is not None else "").split()).casefold()


def keep_latest(parsed: Parsed, file: str) -> None:
    """One observation per country and key: the latest; two values of one date are a problem."""
    groups: dict[tuple[str, str], list[Observation]] = {}
    for observation in parsed.observations:
        groups.setdefault((observation.country, observation.key), []).append(observation)
    kept = []
    for (country, key), found in groups.items():
        latest = max(o.data_date for o in found)
        newest = [o for o in found if o.data_date == latest]
        if len({o.value for o in newest}) > 1:
            places = ", ".join(o.location for o in newest)
            parsed.problems.append(
                problem(
                    file,
                    newest[-1].location,
                    f"{country} {key} has two values dated {latest} ({places})",
                )
            )
            continue
        kept.append(newest[0])
        if len(found) > len(newest):
            parsed.set_aside("older values of a country's indicator", len(found) - len(newest))
    parsed.observations = kept


_FOOTNOTE = re.compile(r"^(.*?[^\d\s,])[\s,]*\d+(?:\s*,\s*\d+)*$")


def without_footnotes(name: str) -> str:
    """'Denmark2' or 'China 3, 4' → the name: status tables number their footnotes."""
    match = _FOOTNOTE.match(name)
    return match.group(1) if match else name
