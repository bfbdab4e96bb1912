"""Markdown: need against assistance, and the before/after of the projects' gaps.

What stands out comes first (unserved, under- and over-served rows, several donors on
one item gap), then the tables; the note on what the figures do not say ends both.
"""

from __future__ import annotations

from ...assistance_model import (
    AreaTotal,
    NeedAgainstAssistance,
    NeedRow,
    Overlap,
    RegionRow,
    Served,
)
from ...outcomes_model import Grouping, ItemOutcome, Outcomes, ProjectOutcome
from .. import assistance_text as say
from ..text import SYNTHETIC_MARK
from .blocks import code_span, escape, handling_line, synthetic_banner, table

GROUP_TITLES = {"project": "By project", "area": "By assistance area", "donor": "By donor"}


def render_need_md(view: NeedAgainstAssistance) -> str:
    out = handling_line(view.handling) + synthetic_banner(view.synthetic)
    out += [
        "# Need against assistance",
        "",
        "Gap priority of each country's latest final rounds against the assistance committed "
        f"and disbursed there, per assistance area, in {view.currency}. {say.thresholds(view)}.",
        "",
        f"Projects: {view.projects} counted, {view.cancelled} cancelled left out. Priority "
        f"{view.total_priority:.2f} in all; committed "
        f"{say.money(view.total_committed, view.currency)}, disbursed "
        f"{say.money(view.total_disbursed, view.currency)}.",
        "",
        "## What stands out",
        "",
        *_standing_out(view),
        "",
    ]
    if view.areas:
        out += ["## By assistance area", "", _areas(view.areas, view.currency), ""]
    out += ["## By country and area", ""]
    if view.rows:
        out += [_rows(view.rows, view.currency), ""]
    else:
        out += ["No final round and no project yet.", ""]
    if view.regions:
        out += ["## Regional assistance (not split among member countries)", ""]
        out += [_regions(view.regions, view.currency), ""]
    if view.overlaps:
        out += ["## Several donors on one item gap", ""]
        out += [f"- {say.SEVERAL_DONORS} {_overlap(o)}" for o in view.overlaps] + [""]
    out += [f"*{escape(view.note)}*", ""]
    if view.synthetic:
        out += [f"*{SYNTHETIC_MARK}*", ""]
    out += handling_line(view.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def _place(row: NeedRow) -> str:
    return f"{escape(row.country_name)} ({row.country_code})"


def _standing_out(view: NeedAgainstAssistance) -> list[str]:
    lines: list[str] = []
    unserved: list[str] = []
    for row in view.flagged:
        committed = (
            f"committed {say.share(row.committed_share)} ({say.times(row.ratio)})"
            if row.projects
            else "no project"
        )
        line = (
            f"- **{say.served_label(row)}**: {_place(row)}, {say.area_title(row.area)}: "
            f"need {say.share(row.need_share)}, {committed}"
        )
        (unserved if row.served == Served.UNSERVED else lines).append(line)
    lines += [f"- **{say.SEVERAL_DONORS} several donors**: {_overlap(o)}" for o in view.overlaps]
    lines += unserved
    return lines or ["Nothing: every gap has a share of commitments within the thresholds."]


def _areas(areas: tuple[AreaTotal, ...], currency: str) -> str:
    headers = ["Area", "Priority", "Need", "Committed", "Share", "Disbursed", "Share",
               "Projects", "Countries with a gap"]  # fmt: skip
    rows = [
        [
            say.area_title(a.area),
            f"{a.priority:.2f}",
            say.share(a.need_share),
            say.money(a.committed, currency),
            say.share(a.committed_share),
            say.money(a.disbursed, currency),
            say.share(a.disbursed_share),
            str(a.projects),
            str(a.countries),
        ]
        for a in areas
    ]
    return table(headers, rows, right=(1, 2, 3, 4, 5, 6, 7, 8))


def _rows(rows: tuple[NeedRow, ...], currency: str) -> str:
    headers = ["Country", "Area", "Priority", "Need", "Committed", "Disbursed", "Share",
               "Ratio", "Projects", "Served", "Several donors"]  # fmt: skip
    cells = []
    for row in rows:
        served = say.served_label(row)
        committed = say.money(row.money.committed, currency)
        if row.other_currencies:
            committed += f" ({say.others(row.other_currencies)})"
        cells.append(
            [
                _place(row),
                say.area_title(row.area),
                f"{row.priority:.2f}",
                say.share(row.need_share),
                committed,
                say.money(row.money.disbursed, currency),
                say.share(row.committed_share),
                say.times(row.ratio),
                str(row.projects),
                f"**{served}**" if row.served in say.STANDING_OUT else served,
                say.several_donors(row),
            ]
        )
    return table(headers, cells, right=(2, 3, 4, 5, 6, 7, 8))


def _regions(regions: tuple[RegionRow, ...], currency: str) -> str:
    headers = ["Region", "Area", "Projects", "Donors", "Committed", "Disbursed"]
    rows = [
        [
            f"{escape(r.name)} ({escape(r.region)})",
            say.area_title(r.area),
            str(r.projects),
            ", ".join(escape(d) for d in r.donors),
            say.money(r.money.committed, currency)
            + (f" ({say.others(r.other_currencies)})" if r.other_currencies else ""),
            say.money(r.money.disbursed, currency),
        ]
        for r in regions
    ]
    return table(headers, rows, right=(2, 4, 5))


def _overlap(overlap: Overlap) -> str:
    projects = "; ".join(
        f"{escape(p.donor)} ({code_span(p.identifier)}, {p.start or '?'} – {p.end or '?'})"
        for p in overlap.projects
    )
    return (
        f"{escape(overlap.country_name)} ({overlap.country_code}), "
        f"{say.area_title(overlap.area)}: {escape(overlap.item_title)} "
        f"({code_span(f'{overlap.checklist_id}:{overlap.item_id}')}): {projects}"
    )


# Before and after ----------------------------------------------------------------------


def render_outcomes_md(outcomes: Outcomes) -> str:
    out = handling_line(outcomes.handling) + synthetic_banner(outcomes.synthetic)
    where = f" in {outcomes.country}" if outcomes.country else ""
    total = outcomes.total
    counts = ", ".join(f"{say.OUTCOME_LABELS[o]} {n}" for o, n in total.counts)
    out += [
        f"# Before and after: the gaps projects{where} aimed at",
        "",
        f"> {escape(outcomes.note)}",
        "",
        f"{len(outcomes.projects)} project(s), {len(outcomes.unlinked)} of them linking no "
        f"item; {total.total} linked gap(s): {counts}.",
        "",
    ]
    for grouping in outcomes.groupings:
        out += [f"## {GROUP_TITLES[grouping.by]}", "", _tallies(grouping, outcomes), ""]
    if outcomes.linked:
        out += ["## Every linked gap", ""]
    for project in outcomes.linked:
        out += _project(project)
    if outcomes.unlinked:
        names = ", ".join(code_span(p.identifier) for p in outcomes.unlinked)
        out += [f"Projects that link no item: {names}.", ""]
    out += [f"*{escape(outcomes.note)}*", ""]
    if outcomes.synthetic:
        out += [f"*{SYNTHETIC_MARK}*", ""]
    out += handling_line(outcomes.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def _tallies(grouping: Grouping, outcomes: Outcomes) -> str:
    first = {"project": "Project", "area": "Area", "donor": "Donor"}[grouping.by]
    headers = [first, *(say.OUTCOME_LABELS[o] for o in outcomes.outcomes), "total"]
    rows = []
    for row in grouping.rows:
        name = escape(row.label)
        if grouping.by == "project":
            name = f"{code_span(row.key)} {name}"
        rows.append([name, *(str(n) for _, n in row.tally.counts), str(row.tally.total)])
    return table(headers, rows, right=tuple(range(1, len(headers))))


def _project(project: ProjectOutcome) -> list[str]:
    status = f", {project.status.label}" if project.status else ""
    amount = say.money(project.money.committed, project.money.currency)
    facts = (
        f"{escape(project.donor)}; {escape(project.recipient_name)} ({escape(project.recipient)})"
        f"; {say.area_title(project.area)}; {project.start or '?'} – {project.end or '?'}"
        f"{status}; committed {amount}"
    )
    out = [f"### {code_span(project.identifier)} {escape(project.title)}", "", facts, ""]
    headers = ["Item", "Before", "After", "Target", "Gap", "Outcome", "Why"]
    rows = [_item(item) for item in project.items]
    return [*out, table(headers, rows, right=(3,)), ""]


def _item(item: ItemOutcome) -> list[str]:
    before = f"{say.level(item.level_before)} ({item.before_as_of})" if item.before_as_of else "—"
    after = f"{say.level(item.level_after)} ({item.after_as_of})" if item.after_as_of else "—"
    gap = (
        f"{item.gap_before} → {item.gap_after}"
        if item.gap_before is not None and item.gap_after is not None
        else "—"
    )
    why = escape(item.reason)
    if item.reworded:
        why = (why + "; " if why else "") + "reworded between the rounds"
    return [
        f"{escape(item.item_title)} ({code_span(f'{item.checklist_id}:{item.item_id}')})",
        before,
        after,
        say.level(item.target),
        gap,
        say.OUTCOME_LABELS[item.outcome],
        why,
    ]
