"""Markdown: the gap report as plain, diff-friendly text; the TUI shows ``render_gap_md``.

``SECTIONS`` lists the report's sections in order; each builds its own lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...gap_model import GapEntry, GapReport, ItemNote
from ...model import ChecklistChanges, ItemChangeLine, LevelRef, RoundRef
from ..text import SYNTHETIC_MARK, cap_reason, format_change, format_percent, format_score
from .blocks import (
    code_span,
    escape,
    handling_line,
    named,
    scale_text,
    synthetic_banner,
    table,
    team,
)
from .self_external import self_external_lines


def _round(ref: RoundRef) -> str:
    mark = f", {SYNTHETIC_MARK}" if ref.synthetic else ""
    return (
        f"#{ref.assessment_id} as of {ref.as_of.isoformat()} ({ref.status}, "
        f"version {escape(ref.checklist_version)}{mark})"
    )


def _level(ref: LevelRef) -> str:
    text = f"**{escape(ref.label)}**"
    return f"{text}: {escape(ref.descriptor)}" if ref.descriptor else text


def _change_word(change: int) -> str:
    return {1: "▲ improved", -1: "▼ regressed"}.get(change, "unchanged")


def render_gap_md(report: GapReport) -> str:
    """The gap report as Markdown (deterministic: the same report gives the same text)."""
    out = handling_line(report.handling) + synthetic_banner(report.synthetic)
    for section in SECTIONS:
        out += section(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _header(report: GapReport) -> list[str]:
    s = report.subject
    fields = [
        ["Country", f"{escape(report.country_name)} ({report.country_code})"],
        [
            "Checklist",
            f"{escape(s.checklist_title)} ({code_span(s.checklist_id)}), "
            f"version {escape(s.checklist_version)}",
        ],
        ["Assessment", f"#{s.assessment_id} {escape(s.title)}"],
        ["As of", s.as_of.isoformat()],
        ["Assessor", named(s, s.assessor)],
        ["Type", escape(s.type_label)],
        ["Team", team(s)],
        ["Status", s.status],
        ["Handling", escape(report.handling.banner)],
        ["Compared with", _round(report.against) if report.against else "no earlier round"],
        ["Data", SYNTHETIC_MARK if report.synthetic else "recorded assessment"],
    ]
    return [
        f"# Gap report: {escape(report.country_name)} ({report.country_code})",
        "",
        table(["Field", "Value"], fields),
        "",
        f"Scale: {escape(report.scale.title)}: {scale_text(report.scale)}.",
        "",
    ]


def _summary(report: GapReport) -> list[str]:
    since = (
        f" ({format_change(report.overall_change)} since {report.against.as_of.isoformat()})"
        if report.against and report.overall_change is not None
        else ""
    )
    out = [
        "## Summary",
        "",
        f"- Overall score **{format_score(report.overall)}** against a target of "
        f"{format_score(report.overall_target)}{since}.",
        f"- Completion {format_percent(report.completion)}: {report.answered} of "
        f"{report.applicable} applicable items answered ({report.total} items in the checklist).",
        f"- {len(report.gaps)} item(s) below target, {report.fundamental_gaps} of them "
        f"fundamental; {len(report.capped_areas)} area(s) capped by a fundamental item.",
    ]
    leading = [a for a in report.assistance if a.priority > 0][:3]
    if leading:
        named = ", ".join(f"{escape(a.title)} ({format_percent(a.share)})" for a in leading)
        out.append(f"- Assistance would close the most gap in: {named}.")
    if report.regressed:
        out.append(f"- {len(report.regressed)} item(s) regressed since the previous round.")
    return [*out, ""]


def _areas(report: GapReport) -> list[str]:
    rows = [
        [
            escape(a.title),
            format_score(a.score),
            format_score(a.target),
            format_score(a.gap),
            format_change(a.change),
            f"{a.answered}/{a.applicable}",
            "capped" if a.capped else "",
        ]
        for a in report.areas
    ]
    headers = ["Area", "Score", "Target", "Gap", "Change", "Answered", "Cap"]
    out = ["## Areas", "", table(headers, rows, right=(1, 2, 3, 4, 5)), ""]
    for area in report.capped_areas:
        out.append(f"- **{escape(area.title)}**: {escape(cap_reason(area))}.")
    if report.capped_areas:
        out.append("")
    return out


def _ranked_gaps(report: GapReport) -> list[str]:
    out = [
        "## Ranked gaps",
        "",
        "Priority = weight × normalised gap (steps ÷ scale range); fundamental items first.",
        "",
    ]
    if not report.gaps:
        out += ["Every answered item is at or above its target.", ""]
    for gap in report.gaps:
        out += _gap_entry(gap, report.against is not None)
    return out


def _assistance(report: GapReport) -> list[str]:
    rows = [
        [
            str(n),
            escape(a.title),
            f"{a.priority:.2f}",
            format_percent(a.share),
            str(a.gaps),
            str(a.fundamental_gaps),
            ", ".join(code_span(i) for i in a.items),
        ]
        for n, a in enumerate(report.assistance, start=1)
    ]
    headers = ["#", "Assistance area", "Priority", "Share", "Gaps", "Fundamental", "Items"]
    return [
        "## Assistance areas",
        "",
        "The nine capacity-building assistance areas, by the priority their gaps add up to.",
        "",
        table(headers, rows, right=(0, 2, 3, 4, 5)),
        "",
    ]


def _item_notes(report: GapReport) -> list[str]:
    out = _notes("Items without information", report.no_information, "None.")
    if report.unanswered:
        out += _notes("Unanswered items", report.unanswered, "")
    if report.not_applicable:
        out += _notes("Not applicable", report.not_applicable, "")
    return out


def _since_previous(report: GapReport) -> list[str]:
    if report.against is None:
        return []
    out = _changes("Regressed since the previous round", report.regressed, "None.")
    out += _changes("Improved since the previous round", report.improved, "None.")
    if report.checklist_changes is not None:
        out += _checklist_changes(report.checklist_changes)
    return out


def _trend(report: GapReport) -> list[str]:
    if not report.trend:
        return []
    rows = [
        [
            f"#{p.round.assessment_id}",
            p.round.as_of.isoformat(),
            p.round.status,
            escape(p.round.checklist_version),
            format_score(p.overall),
            format_percent(p.completion),
        ]
        for p in report.trend
    ]
    headers = ["Round", "As of", "Status", "Version", "Overall", "Completion"]
    return ["## Trend", "", table(headers, rows, right=(4, 5)), ""]


def _footer(report: GapReport) -> list[str]:
    synthetic = [f"*{SYNTHETIC_MARK}*", ""] if report.synthetic else []
    return [*synthetic, *handling_line(report.handling)]


# The report's sections, in order: each returns its lines.
def _self_external(report: GapReport) -> list[str]:
    section = report.self_external
    return [] if section is None else self_external_lines(section, level=2)


SECTIONS: tuple[Callable[[GapReport], list[str]], ...] = (
    _header,
    _summary,
    _areas,
    _ranked_gaps,
    _assistance,
    _item_notes,
    _since_previous,
    _self_external,
    _trend,
    _footer,
)


def _gap_entry(gap: GapEntry, compared: bool) -> list[str]:
    flags = " · **fundamental**" if gap.fundamental else ""
    flags += " · no information" if gap.no_information else ""
    out = [
        f"### {gap.rank}. {escape(gap.title)} ({code_span(gap.item_id)}){flags}",
        "",
        f"- Area: {escape(gap.area_title)} · assistance area: **{escape(gap.assistance_title)}**",
        f"- Priority {gap.priority:.2f} (weight {gap.weight:g}, {gap.steps} step(s) below target)",
        f"- Current: {_level(gap.current)}",
        f"- Target: {_level(gap.target)}",
    ]
    if compared:
        if gap.previous is None:
            out.append("- Previous round: not in that checklist version")
        else:
            out.append(
                f"- Previous round: {escape(gap.previous.label)} ({_change_word(gap.change)})"
            )
    out += _support(gap)
    missing = "; ".join(escape(e) for e in gap.evidence_missing)
    out.append(f"- Evidence missing for the target: {missing or '(the checklist names none)'}")
    out.append("")
    return out


def _support(gap: GapEntry) -> list[str]:
    """Rationale, confidence, weak-ground flags, treaty facts and evidence, or that a release
    withheld them."""
    out = []
    if gap.flags:
        out.append(f"- ⚠ Scored on weak ground: {escape('; '.join(gap.flags))}")
    out.append(f"- Confidence: {gap.confidence or 'not recorded'}")
    if gap.withheld:
        out.append(f"- Rationale and evidence: withheld (marked above {escape(gap.withheld)})")
        return out
    out.append(f"- Rationale: {escape(gap.rationale) if gap.rationale else '(none given)'}")
    if gap.treaty:
        out.append(f"- Treaty facts: {escape('; '.join(gap.treaty))}")
    for entry in gap.evidence_on_file:
        out.append(f"- Evidence: {escape(entry)}")
    return out


def _notes(title: str, notes: Sequence[ItemNote], empty: str) -> list[str]:
    out = [f"## {title}", ""]
    if not notes:
        return [*out, empty, ""]
    for note in notes:
        fundamental = " · fundamental" if note.fundamental else ""
        rationale = f": {escape(note.rationale)}" if note.rationale else ""
        out.append(
            f"- {escape(note.title)} ({code_span(note.item_id)}), {escape(note.area_title)}"
            f"{fundamental}{rationale}"
        )
    return [*out, ""]


def _changes(title: str, lines: Sequence[ItemChangeLine], empty: str) -> list[str]:
    out = [f"## {title}", ""]
    if not lines:
        return [*out, empty, ""]
    for line in lines:
        fundamental = " · fundamental" if line.fundamental else ""
        out.append(
            f"- {escape(line.title)} ({code_span(line.item_id)}), {escape(line.area_title)}"
            f"{fundamental}: {escape(line.before.label)} → {escape(line.after.label)}"
            + (f". {escape(line.rationale)}" if line.rationale else "")
        )
    return [*out, ""]


def _checklist_changes(changes: ChecklistChanges) -> list[str]:
    out = [
        f"## Checklist changes: version {escape(changes.from_version)} → "
        f"{escape(changes.to_version)}",
        "",
    ]
    for label, names in (
        ("Added", changes.added),
        ("Removed", changes.removed),
        ("Reworded", changes.reworded),
    ):
        listed = "; ".join(f"{escape(n.title)} ({code_span(n.item_id)})" for n in names)
        out.append(f"- {label}: {listed or 'none'}")
    return [*out, ""]
