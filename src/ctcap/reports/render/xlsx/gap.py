"""XLSX: the gap report, one sheet per report section.

``SHEETS`` lists the sheets in order; each writes its own. Answer and target cells are
filled with their level's colour, area scores with the colour of the nearest level.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

from ...gap_model import GapReport
from ..key_messages import key_messages
from ..text import SYNTHETIC_MARK, SYNTHETIC_NOTICE, cap_reason, format_change, trend_arrow
from .gap_rounds import changes_sheet, trend_sheet
from .gap_rounds import country_label as _name
from .self_external import add_self_external_sheets
from .style import (
    Cell,
    Column,
    level_text,
    mark_sheets,
    paint_level,
    paint_score,
    rounded,
    withheld_text,
    workbook_bytes,
    write_table,
)

_CHANGE_WORDS = {1: "improved", -1: "regressed"}


def render_gap_xlsx(report: GapReport) -> bytes:
    book = Workbook()
    for sheet in SHEETS:
        sheet(book, report)
    mark_sheets(book, report.handling)
    return workbook_bytes(book)


def _summary_sheet(book: Workbook, report: GapReport) -> None:
    """The header fields, the key figures and the key messages (the workbook's first sheet)."""
    s, against = report.subject, report.against
    compared = (
        f"#{against.assessment_id} as of {against.as_of.isoformat()} "
        f"({against.status}, version {against.checklist_version})"
        if against
        else "no earlier round"
    )
    data = f"{SYNTHETIC_MARK}: {SYNTHETIC_NOTICE}" if report.synthetic else "recorded assessment"
    fields: list[list[Cell]] = [
        ["Country", _name(report)],
        ["Checklist", f"{s.checklist_title} ({s.checklist_id})"],
        ["Checklist version", s.checklist_version],
        ["Assessment", f"#{s.assessment_id} {s.title}"],
        ["As of", s.as_of.isoformat()],
        ["Assessor", withheld_text(s.assessor, s.names_withheld)],
        ["Type", s.type_label],
        ["Team", withheld_text("; ".join(m.text for m in s.team), s.names_withheld)],
        ["Status", s.status],
        ["Handling", report.handling.banner],
        ["Compared with", compared],
        ["Data", data],
        ["Overall score", rounded(report.overall)],
        ["Overall target", rounded(report.overall_target)],
        ["Change since previous round", format_change(report.overall_change)],
        ["Completion", round(report.completion, 4)],
        [
            "Answered / applicable / items",
            f"{report.answered} / {report.applicable} / {report.total}",
        ],
        ["Gaps (fundamental)", f"{len(report.gaps)} ({report.fundamental_gaps})"],
    ]
    fields += [["Key message", message] for message in key_messages(report)]
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    columns = [("Field", 30), ("Value", 110)]
    write_table(summary, f"Gap report: {_name(report)}", report.synthetic, columns, fields)
    for row in range(3, 3 + len(fields)):
        summary.cell(row, 1).font = Font(bold=True)
        if summary.cell(row, 1).value == "Completion":
            summary.cell(row, 2).number_format = "0%"
    overall_row = 3 + [f[0] for f in fields].index("Overall score")
    paint_score(summary, overall_row, 2, report.scale, report.overall)


AREA_COLUMNS: tuple[Column, ...] = (
    ("Area", 34),
    ("Score", 9),
    ("Target", 9),
    ("Gap", 9),
    ("Previous", 10),
    ("Change", 9),
    ("Trend", 7),
    ("Answered", 10),
    ("Applicable", 11),
    ("Capped", 8),
    ("Cap reason", 70),
)


def _areas_sheet(book: Workbook, report: GapReport) -> None:
    rows = [
        [
            a.title,
            rounded(a.score),
            rounded(a.target),
            rounded(a.gap),
            rounded(a.previous),
            rounded(a.change),
            trend_arrow(a.change),
            a.answered,
            a.applicable,
            "yes" if a.capped else "no",
            cap_reason(a),
        ]
        for a in report.areas
    ]
    sheet = book.create_sheet("Areas")
    write_table(sheet, f"Area scores: {_name(report)}", report.synthetic, AREA_COLUMNS, rows)
    for n, a in enumerate(report.areas, start=3):
        paint_score(sheet, n, 2, report.scale, a.score)


GAP_COLUMNS: tuple[Column, ...] = (
    ("Rank", 6),
    ("Item", 22),
    ("Title", 34),
    ("Area", 24),
    ("Fundamental", 11),
    ("No information", 11),
    ("Current", 22),
    ("Current descriptor", 44),
    ("Target", 22),
    ("Target descriptor", 44),
    ("Steps", 7),
    ("Priority", 9),
    ("Previous", 22),
    ("Change", 10),
    ("Rationale", 50),
    ("Evidence on file", 30),
    ("Evidence missing for target", 40),
    ("Assistance area", 30),
    ("Confidence", 11),
    ("Weak ground", 30),
    ("Treaty facts", 40),
)


def _gaps_sheet(book: Workbook, report: GapReport) -> None:
    rows = [
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
            level_text(g.previous),
            _CHANGE_WORDS.get(g.change, ""),
            withheld_text(g.rationale, g.withheld),
            withheld_text("; ".join(g.evidence_on_file), g.withheld),
            "; ".join(g.evidence_missing),
            g.assistance_title,
            g.confidence or "",
            "; ".join(g.flags),
            "; ".join(g.treaty),
        ]
        for g in report.gaps
    ]
    sheet = book.create_sheet("Gaps")
    title = f"Ranked gaps: {_name(report)} (priority = weight × normalised gap; fundamental first)"
    write_table(sheet, title, report.synthetic, GAP_COLUMNS, rows)
    for n, g in enumerate(report.gaps, start=3):
        paint_level(sheet, n, 7, g.current)
        paint_level(sheet, n, 9, g.target)
        paint_level(sheet, n, 13, g.previous)


ASSISTANCE_COLUMNS: tuple[Column, ...] = (
    ("Rank", 6),
    ("Assistance area", 42),
    ("Id", 28),
    ("Priority", 10),
    ("Share", 8),
    ("Gaps", 7),
    ("Fundamental gaps", 16),
    ("Items", 50),
)


def _assistance_sheet(book: Workbook, report: GapReport) -> None:
    rows = [
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
    ]
    sheet = book.create_sheet("Assistance")
    title = f"Assistance areas: {_name(report)}"
    write_table(sheet, title, report.synthetic, ASSISTANCE_COLUMNS, rows)
    for n in range(3, 3 + len(report.assistance)):
        sheet.cell(n, 5).number_format = "0%"


NOTE_COLUMNS: tuple[Column, ...] = (
    ("Kind", 16),
    ("Item", 22),
    ("Title", 34),
    ("Area", 24),
    ("Fundamental", 11),
    ("Assistance area", 30),
    ("Rationale", 60),
)


def _notes_sheet(book: Workbook, report: GapReport) -> None:
    rows: list[list[Cell]] = []
    for kind, found in (
        ("no information", report.no_information),
        ("unanswered", report.unanswered),
        ("not applicable", report.not_applicable),
    ):
        rows += [
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
    sheet = book.create_sheet("No information")
    title = f"Items without information, unanswered or not applicable: {_name(report)}"
    write_table(sheet, title, report.synthetic, NOTE_COLUMNS, rows)


ITEM_COLUMNS: tuple[Column, ...] = (
    ("Area", 24),
    ("Item", 22),
    ("Title", 34),
    ("Fundamental", 11),
    ("Weight", 8),
    ("Assistance area", 30),
    ("Answer", 22),
    ("Score", 8),
    ("Target", 22),
    ("Gap steps", 9),
    ("Priority", 9),
    ("Rank", 6),
    ("Previous", 22),
    ("Change", 10),
    ("Rationale", 50),
    ("Evidence", 30),
    ("Answered by", 18),
    ("Confidence", 11),
    ("Weak ground", 30),
    ("Treaty facts", 40),
)


def _items_sheet(book: Workbook, report: GapReport) -> None:
    rows = [
        [
            r.area_title,
            r.item_id,
            r.title,
            "yes" if r.fundamental else "no",
            r.weight,
            r.assistance_title,
            r.answer.label,
            rounded(r.score),
            r.target.label,
            r.gap_steps,
            round(r.priority, 4),
            r.rank,
            level_text(r.previous),
            _CHANGE_WORDS.get(r.change, ""),
            withheld_text(r.rationale, r.withheld),
            withheld_text("; ".join(r.evidence), r.withheld),
            withheld_text(r.assessor, r.withheld),
            r.confidence or "",
            "; ".join(r.flags),
            "; ".join(r.treaty),
        ]
        for r in report.items
    ]
    sheet = book.create_sheet("Items")
    write_table(sheet, f"Every item: {_name(report)}", report.synthetic, ITEM_COLUMNS, rows)
    for n, r in enumerate(report.items, start=3):
        paint_level(sheet, n, 7, r.answer)
        paint_level(sheet, n, 9, r.target)
        paint_level(sheet, n, 13, r.previous)


# The workbook's sheets, in order: each adds (or, the first, fills) its own.
def _self_external_sheets(book: Workbook, report: GapReport) -> None:
    if report.self_external is not None:
        add_self_external_sheets(book, report.self_external, _name(report))


SHEETS: tuple[Callable[[Workbook, GapReport], None], ...] = (
    _summary_sheet,
    _areas_sheet,
    _gaps_sheet,
    _assistance_sheet,
    _notes_sheet,
    changes_sheet,
    _items_sheet,
    trend_sheet,
    _self_external_sheets,
)
