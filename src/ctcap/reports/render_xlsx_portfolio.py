"""XLSX through openpyxl: the portfolio, one sheet per checklist with a row per country.

Overall and area scores are filled with the colour of the nearest level; countries
with only drafts follow as pending rows. The sheet helpers are in ``xlsx_style``.
"""

from __future__ import annotations

from openpyxl import Workbook

from .model import trend_arrow
from .portfolio_model import Portfolio
from .xlsx_style import Cell, paint_score, rounded, sheet_title, workbook_bytes, write_table


def render_portfolio_xlsx(portfolio: Portfolio) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    taken: set[str] = set()
    for section in portfolio.sections:
        sheet = book.create_sheet(sheet_title(section.checklist_title, taken))
        area_titles = [a.title for a in section.areas]
        rows: list[list[Cell]] = []
        for row in section.rows:
            rows.append(
                [
                    row.country_code,
                    row.country_name,
                    row.round.as_of.isoformat(),
                    row.round.checklist_version,
                    rounded(row.overall),
                    rounded(row.overall_change),
                    trend_arrow(row.overall_change),
                    round(row.completion, 4),
                    row.gaps,
                    *[rounded(c.score) for c in row.cells],
                    "; ".join(a.title for a in row.top_assistance),
                    "yes" if row.round.synthetic else "no",
                ]
            )
        for pending in section.pending:
            rows.append(
                [
                    pending.country_code,
                    pending.country_name,
                    pending.latest_as_of.isoformat(),
                    f"pending: {pending.drafts} draft(s), no final assessment",
                    None,
                    None,
                    "",
                    None,
                    None,
                    *[None for _ in area_titles],
                    "",
                    "yes" if pending.synthetic else "no",
                ]
            )
        write_table(
            sheet,
            f"{section.checklist_title} ({section.checklist_id}): latest final assessments",
            portfolio.synthetic,
            [
                "Country",
                "Name",
                "As of",
                "Version",
                "Overall",
                "Change",
                "Trend",
                "Completion",
                "Gaps",
                *area_titles,
                "Top assistance needs",
                "Synthetic",
            ],
            rows,
            [9, 26, 12, 10, 9, 9, 7, 11, 7, *[16 for _ in area_titles], 50, 10],
        )
        for n, row in enumerate(section.rows, start=3):
            sheet.cell(n, 8).number_format = "0%"
            paint_score(sheet, n, 5, section.scale, row.overall)
            for column, cell in enumerate(row.cells, start=10):
                paint_score(sheet, n, column, section.scale, cell.score)
        sheet.freeze_panes = "C3"  # keep the country visible too
    if not portfolio.sections:
        sheet = book.create_sheet("Portfolio")
        write_table(
            sheet, "Portfolio: no assessments yet", portfolio.synthetic, ["Country"], [], [20]
        )
    return workbook_bytes(book)
