"""CSV for pivot tables: long format, one row per item (gap report) or per country × area.

Every row repeats its context (country, assessment, checklist), so any subset pivots on
its own. The first column, ``handling``, carries the report's handling mark
(``TLP:AMBER``) on every row, so no subset travels without it. The ``marking`` column
reads ``SYNTHETIC DATA`` on every row built from synthetic data. Numbers use fixed
decimals; line endings are ``\\r\\n`` (RFC 4180).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

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


def _number(value: float | None, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _level(ref: LevelRef | None) -> str:
    return "" if ref is None or ref.value is None else str(ref.value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """User text made safe for spreadsheets: a leading formula character is quoted."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _write(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def render_gap_csv(report: GapReport) -> str:
    s = report.subject
    mark = SYNTHETIC_MARK if report.synthetic else ""
    rows = []
    for r in report.items:
        rows.append(
            [
                report.handling.label,
                mark,
                report.country_code,
                report.country_name,
                str(s.assessment_id),
                s.as_of.isoformat(),
                s.status,
                s.checklist_id,
                s.checklist_version,
                r.area_id,
                r.area_title,
                r.item_id,
                r.title,
                "yes" if r.fundamental else "no",
                f"{r.weight:g}",
                r.assistance_area,
                r.assistance_title,
                r.answer.response,
                _level(r.answer),
                r.answer.label,
                _number(r.score),
                _level(r.target),
                r.target.label,
                str(r.gap_steps),
                _number(r.priority, 4),
                "" if r.rank is None else str(r.rank),
                "" if r.previous is None else r.previous.response,
                {1: "improved", -1: "regressed"}.get(r.change, ""),
                text(r.rationale),
                text("; ".join(r.evidence)),
                text(r.assessor),
                s.assessment_type,
                text("; ".join(m.text for m in s.team)),
                r.confidence or "",
                "; ".join(r.flags),
                text("; ".join(r.treaty)),
                r.withheld or "",
            ]
        )
    return _write(GAP_COLUMNS, rows)


def render_portfolio_csv(portfolio: Portfolio) -> str:
    rows = []
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
                        str(row.round.assessment_id),
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
