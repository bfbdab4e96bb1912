"""XLSX: the portfolio, one sheet per checklist with a row per country.

Overall and area scores are filled with the colour of the nearest level; countries
with only drafts follow as pending rows.
"""

from __future__ import annotations

from openpyxl import Workbook

from ctcap.text import for_sheet_name

from ...portfolio_model import PendingCountry, Portfolio, PortfolioRow, PortfolioSection
from ..text import trend_arrow
from .style import (
    Cell,
    Column,
    mark_sheets,
    paint_score,
    rounded,
    workbook_bytes,
    write_table,
)

LEADING_COLUMNS: tuple[Column, ...] = (
    ("Country", 9),
    ("Name", 26),
    ("As of", 12),
    ("Version", 10),
    ("Overall", 9),
    ("Change", 9),
    ("Trend", 7),
    ("Completion", 11),
    ("Gaps", 7),
)
TRAILING_COLUMNS: tuple[Column, ...] = (
    ("Top assistance needs", 50),
    ("Synthetic", 10),
    ("Mark", 16),
)


def render_portfolio_xlsx(portfolio: Portfolio) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    taken: list[str] = []
    for section in portfolio.sections:
        _section_sheet(book, section, portfolio.synthetic, taken)
    if not portfolio.sections:
        sheet = book.create_sheet("Portfolio")
        title = "Portfolio: no assessments yet"
        write_table(sheet, title, portfolio.synthetic, [("Country", 20)], [])
    mark_sheets(book, portfolio.handling)
    return workbook_bytes(book)


def _section_sheet(
    book: Workbook, section: PortfolioSection, synthetic: bool, taken: list[str]
) -> None:
    """One checklist: a row per country with a final round, then the pending ones."""
    name = for_sheet_name(section.checklist_title, taken)
    taken.append(name)
    sheet = book.create_sheet(name)
    areas = len(section.areas)
    rows = [_row(row) for row in section.rows]
    rows += [_pending(pending, areas) for pending in section.pending]
    columns = [*LEADING_COLUMNS, *[(a.title, 16) for a in section.areas], *TRAILING_COLUMNS]
    title = f"{section.checklist_title} ({section.checklist_id}): latest final assessments"
    write_table(sheet, title, synthetic, columns, rows)
    for n, row in enumerate(section.rows, start=3):
        sheet.cell(n, 8).number_format = "0%"
        paint_score(sheet, n, 5, section.scale, row.overall)
        for column, cell in enumerate(row.cells, start=10):
            paint_score(sheet, n, column, section.scale, cell.score)
    sheet.freeze_panes = "C3"  # keep the country visible too


def _row(row: PortfolioRow) -> list[Cell]:
    return [
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
        row.round.mark_label,
    ]


def _pending(pending: PendingCountry, areas: int) -> list[Cell]:
    return [
        pending.country_code,
        pending.country_name,
        pending.latest_as_of.isoformat(),
        f"pending: {pending.drafts} draft(s), no final assessment",
        None,
        None,
        "",
        None,
        None,
        *[None for _ in range(areas)],
        "",
        "yes" if pending.synthetic else "no",
        "",
    ]
