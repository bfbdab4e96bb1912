"""XLSX through openpyxl: one sheet per report section, frozen header rows, level colours.

Each sheet starts with a title row (with the SYNTHETIC DATA mark where it applies),
then the column headers; both stay frozen while scrolling. Answer and target cells
are filled with their level's colour, area scores with the colour of the nearest level.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .charts import text_colour
from .messages import key_messages
from .model import (
    SYNTHETIC_MARK,
    SYNTHETIC_NOTICE,
    GapReport,
    LevelRef,
    Portfolio,
    ScaleInfo,
    format_change,
    trend_arrow,
)

HEADER_FILL = PatternFill("solid", fgColor="1F2933")
BANNER_FILL = PatternFill("solid", fgColor="B91C1C")
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

Cell = Any  # a value openpyxl writes: str, int, float, None


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def _paint(cell: Any, colour: str) -> None:
    cell.fill = _fill(colour)
    cell.font = Font(color=text_colour(colour).lstrip("#").upper(), bold=True)


def _sheet_title(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _table(
    sheet: Worksheet,
    title: str,
    synthetic: bool,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
) -> int:
    """Write title row, header row and rows; freeze both top rows. Returns the first data row."""
    heading = f"{SYNTHETIC_MARK} · {title}" if synthetic else title
    sheet.append([heading])
    sheet.cell(1, 1).font = Font(bold=True, size=13, color="FFFFFF" if synthetic else "1F2933")
    if synthetic:
        for column in range(1, max(len(headers), 1) + 1):
            sheet.cell(1, column).fill = BANNER_FILL
    sheet.append(list(headers))
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(2, column)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    for row in rows:
        sheet.append(list(row))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_cells in sheet.iter_rows(min_row=3):
        for cell in row_cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # user text, never a formula
            cell.alignment = WRAP if isinstance(cell.value, str) and len(cell.value) > 30 else TOP
    sheet.freeze_panes = "A3"
    if rows:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{len(rows) + 2}"
    return 3


def _num(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def _level_text(ref: LevelRef | None) -> str:
    return "" if ref is None else ref.label


def _paint_level(sheet: Worksheet, row: int, column: int, ref: LevelRef | None) -> None:
    if ref is not None and ref.response:
        _paint(sheet.cell(row, column), ref.colour)


def _paint_score(
    sheet: Worksheet, row: int, column: int, scale: ScaleInfo, score: float | None
) -> None:
    if score is not None:
        _paint(sheet.cell(row, column), scale.colour_for_score(score))


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_gap_xlsx(report: GapReport) -> bytes:
    book = Workbook()
    s = report.subject
    synthetic = report.synthetic
    name = f"{report.country_name} ({report.country_code})"

    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    against = (
        f"#{report.against.assessment_id} as of {report.against.as_of.isoformat()} "
        f"({report.against.status}, version {report.against.checklist_version})"
        if report.against
        else "no earlier round"
    )
    fields: list[list[Cell]] = [
        ["Country", name],
        ["Checklist", f"{s.checklist_title} ({s.checklist_id})"],
        ["Checklist version", s.checklist_version],
        ["Assessment", f"#{s.assessment_id} {s.title}"],
        ["As of", s.as_of.isoformat()],
        ["Assessor", s.assessor],
        ["Status", s.status],
        ["Compared with", against],
        ["Data", f"{SYNTHETIC_MARK}: {SYNTHETIC_NOTICE}" if synthetic else "recorded assessment"],
        ["Overall score", _num(report.overall)],
        ["Overall target", _num(report.overall_target)],
        ["Change since previous round", format_change(report.overall_change)],
        ["Completion", round(report.completion, 4)],
        [
            "Answered / applicable / items",
            f"{report.answered} / {report.applicable} / {report.total}",
        ],
        ["Gaps (fundamental)", f"{len(report.gaps)} ({report.fundamental_gaps})"],
    ]
    fields += [["Key message", message] for message in key_messages(report)]
    _table(summary, f"Gap report: {name}", synthetic, ["Field", "Value"], fields, [30, 110])
    for row in range(3, 3 + len(fields)):
        summary.cell(row, 1).font = Font(bold=True)
        if summary.cell(row, 1).value == "Completion":
            summary.cell(row, 2).number_format = "0%"
    overall_row = 3 + [f[0] for f in fields].index("Overall score")
    _paint_score(summary, overall_row, 2, report.scale, report.overall)

    areas = book.create_sheet("Areas")
    _table(
        areas,
        f"Area scores: {name}",
        synthetic,
        [
            "Area",
            "Score",
            "Target",
            "Gap",
            "Previous",
            "Change",
            "Trend",
            "Answered",
            "Applicable",
            "Capped",
            "Cap reason",
        ],
        [
            [
                a.title,
                _num(a.score),
                _num(a.target),
                _num(a.gap),
                _num(a.previous),
                _num(a.change),
                trend_arrow(a.change),
                a.answered,
                a.applicable,
                "yes" if a.capped else "no",
                a.cap_reason,
            ]
            for a in report.areas
        ],
        [34, 9, 9, 9, 10, 9, 7, 10, 11, 8, 70],
    )
    for n, a in enumerate(report.areas, start=3):
        _paint_score(areas, n, 2, report.scale, a.score)

    gaps = book.create_sheet("Gaps")
    _table(
        gaps,
        f"Ranked gaps: {name} (priority = weight × normalised gap; fundamental first)",
        synthetic,
        [
            "Rank",
            "Item",
            "Title",
            "Area",
            "Fundamental",
            "No information",
            "Current",
            "Current descriptor",
            "Target",
            "Target descriptor",
            "Steps",
            "Priority",
            "Previous",
            "Change",
            "Rationale",
            "Evidence on file",
            "Evidence missing for target",
            "Assistance area",
        ],
        [
            [
                g.rank,
                g.item_id,
                g.title,
                g.area_title,
                "yes" if g.fundamental else "no",
                "yes" if g.no_information else "no",
                g.current.label,
                g.current.descriptor,
                g.target.label,
                g.target.descriptor,
                g.steps,
                round(g.priority, 4),
                _level_text(g.previous),
                {1: "improved", -1: "regressed"}.get(g.change, ""),
                g.rationale,
                "; ".join(g.evidence_on_file),
                "; ".join(g.evidence_missing),
                g.assistance_title,
            ]
            for g in report.gaps
        ],
        [6, 22, 34, 24, 11, 11, 22, 44, 22, 44, 7, 9, 22, 10, 50, 30, 40, 30],
    )
    for n, g in enumerate(report.gaps, start=3):
        _paint_level(gaps, n, 7, g.current)
        _paint_level(gaps, n, 9, g.target)
        _paint_level(gaps, n, 13, g.previous)

    assistance = book.create_sheet("Assistance")
    _table(
        assistance,
        f"Assistance areas: {name}",
        synthetic,
        ["Rank", "Assistance area", "Id", "Priority", "Share", "Gaps", "Fundamental gaps", "Items"],
        [
            [
                n,
                a.title,
                a.area,
                round(a.priority, 4),
                round(a.share, 4),
                a.gaps,
                a.fundamental_gaps,
                ", ".join(a.items),
            ]
            for n, a in enumerate(report.assistance, start=1)
        ],
        [6, 42, 28, 10, 8, 7, 16, 50],
    )
    for n in range(3, 3 + len(report.assistance)):
        assistance.cell(n, 5).number_format = "0%"

    notes = book.create_sheet("No information")
    note_rows: list[list[Cell]] = []
    for kind, found in (
        ("no information", report.no_information),
        ("unanswered", report.unanswered),
        ("not applicable", report.not_applicable),
    ):
        note_rows += [
            [
                kind,
                n.item_id,
                n.title,
                n.area_title,
                "yes" if n.fundamental else "no",
                n.assistance_title,
                n.rationale,
            ]
            for n in found
        ]
    _table(
        notes,
        f"Items without information, unanswered or not applicable: {name}",
        synthetic,
        ["Kind", "Item", "Title", "Area", "Fundamental", "Assistance area", "Rationale"],
        note_rows,
        [16, 22, 34, 24, 11, 30, 60],
    )

    changes = book.create_sheet("Changes")
    change_rows: list[list[Cell]] = []
    for kind, lines in (("regressed", report.regressed), ("improved", report.improved)):
        change_rows += [
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
            change_rows += [
                [f"{kind} in {cc.to_version}", n.item_id, n.title, n.area_title, "", "", ""]
                for n in names
            ]
    _table(
        changes,
        f"Changes since {report.against.as_of.isoformat()}"
        if report.against
        else "Changes: no earlier round",
        synthetic,
        ["Change", "Item", "Title", "Area", "Before", "Now", "Rationale"],
        change_rows,
        [18, 22, 34, 24, 24, 24, 60],
    )
    regressed_and_improved = [*report.regressed, *report.improved]
    for n, c in enumerate(regressed_and_improved, start=3):
        _paint_level(changes, n, 5, c.before)
        _paint_level(changes, n, 6, c.after)

    items = book.create_sheet("Items")
    _table(
        items,
        f"Every item: {name}",
        synthetic,
        [
            "Area",
            "Item",
            "Title",
            "Fundamental",
            "Weight",
            "Assistance area",
            "Answer",
            "Score",
            "Target",
            "Gap steps",
            "Priority",
            "Rank",
            "Previous",
            "Change",
            "Rationale",
            "Evidence",
            "Answered by",
        ],
        [
            [
                r.area_title,
                r.item_id,
                r.title,
                "yes" if r.fundamental else "no",
                r.weight,
                r.assistance_title,
                r.answer.label,
                _num(r.score),
                r.target.label,
                r.gap_steps,
                round(r.priority, 4),
                r.rank,
                _level_text(r.previous),
                {1: "improved", -1: "regressed"}.get(r.change, ""),
                r.rationale,
                "; ".join(r.evidence),
                r.assessor,
            ]
            for r in report.items
        ],
        [24, 22, 34, 11, 8, 30, 22, 8, 22, 9, 9, 6, 22, 10, 50, 30, 18],
    )
    for n, r in enumerate(report.items, start=3):
        _paint_level(items, n, 7, r.answer)
        _paint_level(items, n, 9, r.target)
        _paint_level(items, n, 13, r.previous)

    trend = book.create_sheet("Trend")
    area_ids = [a.area_id for a in report.areas]
    _table(
        trend,
        f"Rounds of {s.checklist_title}: {name}",
        synthetic,
        [
            "Round",
            "As of",
            "Status",
            "Version",
            "Overall",
            "Completion",
            *[a.title for a in report.areas],
        ],
        [
            [
                p.round.assessment_id,
                p.round.as_of.isoformat(),
                p.round.status,
                p.round.checklist_version,
                _num(p.overall),
                round(p.completion, 4),
                *[_num(p.area_score(a)) for a in area_ids],
            ]
            for p in report.trend
        ],
        [8, 12, 8, 9, 9, 11, *[18 for _ in area_ids]],
    )
    for n, p in enumerate(report.trend, start=3):
        trend.cell(n, 6).number_format = "0%"
        for column, area_id in enumerate(area_ids, start=7):
            _paint_score(trend, n, column, report.scale, p.area_score(area_id))
    return _save(book)


def render_portfolio_xlsx(portfolio: Portfolio) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    taken: set[str] = set()
    for section in portfolio.sections:
        sheet = book.create_sheet(_sheet_title(section.checklist_title, taken))
        area_titles = [a.title for a in section.areas]
        rows: list[list[Cell]] = []
        for row in section.rows:
            rows.append(
                [
                    row.country_code,
                    row.country_name,
                    row.round.as_of.isoformat(),
                    row.round.checklist_version,
                    _num(row.overall),
                    _num(row.overall_change),
                    trend_arrow(row.overall_change),
                    round(row.completion, 4),
                    row.gaps,
                    *[_num(c.score) for c in row.cells],
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
        _table(
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
            _paint_score(sheet, n, 5, section.scale, row.overall)
            for column, cell in enumerate(row.cells, start=10):
                _paint_score(sheet, n, column, section.scale, cell.score)
        sheet.freeze_panes = "C3"  # keep the country visible too
    if not portfolio.sections:
        sheet = book.create_sheet("Portfolio")
        _table(sheet, "Portfolio: no assessments yet", portfolio.synthetic, ["Country"], [], [20])
    return _save(book)
