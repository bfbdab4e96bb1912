"""Markdown: the agreement report of a revealed panel (``ctcap panel agreement``).

The summary, alpha per area with its interval, then the items that most need
discussion, ranked as ``domain.agreement`` ranks them, with each member's answer.
"""

from __future__ import annotations

from ...agreement_model import AgreementLine, AgreementReport
from ..panel_text import (
    METRIC_NOTE,
    alpha_interval,
    alpha_sentence,
    alpha_value,
    short_answer,
    spread_text,
    within_one_text,
)
from ..text import SYNTHETIC_MARK
from .blocks import code_span, escape, handling_line, scale_text, synthetic_banner, table


def render_agreement_md(report: AgreementReport) -> str:
    out = handling_line(report.handling) + synthetic_banner(report.synthetic)
    out += _header(report) + _summary(report) + _areas(report) + _discussion(report)
    out += handling_line(report.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def _header(report: AgreementReport) -> list[str]:
    info, s, panel = report.round, report.subject, report.panel
    revealed = (
        f"by {escape(panel.revealed_by or '')} at {panel.revealed_at:%Y-%m-%d %H:%M} UTC"
        if panel.revealed_at is not None
        else "not yet"
    )
    review = report.review.state.replace("_", " ")
    if report.review.required:
        review += " (four eyes required)"
    fields = [
        ["Country", f"{escape(info.country_name)} ({info.country_code})"],
        [
            "Checklist",
            f"{escape(s.checklist_title)} ({code_span(s.checklist_id)}), "
            f"version {escape(s.checklist_version)}",
        ],
        ["Assessment", f"#{s.assessment_id} {escape(s.title)}"],
        ["As of", s.as_of.isoformat()],
        ["Panel", f"{len(panel.members)} members, lead {escape(panel.lead)}"],
        ["Members", ", ".join(escape(name) for name in panel.names)],
        ["Revealed", revealed],
        ["Review", review],
        ["Data", SYNTHETIC_MARK if report.synthetic else "recorded assessment"],
    ]
    return [
        f"# Panel agreement: {escape(info.country_name)} ({info.country_code})",
        "",
        table(["Field", "Value"], fields),
        "",
        f"Scale: {escape(report.scale.title)}: {scale_text(report.scale)}.",
        "",
    ]


def _summary(report: AgreementReport) -> list[str]:
    agreement = report.agreement
    adopt = len(report.adoptable)
    return [
        "## Summary",
        "",
        f"- Overall {alpha_sentence(agreement.overall)} ({METRIC_NOTE}; N/A and no "
        "information count as missing).",
        f"- {len(agreement.items)} items: {report.within_one} with every level within one "
        f"step, {len(agreement.unanimous)} unanimous ({adopt} to adopt in one step with "
        f"{code_span('ctcap panel adopt')}), {len(report.consensus)} decided.",
        f"- {report.needing_discussion} item(s) need discussion.",
        "",
    ]


def _areas(report: AgreementReport) -> list[str]:
    rows = [
        [
            escape(area.title),
            alpha_value(area.alpha),
            alpha_interval(area.alpha),
            str(area.within_one),
            str(area.unanimous),
            str(area.items),
        ]
        for area in report.agreement.areas
    ]
    overall = report.agreement.overall
    rows.append(
        [
            "**Overall**",
            alpha_value(overall),
            alpha_interval(overall),
            str(report.within_one),
            str(len(report.agreement.unanimous)),
            str(len(report.agreement.items)),
        ]
    )
    headers = ["Area", "Alpha", "95% interval", "Within 1", "Unanimous", "Items"]
    return ["## Agreement by area", "", table(headers, rows, right=(1, 3, 4, 5)), ""]


def _discussion(report: AgreementReport) -> list[str]:
    out = ["## Most in need of discussion", ""]
    lines = report.discussion_lines
    if not lines:
        return [*out, "No item needs discussion.", ""]
    members = report.panel.names
    headers = ["#", "Item", "Area", "Spread", "Within 1", *map(escape, members), "Consensus"]
    rows = [_discussion_row(line) for line in lines]
    right = (0, 3, *range(5, 5 + len(members)))
    if len(lines) < report.needing_discussion:
        out += [f"The first {len(lines)} of {report.needing_discussion}.", ""]
    out += [
        "Ranked by the spread of the levels (in scale steps), then a split over N/A or no "
        "information, then how many members sit more than a step from the median.",
        "",
        table(headers, rows, right=right),
        "",
    ]
    return out


def _discussion_row(line: AgreementLine) -> list[str]:
    agreement = line.agreement
    consensus = "" if line.consensus is None else escape(line.consensus.label)
    return [
        str(line.rank or ""),
        f"{escape(line.title)} ({code_span(line.item_id)})",
        escape(line.area_title),
        spread_text(agreement.spread),
        within_one_text(agreement.within_one),
        *(short_answer(ref) for _, ref in line.answers),
        consensus,
    ]
