"""XLSX: need against assistance and the projects' before/after, a sheet per table.

Rows that stand out are filled (over-served blue, under-served amber, unserved red) and
the items several donors address at once are marked ⚑, as in the other formats. The
note on what the figures do not say is the last row of every sheet. Text goes through
``ctcap.text.for_cell``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ctcap.text import for_cell

from ...assistance_model import NeedAgainstAssistance, NeedRow, Served
from ...outcomes_model import Grouping, Outcomes
from .. import assistance_text as say
from .style import Cell, Column, fill, mark_sheets, workbook_bytes, write_table

SERVED_FILLS = {Served.OVER: "#BFDBFE", Served.UNDER: "#FDE68A", Served.UNSERVED: "#FECACA"}
SEVERAL_FILL = "#DDD6FE"
GROUP_TITLES = {"project": "By project", "area": "By area", "donor": "By donor"}


def _number(value: Decimal) -> float:
    return float(value)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _note(sheet: Worksheet, text: str) -> None:
    sheet.append([])
    sheet.append([text])
    sheet.cell(sheet.max_row, 1).font = Font(italic=True)


def _sheet(book: Workbook, title: str) -> Worksheet:
    return book.create_sheet(title)


def render_need_xlsx(view: NeedAgainstAssistance) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _rows_sheet(book, view)
    _areas_sheet(book, view)
    if view.regions:
        _regions_sheet(book, view)
    _overlaps_sheet(book, view)
    mark_sheets(book, view.handling)
    return workbook_bytes(book)


NEED_COLUMNS: tuple[Column, ...] = (
    ("Country", 9), ("Name", 24), ("Area", 30), ("Priority", 9), ("Gaps", 6),
    ("Need share", 10), ("Committed", 14), ("Disbursed", 14), ("Committed share", 11),
    ("Ratio", 8), ("Projects", 9), ("Served", 16), ("Several donors", 14),
    ("Donors", 30), ("Other currencies", 22), ("Assessed as of", 12),
)  # fmt: skip


def _need_row(row: NeedRow) -> list[Cell]:
    return [
        row.country_code,
        for_cell(row.country_name),
        say.area_title(row.area),
        round(row.priority, 4),
        row.gaps,
        round(row.need_share, 4),
        _number(row.money.committed),
        _number(row.money.disbursed),
        _share(row.committed_share),
        None if row.ratio is None else round(row.ratio, 2),
        row.projects,
        say.served_label(row),
        say.several_donors(row),
        for_cell("; ".join(row.donors)),
        say.others(row.other_currencies),
        row.assessed_as_of.isoformat() if row.assessed_as_of else "",
    ]


def _rows_sheet(book: Workbook, view: NeedAgainstAssistance) -> None:
    sheet = _sheet(book, "Need against assistance")
    title = f"Need against assistance, commitments in {view.currency}: {say.thresholds(view)}"
    write_table(sheet, title, view.synthetic, NEED_COLUMNS, [_need_row(r) for r in view.rows])
    for n, row in enumerate(view.rows, start=3):
        for column in (6, 9):
            sheet.cell(n, column).number_format = "0.0%"
        for column in (7, 8):
            sheet.cell(n, column).number_format = "#,##0.00"
        colour = SERVED_FILLS.get(row.served)
        if colour:
            for column in (1, 12):
                sheet.cell(n, column).fill = fill(colour)
            sheet.cell(n, 12).font = Font(bold=True)
        if row.several_donors:
            sheet.cell(n, 13).fill = fill(SEVERAL_FILL)
    sheet.freeze_panes = "C3"
    _note(sheet, view.note)


def _areas_sheet(book: Workbook, view: NeedAgainstAssistance) -> None:
    sheet = _sheet(book, "By area")
    columns: Sequence[Column] = (("Area", 34), ("Priority", 10), ("Need share", 11),
                                 ("Committed", 15), ("Committed share", 11), ("Disbursed", 15),
                                 ("Disbursed share", 11), ("Projects", 9),
                                 ("Countries with a gap", 11))  # fmt: skip
    rows = [
        [say.area_title(a.area), round(a.priority, 4), round(a.need_share, 4),
         _number(a.committed), _share(a.committed_share), _number(a.disbursed),
         _share(a.disbursed_share), a.projects, a.countries]
        for a in view.areas
    ]  # fmt: skip
    write_table(sheet, f"Per assistance area, {view.currency}", view.synthetic, columns, rows)
    for n in range(3, 3 + len(rows)):
        for column in (3, 5, 7):
            sheet.cell(n, column).number_format = "0.0%"
    _note(sheet, view.note)


def _regions_sheet(book: Workbook, view: NeedAgainstAssistance) -> None:
    sheet = _sheet(book, "Regional")
    columns: Sequence[Column] = (("Region", 14), ("Name", 34), ("Area", 30), ("Projects", 9),
                                 ("Donors", 30), ("Committed", 15), ("Disbursed", 15),
                                 ("Other currencies", 22))  # fmt: skip
    rows = [
        [for_cell(r.region), for_cell(r.name), say.area_title(r.area), r.projects,
         for_cell("; ".join(r.donors)), _number(r.money.committed),
         _number(r.money.disbursed), say.others(r.other_currencies)]
        for r in view.regions
    ]  # fmt: skip
    title = "Regional assistance: not split among member countries"
    write_table(sheet, title, view.synthetic, columns, rows)
    _note(sheet, view.note)


def _overlaps_sheet(book: Workbook, view: NeedAgainstAssistance) -> None:
    sheet = _sheet(book, "Several donors")
    columns: Sequence[Column] = (("Country", 9), ("Name", 24), ("Area", 30), ("Item", 30),
                                 ("Title", 40), ("Donor", 26), ("Project", 24), ("Start", 11),
                                 ("End", 11))  # fmt: skip
    rows = [
        [o.country_code, for_cell(o.country_name), say.area_title(o.area),
         f"{o.checklist_id}:{o.item_id}", for_cell(o.item_title), for_cell(p.donor),
         for_cell(p.identifier), p.start or "", p.end or ""]
        for o in view.overlaps
        for p in o.projects
    ]  # fmt: skip
    title = f"{say.SEVERAL_DONORS} Several donors on one item gap at overlapping times: coordinate"
    write_table(sheet, title, view.synthetic, columns, rows)
    for n in range(3, 3 + len(rows)):
        sheet.cell(n, 1).fill = fill(SEVERAL_FILL)


# Before and after ----------------------------------------------------------------------


def render_outcomes_xlsx(outcomes: Outcomes) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for grouping in outcomes.groupings:
        _grouping_sheet(book, grouping, outcomes)
    _items_sheet(book, outcomes)
    mark_sheets(book, outcomes.handling)
    return workbook_bytes(book)


def _grouping_sheet(book: Workbook, grouping: Grouping, outcomes: Outcomes) -> None:
    sheet = _sheet(book, GROUP_TITLES[grouping.by])
    first = {"project": "Project", "area": "Area", "donor": "Donor"}[grouping.by]
    columns: list[Column] = [(first, 26), ("Label", 40)]
    columns += [(say.OUTCOME_LABELS[o], 11) for o in outcomes.outcomes] + [("Total", 8)]
    rows = [
        [for_cell(row.key), for_cell(row.label), *(n for _, n in row.tally.counts),
         row.tally.total]
        for row in grouping.rows
    ]  # fmt: skip
    title = f"Before and after, {GROUP_TITLES[grouping.by].lower()}: association, not attribution"
    write_table(sheet, title, outcomes.synthetic, columns, rows)
    _note(sheet, outcomes.note)


def _items_sheet(book: Workbook, outcomes: Outcomes) -> None:
    sheet = _sheet(book, "Linked gaps")
    columns: Sequence[Column] = (("Project", 24), ("Donor", 24), ("Recipient", 10),
                                 ("Area", 28), ("Item", 30), ("Title", 36), ("Before", 8),
                                 ("Before as of", 12), ("After", 8), ("After as of", 12),
                                 ("Target", 8), ("Outcome", 18), ("Why", 40))  # fmt: skip
    rows = [
        [for_cell(p.identifier), for_cell(p.donor), for_cell(p.recipient),
         say.area_title(p.area), f"{i.checklist_id}:{i.item_id}", for_cell(i.item_title),
         i.level_before, i.before_as_of.isoformat() if i.before_as_of else "",
         i.level_after, i.after_as_of.isoformat() if i.after_as_of else "", i.target,
         say.OUTCOME_LABELS[i.outcome],
         for_cell(i.reason + ("; reworded between the rounds" if i.reworded else ""))]
        for p in outcomes.linked
        for i in p.items
    ]  # fmt: skip
    write_table(sheet, "Every linked gap, before and after", outcomes.synthetic, columns, rows)
    _note(sheet, outcomes.note)
