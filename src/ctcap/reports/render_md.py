"""Markdown: the gap report, the history and the portfolio as plain, diff-friendly text.

The TUI shows ``render_gap_md`` in its Markdown widget; ``ctcap history`` prints
``render_history_md``. User text (rationales, evidence) is escaped so that it stays
text: it can neither break a table nor inject HTML into a Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import (
    SYNTHETIC_MARK,
    SYNTHETIC_NOTICE,
    ChecklistChanges,
    GapEntry,
    GapReport,
    History,
    ItemChangeLine,
    ItemNote,
    LevelRef,
    Portfolio,
    RoundRef,
    ScaleInfo,
    format_change,
    format_percent,
    format_score,
    trend_arrow,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """One line of user text, with Markdown and HTML syntax escaped."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text).strip())


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """An aligned Markdown table: readable as plain text in a terminal, too."""
    widths = [max(3, len(headers[n]), *(len(row[n]) for row in rows)) for n in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[n]) if n in right else cell.ljust(widths[n])
            for n, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        ("-" * (widths[n] - 1) + ":") if n in right else "-" * widths[n]
        for n in range(len(headers))
    ]
    return "\n".join([line(headers), "| " + " | ".join(rule) + " |", *(line(r) for r in rows)])


def _banner(synthetic: bool) -> list[str]:
    return [f"> **{SYNTHETIC_MARK}**: {SYNTHETIC_NOTICE}", ""] if synthetic else []


def _round(ref: RoundRef) -> str:
    mark = f", {SYNTHETIC_MARK}" if ref.synthetic else ""
    return (
        f"#{ref.assessment_id} as of {ref.as_of.isoformat()} ({ref.status}, "
        f"version {escape(ref.checklist_version)}{mark})"
    )


def _scale(scale: ScaleInfo) -> str:
    return "; ".join(f"{lv.value} {escape(lv.label)}" for lv in scale.levels)


def _level(ref: LevelRef) -> str:
    text = f"**{escape(ref.label)}**"
    return f"{text}: {escape(ref.descriptor)}" if ref.descriptor else text


def _change_word(change: int) -> str:
    return {1: "▲ improved", -1: "▼ regressed"}.get(change, "unchanged")


# The gap report --------------------------------------------------------------------------


def render_gap_md(report: GapReport) -> str:
    """The gap report as Markdown (deterministic: the same report gives the same text)."""
    s = report.subject
    out = _banner(report.synthetic)
    out += [
        f"# Gap report: {escape(report.country_name)} ({report.country_code})",
        "",
        table(
            ["Field", "Value"],
            [
                ["Country", f"{escape(report.country_name)} ({report.country_code})"],
                [
                    "Checklist",
                    f"{escape(s.checklist_title)} ({_code(s.checklist_id)}), "
                    f"version {escape(s.checklist_version)}",
                ],
                ["Assessment", f"#{s.assessment_id} {escape(s.title)}"],
                ["As of", s.as_of.isoformat()],
                ["Assessor", escape(s.assessor)],
                ["Status", s.status],
                ["Compared with", _round(report.against) if report.against else "no earlier round"],
                ["Data", SYNTHETIC_MARK if report.synthetic else "recorded assessment"],
            ],
        ),
        "",
        f"Scale: {escape(report.scale.title)}: {_scale(report.scale)}.",
        "",
        "## Summary",
        "",
    ]
    since = (
        f" ({format_change(report.overall_change)} since {report.against.as_of.isoformat()})"
        if report.against and report.overall_change is not None
        else ""
    )
    out.append(
        f"- Overall score **{format_score(report.overall)}** against a target of "
        f"{format_score(report.overall_target)}{since}."
    )
    out.append(
        f"- Completion {format_percent(report.completion)}: {report.answered} of "
        f"{report.applicable} applicable items answered ({report.total} items in the checklist)."
    )
    out.append(
        f"- {len(report.gaps)} item(s) below target, {report.fundamental_gaps} of them "
        f"fundamental; {len(report.capped_areas)} area(s) capped by a fundamental item."
    )
    leading = [a for a in report.assistance if a.priority > 0][:3]
    if leading:
        named = ", ".join(f"{escape(a.title)} ({format_percent(a.share)})" for a in leading)
        out.append(f"- Assistance would close the most gap in: {named}.")
    if report.regressed:
        out.append(f"- {len(report.regressed)} item(s) regressed since the previous round.")
    out.append("")

    out += ["## Areas", ""]
    out.append(
        table(
            ["Area", "Score", "Target", "Gap", "Change", "Answered", "Cap"],
            [
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
            ],
            right=(1, 2, 3, 4, 5),
        )
    )
    out.append("")
    for area in report.capped_areas:
        out.append(f"- **{escape(area.title)}**: {escape(area.cap_reason)}.")
    if report.capped_areas:
        out.append("")

    out += [
        "## Ranked gaps",
        "",
        "Priority = weight × normalised gap (steps ÷ scale range); fundamental items first.",
        "",
    ]
    if not report.gaps:
        out += ["Every answered item is at or above its target.", ""]
    for gap in report.gaps:
        out += _gap_entry(gap, report.against is not None)

    out += [
        "## Assistance areas",
        "",
        "The nine capacity-building assistance areas, by the priority their gaps add up to.",
        "",
        table(
            ["#", "Assistance area", "Priority", "Share", "Gaps", "Fundamental", "Items"],
            [
                [
                    str(n),
                    escape(a.title),
                    f"{a.priority:.2f}",
                    format_percent(a.share),
                    str(a.gaps),
                    str(a.fundamental_gaps),
                    ", ".join(_code(i) for i in a.items),
                ]
                for n, a in enumerate(report.assistance, start=1)
            ],
            right=(0, 2, 3, 4, 5),
        ),
        "",
    ]

    out += _notes("Items without information", report.no_information, "None.")
    if report.unanswered:
        out += _notes("Unanswered items", report.unanswered, "")
    if report.not_applicable:
        out += _notes("Not applicable", report.not_applicable, "")
    if report.against is not None:
        out += _changes("Regressed since the previous round", report.regressed, "None.")
        out += _changes("Improved since the previous round", report.improved, "None.")
        if report.checklist_changes is not None:
            out += _checklist_changes(report.checklist_changes)

    if report.trend:
        out += ["## Trend", ""]
        out.append(
            table(
                ["Round", "As of", "Status", "Version", "Overall", "Completion"],
                [
                    [
                        f"#{p.round.assessment_id}",
                        p.round.as_of.isoformat(),
                        p.round.status,
                        escape(p.round.checklist_version),
                        format_score(p.overall),
                        format_percent(p.completion),
                    ]
                    for p in report.trend
                ],
                right=(4, 5),
            )
        )
        out.append("")
    if report.synthetic:
        out += [f"*{SYNTHETIC_MARK}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _gap_entry(gap: GapEntry, compared: bool) -> list[str]:
    flags = " · **fundamental**" if gap.fundamental else ""
    flags += " · no information" if gap.no_information else ""
    out = [
        f"### {gap.rank}. {escape(gap.title)} ({_code(gap.item_id)}){flags}",
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
    out.append(f"- Rationale: {escape(gap.rationale) if gap.rationale else '(none given)'}")
    if gap.evidence_on_file:
        out.append("- Evidence on file: " + "; ".join(escape(e) for e in gap.evidence_on_file))
    missing = "; ".join(escape(e) for e in gap.evidence_missing)
    out.append(f"- Evidence missing for the target: {missing or '(the checklist names none)'}")
    out.append("")
    return out


def _notes(title: str, notes: Sequence[ItemNote], empty: str) -> list[str]:
    out = [f"## {title}", ""]
    if not notes:
        return [*out, empty, ""]
    for note in notes:
        fundamental = " · fundamental" if note.fundamental else ""
        rationale = f": {escape(note.rationale)}" if note.rationale else ""
        out.append(
            f"- {escape(note.title)} ({_code(note.item_id)}), {escape(note.area_title)}"
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
            f"- {escape(line.title)} ({_code(line.item_id)}), {escape(line.area_title)}"
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
        listed = "; ".join(f"{escape(n.title)} ({_code(n.item_id)})" for n in names)
        out.append(f"- {label}: {listed or 'none'}")
    return [*out, ""]


# History ---------------------------------------------------------------------------------


def render_history_md(history: History) -> str:
    out = _banner(history.synthetic)
    out += [f"# History: {escape(history.country_name)} ({history.country_code})", ""]
    for track in history.tracks:
        out += [f"## {escape(track.checklist_title)} ({_code(track.checklist_id)})", ""]
        headers = ["Area"] + [
            f"#{p.round.assessment_id} {p.round.as_of.isoformat()}" for p in track.rounds
        ]
        rows = [
            ["Status"] + [p.round.status for p in track.rounds],
            ["Version"] + [escape(p.round.checklist_version) for p in track.rounds],
            ["Completion"] + [format_percent(p.completion) for p in track.rounds],
            ["**Overall**"] + [format_score(p.overall) for p in track.rounds],
        ]
        for area in track.areas:
            cells = [escape(area.title)]
            before: float | None = None
            for n, point in enumerate(track.rounds):
                score = point.area_score(area.area_id)
                arrow = ""
                if n and score is not None and before is not None:
                    arrow = " " + trend_arrow(score - before)
                cells.append(format_score(score) + arrow)
                before = score
            rows.append(cells)
        out += [table(headers, rows, right=tuple(range(1, len(headers)))), ""]
        for comparison in track.comparisons:
            b, a = comparison.before, comparison.after
            out.append(
                f"- #{b.assessment_id} → #{a.assessment_id} ({b.as_of.isoformat()} → "
                f"{a.as_of.isoformat()}): overall {format_change(comparison.overall_change)}; "
                f"{comparison.changed} answer(s) changed, {len(comparison.improved)} improved, "
                f"{len(comparison.regressed)} regressed"
            )
            for line in comparison.regressed:
                out.append(
                    f"  - regressed: {escape(line.title)} ({_code(line.item_id)}) "
                    f"{escape(line.before.label)} → {escape(line.after.label)}"
                )
            changes = comparison.checklist_changes
            if changes is not None:
                for label, names in (
                    ("added", changes.added),
                    ("removed", changes.removed),
                    ("reworded", changes.reworded),
                ):
                    if names:
                        listed = "; ".join(f"{escape(n.title)} ({_code(n.item_id)})" for n in names)
                        out.append(f"  - {label} in version {escape(changes.to_version)}: {listed}")
        if track.comparisons:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# Portfolio -------------------------------------------------------------------------------


def render_portfolio_md(portfolio: Portfolio) -> str:
    out = _banner(portfolio.synthetic)
    out += [
        "# Portfolio",
        "",
        "Each country's latest final assessment per checklist; arrows compare it with "
        "the final round before it. † marks an area capped by a fundamental item.",
        "",
    ]
    if not portfolio.sections:
        out += ["No assessments yet.", ""]
    for section in portfolio.sections:
        versions = ", ".join(escape(v) for v in section.versions) or "—"
        out += [
            f"## {escape(section.checklist_title)} ({_code(section.checklist_id)})",
            "",
            f"Versions: {versions}. Scale: {_scale(section.scale)}.",
            "",
        ]
        if section.rows:
            headers = ["Country", "As of", "Overall", "Change", "Done"]
            headers += [escape(a.title) for a in section.areas]
            headers += ["Top assistance need"]
            rows = []
            for row in section.rows:
                mark = " (synthetic)" if row.round.synthetic else ""
                cells = [
                    f"{escape(row.country_name)} ({row.country_code}){mark}",
                    row.round.as_of.isoformat(),
                    format_score(row.overall),
                    format_change(row.overall_change),
                    format_percent(row.completion),
                ]
                for cell in row.cells:
                    text = format_score(cell.score)
                    if cell.change is not None:
                        text += " " + trend_arrow(cell.change)
                    cells.append(text + ("†" if cell.capped else ""))
                cells.append(", ".join(escape(a.title) for a in row.top_assistance[:1]) or "—")
                rows.append(cells)
            right = tuple(range(2, 5 + len(section.areas)))
            out += [table(headers, rows, right=right), ""]
        for pending in section.pending:
            out.append(
                f"- Pending: {escape(pending.country_name)} ({pending.country_code}), "
                f"{pending.drafts} draft(s), latest as of {pending.latest_as_of.isoformat()}; "
                "no final assessment yet"
            )
        if section.pending:
            out.append("")
    if portfolio.synthetic:
        out += [f"*{SYNTHETIC_MARK}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"
