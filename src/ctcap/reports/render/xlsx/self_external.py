"""XLSX: a self-assessment against an external round (``ctcap compare``); its sheets also
go into the gap report's workbook when the round has a counterpart."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from ctcap.text import for_cell

from ...self_external_model import SelfExternalReport, SelfExternalSection
from .agreement import guarded
from .style import Cell, Column, mark_sheets, paint_level, rounded, workbook_bytes, write_table

AREA_COLUMNS: tuple[Column, ...] = (
    ("Area", 40),
    ("Self", 9),
    ("External", 10),
    ("Ext − self", 11),
)
ITEM_COLUMNS: tuple[Column, ...] = (
    ("Item", 22),
    ("Title", 44),
    ("Area", 28),
    ("Self", 22),
    ("External", 22),
    ("Steps", 8),
    ("Points", 8),
)


def render_self_external_xlsx(report: SelfExternalReport) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    name = f"{report.country_name} ({report.country_code})"
    add_self_external_sheets(book, report.section, name)
    mark_sheets(book, report.handling)
    return workbook_bytes(book)


def add_self_external_sheets(book: Workbook, section: SelfExternalSection, name: str) -> None:
    """Two sheets: areas with the overall and the means, then every item."""
    s, e = section.self_round, section.external_round
    heading = (
        f"Self #{s.assessment_id} against external #{e.assessment_id}, {name}, as of "
        f"{s.as_of.isoformat()} (external − self)"
    )
    rows: list[list[Cell]] = [
        [a.title, rounded(a.self_score), rounded(a.external_score), rounded(a.points)]
        for a in section.areas
    ]
    rows.append(["Overall", rounded(section.self_overall), rounded(section.external_overall),
                 rounded(section.overall_points)])  # fmt: skip
    rows.append([f"Mean over {section.compared} items with a level on both sides (points)",
                 None, None, rounded(section.mean_points)])  # fmt: skip
    rows.append(["Mean (scale steps)", None, None,
                 None if section.mean_steps is None else round(section.mean_steps, 4)])  # fmt: skip
    sheet = book.create_sheet("Self vs external")
    write_table(sheet, for_cell(heading), section.synthetic, AREA_COLUMNS, guarded(rows))
    for row in range(3 + len(section.areas), 3 + len(rows)):
        sheet.cell(row, 1).font = Font(bold=True)
    items = [
        [i.item_id, i.title, i.area_title, i.self_level.label, i.external_level.label, i.steps,
         rounded(i.points)]
        for i in section.items
    ]  # fmt: skip
    sheet = book.create_sheet("Self vs external items")
    write_table(sheet, for_cell(heading), section.synthetic, ITEM_COLUMNS, guarded(items))
    for row, i in enumerate(section.items, start=3):
        paint_level(sheet, row, 4, i.self_level)
        paint_level(sheet, row, 5, i.external_level)
