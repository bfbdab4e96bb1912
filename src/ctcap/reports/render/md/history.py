"""Markdown: the history, one table per checklist with a column per round; ``ctcap history``.

Under each table, every pair of consecutive rounds is compared: what regressed, and
which items the newer checklist version added, removed or reworded; then each
self-assessment against the external round of its date.
"""

from __future__ import annotations

from ...history_model import History, HistoryTrack, RoundComparisonLine
from ..text import format_change, format_percent, format_score, trend_arrow
from .blocks import code_span, escape, handling_line, synthetic_banner, table
from .self_external import self_external_lines


def render_history_md(history: History) -> str:
    out = handling_line(history.handling) + synthetic_banner(history.synthetic)
    out += [f"# History: {escape(history.country_name)} ({history.country_code})", ""]
    for track in history.tracks:
        out += [f"## {escape(track.checklist_title)} ({code_span(track.checklist_id)})", ""]
        out += _track_table(track)
        for comparison in track.comparisons:
            out += _comparison(comparison)
        if track.comparisons:
            out.append("")
        for section in track.self_external:
            out += self_external_lines(section, level=3)
    out += handling_line(history.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def _track_table(track: HistoryTrack) -> list[str]:
    """A column per round: status, version, completion, overall, then each area's score."""
    headers = ["Area"] + [
        f"#{p.round.assessment_id} {p.round.as_of.isoformat()}" for p in track.rounds
    ]
    rows = [
        ["Status"] + [p.round.status for p in track.rounds],
        ["Type"] + [escape(p.round.type_label) for p in track.rounds],
        ["Mark"] + [escape(p.round.mark_label) for p in track.rounds],
        ["Version"] + [escape(p.round.checklist_version) for p in track.rounds],
        ["Completion"] + [format_percent(p.completion) for p in track.rounds],
        ["**Overall**"] + [format_score(p.overall) for p in track.rounds],
    ]
    # Each arrow compares a round with its previous round (``domain.rounds``), which is
    # not always the column before it: never a self or external round of the same date.
    points = {p.round.assessment_id: p for p in track.rounds}
    previous = {c.after.assessment_id: points[c.before.assessment_id] for c in track.comparisons}
    for area in track.areas:
        cells = [escape(area.title)]
        for point in track.rounds:
            score = point.area_score(area.area_id)
            before = previous.get(point.round.assessment_id)
            earlier = before.area_score(area.area_id) if before is not None else None
            arrow = ""
            if score is not None and earlier is not None:
                arrow = " " + trend_arrow(score - earlier)
            cells.append(format_score(score) + arrow)
        rows.append(cells)
    return [table(headers, rows, right=tuple(range(1, len(headers)))), ""]


def _comparison(comparison: RoundComparisonLine) -> list[str]:
    """One line for a round against its previous one, then what regressed and changed."""
    b, a = comparison.before, comparison.after
    out = [
        f"- #{b.assessment_id} → #{a.assessment_id} ({b.as_of.isoformat()} → "
        f"{a.as_of.isoformat()}): overall {format_change(comparison.overall_change)}; "
        f"{comparison.changed} answer(s) changed, {len(comparison.improved)} improved, "
        f"{len(comparison.regressed)} regressed"
    ]
    for line in comparison.regressed:
        out.append(
            f"  - regressed: {escape(line.title)} ({code_span(line.item_id)}) "
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
                listed = "; ".join(f"{escape(n.title)} ({code_span(n.item_id)})" for n in names)
                out.append(f"  - {label} in version {escape(changes.to_version)}: {listed}")
    return out
