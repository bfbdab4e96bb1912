"""XLSX through openpyxl: the gap report, one sheet per report section.

Answer and target cells are filled with their level's colour, area scores with the
colour of the nearest level. The sheet helpers are in ``xlsx_style``; the portfolio's
workbook is in ``render_xlsx_portfolio``.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from .gap_model import GapReport
from .messages import key_messages
from .model import SYNTHETIC_MARK, SYNTHETIC_NOTICE, format_change, trend_arrow
from .xlsx_style import (
    Cell,
    level_text,
    paint_level,
    paint_score,
    rounded,
    workbook_bytes,
    write_table,
)


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
    write_table(summary, f"Gap report: {name}", synthetic, ["Field", "Value"], fields, [30, 110])
    for row in range(3, 3 + len(fields)):
        summary.cell(row, 1).font = Font(bold=True)
        if summary.cell(row, 1).value == "Completion":
            summary.cell(row, 2).number_format = "0%"
    overall_row = 3 + [f[0] for f in fields].index("Overall score")
    paint_score(summary, overall_row, 2, report.scale, report.overall)

    areas = book.create_sheet("Areas")
    write_table(
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
                rounded(a.score),
                rounded(a.target),
                rounded(a.gap),
                rounded(a.previous),
                rounded(a.change),
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
        paint_score(areas, n, 2, report.scale, a.score)

    gaps = book.create_sheet("Gaps")
    write_table(
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
                level_text(g.previous),
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
        paint_level(gaps, n, 7, g.current)
        paint_level(gaps, n, 9, g.target)
        paint_level(gaps, n, 13, g.previous)

    assistance = book.create_sheet("Assistance")
    write_table(
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
    write_table(
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
    write_table(
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
        paint_level(changes, n, 5, c.before)
        paint_level(changes, n, 6, c.after)

    items = book.create_sheet("Items")
    write_table(
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
                rounded(r.score),
                r.target.label,
                r.gap_steps,
                round(r.priority, 4),
                r.rank,
                level_text(r.previous),
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
        paint_level(items, n, 7, r.answer)
        paint_level(items, n, 9, r.target)
        paint_level(items, n, 13, r.previous)

    trend = book.create_sheet("Trend")
    area_ids = [a.area_id for a in report.areas]
    write_table(
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
                rounded(p.overall),
                round(p.completion, 4),
                *[rounded(p.area_score(a)) for a in area_ids],
            ]
            for p in report.trend
        ],
        [8, 12, 8, 9, 9, 11, *[18 for _ in area_ids]],
    )
    for n, p in enumerate(report.trend, start=3):
        trend.cell(n, 6).number_format = "0%"
        for column, area_id in enumerate(area_ids, start=7):
            paint_score(trend, n, column, report.scale, p.area_score(area_id))
    return workbook_bytes(book)
