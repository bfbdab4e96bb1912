"""XLSX: the agreement report of a revealed panel; sheets Summary, Areas, Discussion and
Items. Members' answers and the consensus are filled with their level's colour."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ctcap.domain.alpha import AlphaEstimate
from ctcap.text import for_cell

from ...agreement_model import AgreementLine, AgreementReport
from ..panel_text import METRIC_NOTE, alpha_sentence, within_one_text
from ..text import SYNTHETIC_MARK, SYNTHETIC_NOTICE
from .style import Cell, Column, mark_sheets, paint_level, workbook_bytes, write_table


def guarded(rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """Every text cell shown as the text it is (``ctcap.text.for_cell``)."""
    return [[for_cell(cell) for cell in row] for row in rows]


def render_agreement_xlsx(report: AgreementReport) -> bytes:
    book = Workbook()
    _summary(book, report)
    _areas(book, report)
    _items(book, report, "Discussion", report.discussion_lines)
    _items(book, report, "Items", report.lines)
    mark_sheets(book, report.handling)
    return workbook_bytes(book)


def _name(report: AgreementReport) -> str:
    return f"{report.round.country_name} ({report.round.country_code})"


def _summary(book: Workbook, report: AgreementReport) -> None:
    s, panel, review = report.subject, report.panel, report.review
    data = f"{SYNTHETIC_MARK}: {SYNTHETIC_NOTICE}" if report.synthetic else "recorded assessment"
    agreement = report.agreement
    fields: list[list[Cell]] = [
        ["Country", _name(report)],
        ["Checklist", f"{s.checklist_title} ({s.checklist_id}), version {s.checklist_version}"],
        ["Assessment", f"#{s.assessment_id} {s.title}"],
        ["As of", s.as_of.isoformat()],
        ["Lead", panel.lead],
        ["Members", ", ".join(panel.names)],
        ["Revealed by", panel.revealed_by or ""],
        ["Review", review.state.replace("_", " ") + (" (four eyes)" if review.required else "")],
        ["Data", data],
        ["Overall", f"{alpha_sentence(agreement.overall)} ({METRIC_NOTE})"],
        ["Items", len(agreement.items)],
        ["Within one step", report.within_one],
        ["Unanimous", len(agreement.unanimous)],
        ["To adopt", len(report.adoptable)],
        ["Decided", len(report.consensus)],
        ["Need discussion", report.needing_discussion],
    ]
    sheet = book.active
    assert sheet is not None
    sheet.title = "Summary"
    title = f"Panel agreement: {_name(report)}"
    write_table(sheet, for_cell(title), report.synthetic, [("Field", 24), ("Value", 100)],
                guarded(fields))  # fmt: skip
    for row in range(3, 3 + len(fields)):
        sheet.cell(row, 1).font = Font(bold=True)


AREA_COLUMNS: tuple[Column, ...] = (
    ("Area", 40),
    ("Alpha", 9),
    ("95% low", 9),
    ("95% high", 9),
    ("Within 1", 9),
    ("Unanimous", 11),
    ("Items", 7),
)


def _alpha(estimate: AlphaEstimate) -> list[Cell]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return [rounded(estimate.value), rounded(estimate.low), rounded(estimate.high)]


def _areas(book: Workbook, report: AgreementReport) -> None:
    agreement = report.agreement
    rows = [
        [a.title, *_alpha(a.alpha), a.within_one, a.unanimous, a.items] for a in agreement.areas
    ]
    rows.append(
        ["Overall", *_alpha(agreement.overall), report.within_one, len(agreement.unanimous),
         len(agreement.items)]
    )  # fmt: skip
    sheet = book.create_sheet("Areas")
    title = f"Krippendorff's alpha (ordinal) by area: {_name(report)}"
    write_table(sheet, for_cell(title), report.synthetic, AREA_COLUMNS, guarded(rows))
    sheet.cell(2 + len(rows), 1).font = Font(bold=True)


def _items(
    book: Workbook, report: AgreementReport, name: str, lines: Sequence[AgreementLine]
) -> None:
    """One row per item: the numbers, then a coloured column per member, the consensus."""
    members = report.panel.names
    columns: list[Column] = [("Rank", 6), ("Item", 22), ("Title", 40), ("Area", 26),
                             ("Spread", 8), ("Within 1", 9), ("Unanimous", 11)]  # fmt: skip
    columns += [(for_cell(member), 10) for member in members]
    columns += [("Consensus", 18), ("How", 9)]
    rows = []
    for line in lines:
        a = line.agreement
        rows.append([line.rank, a.item_id, line.title, line.area_title, a.spread,
                     within_one_text(a.within_one), "yes" if a.unanimous else "no",
                     *(ref.label for _, ref in line.answers),
                     "" if line.consensus is None else line.consensus.label,
                     line.consensus_method or ""])  # fmt: skip
    sheet = book.create_sheet(name)
    what = "most in need of discussion first" if name == "Discussion" else "every item"
    title = f"{name}: {_name(report)}, {what}"
    write_table(sheet, for_cell(title), report.synthetic, columns, guarded(rows))
    _paint(sheet, lines, first_member=8)
    sheet.freeze_panes = "C3"


def _paint(sheet: Worksheet, lines: Sequence[AgreementLine], first_member: int) -> None:
    for row, line in enumerate(lines, start=3):
        for column, (_, ref) in enumerate(line.answers, start=first_member):
            paint_level(sheet, row, column, ref)
        paint_level(sheet, row, first_member + len(line.answers), line.consensus)
