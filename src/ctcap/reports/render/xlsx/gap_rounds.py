"""XLSX: the gap report's sheets that compare rounds: the changes since the round compared
with, and the trend of every round of the checklist (``gap.SHEETS`` orders them)."""

from __future__ import annotations

from openpyxl import Workbook

from ...gap_model import GapReport
from .style import Cell, Column, paint_level, paint_score, rounded, write_table


def country_label(report: GapReport) -> str:
    """The country as the sheets' titles name it."""
    return f"{report.country_name} ({report.country_code})"


CHANGE_COLUMNS: tuple[Column, ...] = (
    ("Change", 18),
    ("Item", 22),
    ("Title", 34),
    ("Area", 24),
    ("Before", 24),
    ("Now", 24),
    ("Rationale", 60),
)


def changes_sheet(book: Workbook, report: GapReport) -> None:
    """Items regressed and improved since the round compared with, then checklist changes."""
    rows: list[list[Cell]] = []
    for kind, lines in (("regressed", report.regressed), ("improved", report.improved)):
        rows += [
            [kind, c.item_id, c.title, c.area_title, c.before.label, c.after.label, c.rationale]
            for c in lines
        ]
    if report.checklist_changes is not None:
        cc = report.checklist_changes
        for kind, names in (
            ("added", cc.added),
            ("removed", cc.removed),
            ("reworded", cc.reworded),
        ):
            rows += [
                [f"{kind} in {cc.to_version}", n.item_id, n.title, n.area_title, "", "", ""]
                for n in names
            ]
    sheet = book.create_sheet("Changes")
    title = (
        f"Changes since {report.against.as_of.isoformat()}"
        if report.against
        else "Changes: no earlier round"
    )
    write_table(sheet, title, report.synthetic, CHANGE_COLUMNS, rows)
    for n, c in enumerate([*report.regressed, *report.improved], start=3):
        paint_level(sheet, n, 5, c.before)
        paint_level(sheet, n, 6, c.after)


TREND_COLUMNS: tuple[Column, ...] = (
    ("Round", 8),
    ("As of", 12),
    ("Status", 8),
    ("Version", 9),
    ("Overall", 9),
    ("Completion", 11),
)


def trend_sheet(book: Workbook, report: GapReport) -> None:
    """A row per round of this checklist, a column per area (scores in their level colours)."""
    area_ids = [a.area_id for a in report.areas]
    rows = [
        [
            p.round.assessment_id,
            p.round.as_of.isoformat(),
            p.round.status,
            p.round.checklist_version,
            rounded(p.overall),
            round(p.completion, 4),
            *[rounded(p.area_score(a)) for a in area_ids],
        ]
        for p in report.trend
    ]
    columns = [*TREND_COLUMNS, *[(a.title, 18) for a in report.areas]]
    sheet = book.create_sheet("Trend")
    title = f"Rounds of {report.subject.checklist_title}: {country_label(report)}"
    write_table(sheet, title, report.synthetic, columns, rows)
    for n, p in enumerate(report.trend, start=3):
        sheet.cell(n, 6).number_format = "0%"
        for column, area_id in enumerate(area_ids, start=7):
            paint_score(sheet, n, column, report.scale, p.area_score(area_id))
