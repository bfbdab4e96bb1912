"""XLSX sheet helpers: fills, fonts, level and score colours, titled tables, saving.

``write_table`` starts every sheet the same way: a title row (with the SYNTHETIC DATA
mark where it applies), then the column headers; both stay frozen while scrolling.
Every value it writes, title and headers too, goes through ``ctcap.text.for_cell``: text
that a spreadsheet would run as a formula is shown behind a ``'``, never run.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ctcap.text import for_cell

from ...model import Handling, LevelRef, ScaleInfo
from ..colours import colour_for_score, text_colour
from ..text import SYNTHETIC_MARK

HEADER_FILL = PatternFill("solid", fgColor="1F2933")
BANNER_FILL = PatternFill("solid", fgColor="B91C1C")
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

Cell = Any  # a value openpyxl writes: str, int, float, None
Column = tuple[str, int]  # a column's header and width


def fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def paint(cell: Any, colour: str) -> None:
    cell.fill = fill(colour)
    cell.font = Font(color=text_colour(colour).lstrip("#").upper(), bold=True)


def write_table(
    sheet: Worksheet,
    title: str,
    synthetic: bool,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
) -> int:
    """Write title row, header row and rows; freeze both top rows. Returns the first data row."""
    headers = [header for header, _ in columns]
    widths = [width for _, width in columns]
    heading = f"{SYNTHETIC_MARK} · {title}" if synthetic else title
    sheet.append([for_cell(heading)])
    sheet.cell(1, 1).font = Font(bold=True, size=13, color="FFFFFF" if synthetic else "1F2933")
    if synthetic:
        for column in range(1, max(len(headers), 1) + 1):
            sheet.cell(1, column).fill = BANNER_FILL
    sheet.append([for_cell(header) for header in headers])
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(2, column)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    for row in rows:
        sheet.append([for_cell(value) for value in row])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_cells in sheet.iter_rows(min_row=3):
        for cell in row_cells:
            cell.alignment = WRAP if isinstance(cell.value, str) and len(cell.value) > 30 else TOP
    sheet.freeze_panes = "A3"
    if rows:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{len(rows) + 2}"
    return 3


def mark_sheets(book: Workbook, handling: Handling) -> None:
    """The handling mark on every sheet: first in its title row (row 1), and in the printed
    header and footer of every page, so no sheet and no printout travels without it."""
    for sheet in book.worksheets:
        title = sheet.cell(1, 1)
        shown = f"{handling.banner} · {title.value}" if title.value else handling.banner
        title.value = for_cell(shown)
        # '&' starts a header code (page number, font) in a printed header: doubled, shown.
        printed = str(for_cell(handling.banner)).replace("&", "&&")
        for page in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            page.right.text = printed
        for page in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
            page.right.text = printed


def withheld_text(text: str, withheld: str | None) -> str:
    """``text``, or what a release put in its place (the level it is marked above)."""
    return f"withheld (marked above {withheld})" if withheld else text


def rounded(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def level_text(ref: LevelRef | None) -> str:
    return "" if ref is None else ref.label


def paint_level(sheet: Worksheet, row: int, column: int, ref: LevelRef | None) -> None:
    if ref is not None and ref.response:
        paint(sheet.cell(row, column), ref.colour)


def paint_score(
    sheet: Worksheet, row: int, column: int, scale: ScaleInfo, score: float | None
) -> None:
    if score is not None:
        paint(sheet.cell(row, column), colour_for_score(score, scale))


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
