"""CSV for pivot tables: long format, one row per item (gap report, self against external),
per item × member (panel agreement) or per country × area (portfolio).

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

from ctcap.domain.alpha import AlphaEstimate
from ctcap.text import Cell, for_cell

from ..agreement_model import AgreementReport
from ..gap_model import GapReport
from ..model import LevelRef
from ..portfolio_model import Portfolio
from ..self_external_model import SelfExternalReport
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
    pairs = zip(rows, report.items, strict=True)
    rows = [row + _counterpart_cells(report, r.item_id) for row, r in pairs]
    return _write((*GAP_COLUMNS, *GAP_SELF_EXTERNAL_COLUMNS), rows)


# Where the round has a self or external counterpart of the same date (else empty).
GAP_SELF_EXTERNAL_COLUMNS = (
    "self_assessment_id",
    "external_assessment_id",
    "self_response",
    "external_response",
    "external_minus_self_steps",
    "external_minus_self_points",
)


def _counterpart_cells(report: GapReport, item_id: str) -> list[Cell]:
    section = report.self_external
    line = None if section is None else section.item(item_id)
    if section is None or line is None:
        return [""] * len(GAP_SELF_EXTERNAL_COLUMNS)
    return [
        section.self_round.assessment_id,
        section.external_round.assessment_id,
        line.self_level.response,
        line.external_level.response,
        line.steps,
        _number(line.points),
    ]


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


AGREEMENT_COLUMNS = (
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
    "area_alpha",
    "area_alpha_low",
    "area_alpha_high",
    "overall_alpha",
    "overall_alpha_low",
    "overall_alpha_high",
    "item",
    "item_title",
    "spread",
    "within_one",
    "unanimous",
    "mixed_special",
    "discussion_rank",
    "member",
    "lead",
    "response",
    "level",
    "consensus_response",
    "consensus_method",
)


def _alpha_cells(estimate: AlphaEstimate) -> list[Cell]:
    return [_number(estimate.value, 4), _number(estimate.low, 4), _number(estimate.high, 4)]


def _flag(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def render_agreement_csv(report: AgreementReport) -> str:
    """One row per item and member: pivot members against items, or filter one area."""
    s, panel = report.subject, report.panel
    mark = SYNTHETIC_MARK if report.synthetic else ""
    context: list[Cell] = [
        report.handling.label, mark, report.round.country_code, report.round.country_name,
        s.assessment_id, s.as_of.isoformat(), s.status, s.checklist_id, s.checklist_version,
    ]  # fmt: skip
    overall = _alpha_cells(report.agreement.overall)
    areas = {a.area_id: a for a in report.agreement.areas}
    rows: list[list[Cell]] = []
    for line in report.lines:
        a = line.agreement
        area = areas[a.area_id]
        item: list[Cell] = [a.area_id, area.title, *_alpha_cells(area.alpha), *overall,
                a.item_id, line.title, a.spread,
                _flag(a.within_one), _flag(a.unanimous), _flag(a.mixed_special),
                line.rank]  # fmt: skip
        decided = line.consensus
        for member, ref in line.answers:
            rows.append([*context, *item, member, _flag(member == panel.lead),
                         ref.response, _level(ref), "" if decided is None else decided.response,
                         line.consensus_method or ""])  # fmt: skip
    return _write(AGREEMENT_COLUMNS, rows)


SELF_EXTERNAL_COLUMNS = (
    "handling",
    "marking",
    "country",
    "country_name",
    "as_of",
    "checklist",
    "checklist_version",
    "self_id",
    "self_status",
    "external_id",
    "external_status",
    "area",
    "area_title",
    "item",
    "item_title",
    "self_response",
    "self_level",
    "external_response",
    "external_level",
    "steps",
    "points",
    "area_self_score",
    "area_external_score",
    "area_points",
    "mean_steps",
    "mean_points",
)


def render_self_external_csv(report: SelfExternalReport) -> str:
    """One row per item, external − self; each row repeats its area's and the means."""
    section = report.section
    s, e = section.self_round, section.external_round
    mark = SYNTHETIC_MARK if report.synthetic else ""
    context: list[Cell] = [report.handling.label, mark, report.country_code,
               report.country_name, s.as_of.isoformat(), s.checklist_id, s.checklist_version,
               s.assessment_id, s.status, e.assessment_id, e.status]  # fmt: skip
    areas = {a.area_id: a for a in section.areas}
    means = [_number(section.mean_steps, 4), _number(section.mean_points)]
    rows: list[list[Cell]] = []
    for i in section.items:
        area = areas[i.area_id]
        rows.append([*context, i.area_id, i.area_title, i.item_id, i.title,
                     i.self_level.response, _level(i.self_level), i.external_level.response,
                     _level(i.external_level), i.steps,
                     _number(i.points), _number(area.self_score), _number(area.external_score),
                     _number(area.points), *means])  # fmt: skip
    return _write(SELF_EXTERNAL_COLUMNS, rows)
