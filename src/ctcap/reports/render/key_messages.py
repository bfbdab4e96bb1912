"""The gap report's key messages: the few sentences a programme manager reads first.

They live on the render side, not in the model or its builder, because they are
rendered text: numbers already printed (``text.format_score``, ``format_change``,
``format_percent``) inside sentences, worded for a reader. The model keeps the numbers
they are made of, so the JSON and CSV stay plain data and every format that shows the
messages (HTML, XLSX) words them alike. Plain text: HTML autoescapes it.
"""

from __future__ import annotations

from ..gap_model import GapReport
from .text import format_change, format_percent, format_score


def _names(titles: list[str], limit: int = 3) -> str:
    shown = titles[:limit]
    more = len(titles) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {more} more" if more > 0 else text


def key_messages(report: GapReport) -> list[str]:
    out = []
    since = (
        f" ({format_change(report.overall_change)} points since {report.against.as_of.isoformat()})"
        if report.against is not None and report.overall_change is not None
        else ""
    )
    out.append(
        f"Overall score {format_score(report.overall)} against a target of "
        f"{format_score(report.overall_target)}{since}."
    )
    if report.completion < 1:
        out.append(
            f"Completion {format_percent(report.completion)}: "
            f"{report.applicable - report.answered} of {report.applicable} applicable items "
            "are unanswered, so scores may change."
        )
    leading = [a for a in report.assistance if a.priority > 0][:3]
    if leading:
        named = ", ".join(f"{a.title} ({format_percent(a.share)})" for a in leading)
        out.append(f"Assistance would close the most gap in: {named}.")
    else:
        out.append("No answered item is below its target.")
    if report.gaps:
        out.append(
            f"{len(report.gaps)} item(s) below target, "
            f"{report.fundamental_gaps} of them fundamental."
        )
    capped = report.capped_areas
    if capped:
        causes = [f"{a.title} (by {', '.join(c.title for c in a.capped_by)})" for a in capped]
        out.append(
            f"{len(capped)} of {len(report.areas)} area(s) capped by a fundamental item below "
            f"target: {_names(causes)}."
        )
    if report.regressed:
        out.append(
            f"{len(report.regressed)} item(s) regressed since the previous round: "
            f"{_names([c.title for c in report.regressed])}."
        )
    if report.no_information:
        out.append(
            f"{len(report.no_information)} item(s) without information: "
            f"{_names([n.title for n in report.no_information])}."
        )
    return out
