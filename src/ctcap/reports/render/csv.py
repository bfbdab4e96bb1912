"""CSV for pivot tables: long format, one row per item (gap report) or per country × area.

Every row repeats its context (country, assessment, checklist), so any subset pivots on
its own. The first column, ``handling``, carries the report's handling mark
(``TLP:AMBER``) on every row, so no subset travels without it. The ``marking`` column
reads ``SYNTHETIC DATA`` on every row built from synthetic data. Numbers use fixed
decimals; line endings are ``\\r\\n`` (RFC 4180). Every cell, the header row too,
goes through ``ctcap.text.for_cell``: text a spreadsheet would run as a formula is shown
behind a ``'``. Numbers reach it as numbers (a negative change is a number, not a
formula) and are written as formatted here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from ctcap.text import Cell, for_cell

from ..gap_model import GapReport
from ..model import LevelRef
from ..portfolio_model import Portfolio
from .text import SYNTHETIC_MARK, trend_arrow

GAP_COLUMNS = (
    "handling",
    "marking",
    "country",
    "country_name",
    "assessment_id",
    "as_of",
    "status",
    "checklist",
    "checklist_version",
    "area",
    "area_title",
    "item",
    "item_title",
    "fundamental",
    "weight",
    "assistance_area",
    "assistance_title",
    "response",
    "level",
    "level_label",
    "score",
    "target_level",
    "target_label",
    "gap_steps",
    "priority",
    "rank",
    "previous_response",
    "change",
    "rationale",
    "evidence",
    "answered_by",
    "assessment_type",
    "team",
    "confidence",
    "flags",
    "treaty",
    "withheld",
)

PORTFOLIO_COLUMNS = (
    "handling",
    "marking",
    "checklist",
    "checklist_version",
    "country",
    "country_name",
    "assessment_id",
    "as_of",
    "area",
    "area_title",
    "score",
    "target",
    "change",
    "trend",
    "capped",
    "overall",
    "completion",
    "mark",
)


def _number(value: float | None, places: int = 2) -> Decimal | None:
    """A number with fixed decimals, as written ("12.50", "-3.00")."""
    return None if value is None else Decimal(f"{value:.{places}f}")


def _level(ref: LevelRef | None) -> int | None:
    return None if ref is None or ref.value is None else ref.value


def _field(value: Cell) -> str:
    shown = for_cell(value)
    return "" if shown is None else str(shown)


def _write(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_field(column) for column in columns])
    writer.writerows([_field(value) for value in row] for row in rows)
    return buffer.getvalue()


def render_gap_csv(report: GapReport) -> str:
    s = report.subject
    mark = SYNTHETIC_MARK if report.synthetic else ""
    rows: list[list[Cell]] = []
    for r in report.items:
        rows.append(
            [
                report.handling.label,
                mark,
                report.country_code,
                report.country_name,
                s.assessment_id,
                s.as_of.isoformat(),
                s.status,
                s.checklist_id,
                s.checklist_version,
                r.area_id,
                r.area_title,
                r.item_id,
                r.title,
                "yes" if r.fundamental else "no",
                Decimal(f"{r.weight:g}"),
                r.assistance_area,
                r.assistance_title,
                r.answer.response,
                _level(r.answer),
                r.answer.label,
                _number(r.score),
                _level(r.target),
                r.target.label,
                r.gap_steps,
                _number(r.priority, 4),
                r.rank,
                "" if r.previous is None else r.previous.response,
                {1: "improved", -1: "regressed"}.get(r.change, ""),
                r.rationale,
                "; ".join(r.evidence),
                r.assessor,
                s.assessment_type,
                "; ".join(m.text for m in s.team),
                r.confidence or "",
                "; ".join(r.flags),
                "; ".join(r.treaty),
                r.withheld or "",
            ]
        )
    return _write(GAP_COLUMNS, rows)


def render_portfolio_csv(portfolio: Portfolio) -> str:
    rows: list[list[Cell]] = []
    for section in portfolio.sections:
        titles = {a.area_id: a.title for a in section.areas}
        for row in section.rows:
            mark = SYNTHETIC_MARK if row.round.synthetic else ""
            for cell in row.cells:
                rows.append(
                    [
                        portfolio.handling.label,
                        mark,
                        section.checklist_id,
                        row.round.checklist_version,
                        row.country_code,
                        row.country_name,
                        row.round.assessment_id,
                        row.round.as_of.isoformat(),
                        cell.area_id,
                        titles[cell.area_id],
                        _number(cell.score),
                        _number(cell.target),
                        _number(cell.change),
                        trend_arrow(cell.change),
                        "yes" if cell.capped else "no",
                        _number(row.overall),
                        _number(row.completion, 4),
                        row.round.mark_label,
                    ]
                )
    return _write(PORTFOLIO_COLUMNS, rows)
