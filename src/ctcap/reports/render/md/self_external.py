"""Markdown: a self-assessment against an external round (``ctcap compare``), and the
same section inside the history and the gap report."""

from __future__ import annotations

from ...self_external_model import SelfExternalReport, SelfExternalSection
from ..panel_text import signed, signed_steps
from ..text import format_score
from .blocks import code_span, escape, handling_line, synthetic_banner, table


def render_self_external_md(report: SelfExternalReport) -> str:
    section = report.section
    out = handling_line(report.handling) + synthetic_banner(report.synthetic)
    out += [
        f"# Self against external: {escape(report.country_name)} ({report.country_code})",
        "",
        f"{escape(section.self_round.checklist_title)} "
        f"({code_span(section.self_round.checklist_id)}), version "
        f"{escape(section.self_round.checklist_version)}, as of "
        f"{section.self_round.as_of.isoformat()}.",
        "",
    ]
    out += self_external_lines(section, level=2, every_item=True)
    out += handling_line(report.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def self_external_lines(
    section: SelfExternalSection, *, level: int, every_item: bool = False
) -> list[str]:
    """The section under a heading of ``level``: summary, areas, the items that differ
    (``every_item``: every item)."""
    mark = "#" * level
    s, e = section.self_round, section.external_round
    out = [
        f"{mark} Self against external, as of {s.as_of.isoformat()}",
        "",
        f"Self-assessment #{s.assessment_id} ({s.status}) against external #{e.assessment_id} "
        f"({e.status}); differences are external − self.",
        "",
        f"- Overall {format_score(section.self_overall)} self, "
        f"{format_score(section.external_overall)} external "
        f"({signed(section.overall_points)} points).",
        f"- Over {section.compared} items with a level on both sides: mean "
        f"{signed(section.mean_steps, 2)} steps ({signed(section.mean_points)} points); "
        f"{section.lower} lower, {section.higher} higher externally.",
        "",
        table(
            ["Area", "Self", "External", "Ext − self"],
            [
                [
                    escape(a.title),
                    format_score(a.self_score),
                    format_score(a.external_score),
                    signed(a.points),
                ]
                for a in section.areas
            ],
            right=(1, 2, 3),
        ),
        "",
    ]
    items = section.items if every_item else section.differing
    if not items:
        return [*out, "Both rounds answered every item alike.", ""]
    rows = [
        [
            f"{escape(i.title)} ({code_span(i.item_id)})",
            escape(i.self_level.label),
            escape(i.external_level.label),
            signed_steps(i.steps),
        ]
        for i in items
    ]
    caption = "Every item:" if every_item else "Items answered differently, largest first:"
    return [*out, caption, "", table(["Item", "Self", "External", "Steps"], rows, right=(3,)), ""]
