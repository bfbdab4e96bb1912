"""JSON of the assistance reports: need against assistance, and before/after.

It uses the package's conventions and head (``JSON.md``). Amounts are strings with two
decimals (exact, as stored); shares and priorities are rounded to 4 decimals; dates are
``YYYY-MM-DD``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ctcap.domain.projects import Money as ProjectMoney

from ...assistance_model import AreaTotal, Money, NeedAgainstAssistance, NeedRow, Overlap, RegionRow
from ...outcomes_model import Grouping, ItemOutcome, Outcomes, ProjectOutcome
from . import Json, _head, dump, ratio


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _share(value: float | None) -> float | None:
    return None if value is None else ratio(value)


def _money(money: Money) -> Json:
    return {
        "currency": money.currency,
        "committed": _amount(money.committed),
        "disbursed": _amount(money.disbursed),
        "projects": money.projects,
    }


def need_to_json(view: NeedAgainstAssistance) -> Json:
    return {
        **_head("need-against-assistance", view.synthetic, view.handling),
        "currency": view.currency,
        "thresholds": {"under": view.under, "over": view.over},
        "totals": {
            "priority": ratio(view.total_priority),
            "committed": _amount(view.total_committed),
            "disbursed": _amount(view.total_disbursed),
            "projects": view.projects,
            "cancelled": view.cancelled,
        },
        "areas": [_area(a) for a in view.areas],
        "rows": [_row(r) for r in view.rows],
        "regions": [_region(r) for r in view.regions],
        "overlaps": [_overlap(o) for o in view.overlaps],
        "note": view.note,
    }


def _area(total: AreaTotal) -> Json:
    return {
        "area": total.area.value if total.area else None,
        "title": total.area.title if total.area else None,
        "priority": ratio(total.priority),
        "need_share": ratio(total.need_share),
        "committed": _amount(total.committed),
        "disbursed": _amount(total.disbursed),
        "committed_share": _share(total.committed_share),
        "disbursed_share": _share(total.disbursed_share),
        "projects": total.projects,
        "countries": total.countries,
    }


def _row(row: NeedRow) -> Json:
    return {
        "country_code": row.country_code,
        "country_name": row.country_name,
        "area": row.area.value if row.area else None,
        "area_title": row.area.title if row.area else None,
        "priority": ratio(row.priority),
        "gaps": row.gaps,
        "fundamental_gaps": row.fundamental_gaps,
        "assessed_as_of": row.assessed_as_of.isoformat() if row.assessed_as_of else None,
        "need_share": ratio(row.need_share),
        "committed_share": _share(row.committed_share),
        "ratio": _share(row.ratio),
        "served": row.served.value,
        "projects": row.projects,
        "donors": list(row.donors),
        "money": _money(row.money),
        "other_currencies": [_money(m) for m in row.other_currencies],
        "several_donors": list(row.several_donors),
    }


def _region(row: RegionRow) -> Json:
    return {
        "region": row.region,
        "name": row.name,
        "area": row.area.value if row.area else None,
        "projects": row.projects,
        "donors": list(row.donors),
        "money": _money(row.money),
        "other_currencies": [_money(m) for m in row.other_currencies],
    }


def _overlap(overlap: Overlap) -> Json:
    return {
        "country_code": overlap.country_code,
        "country_name": overlap.country_name,
        "checklist": overlap.checklist_id,
        "item": overlap.item_id,
        "item_title": overlap.item_title,
        "area": overlap.area.value if overlap.area else None,
        "projects": [
            {"identifier": p.identifier, "title": p.title, "donor": p.donor, "start": p.start,
             "end": p.end}
            for p in overlap.projects
        ],
    }  # fmt: skip


def render_need_json(view: NeedAgainstAssistance) -> str:
    return dump(need_to_json(view))


# Before and after ----------------------------------------------------------------------


def outcomes_to_json(outcomes: Outcomes) -> Json:
    return {
        **_head("project-outcomes", outcomes.synthetic, outcomes.handling),
        "country": outcomes.country,
        "outcomes": [o.value for o in outcomes.outcomes],
        "total": _counts(outcomes.total.counts, outcomes.total.total),
        "groupings": [_grouping(g) for g in outcomes.groupings],
        "projects": [_project(p) for p in outcomes.projects],
        "unlinked": [p.identifier for p in outcomes.unlinked],
        "note": outcomes.note,
    }


def _counts(counts: tuple[tuple[Any, int], ...], total: int) -> Json:
    return {**{outcome.value: n for outcome, n in counts}, "total": total}


def _grouping(grouping: Grouping) -> Json:
    return {
        "by": grouping.by,
        "rows": [
            {"key": row.key, "label": row.label, **_counts(row.tally.counts, row.tally.total)}
            for row in grouping.rows
        ],
    }


def _project_money(money: ProjectMoney) -> Json:
    return {
        "currency": money.currency,
        "budget": _amount(money.budget),
        "committed": _amount(money.committed),
        "disbursed": _amount(money.disbursed),
    }


def _project(project: ProjectOutcome) -> Json:
    return {
        "identifier": project.identifier,
        "title": project.title,
        "donor": project.donor,
        "scheme": project.scheme.value if project.scheme else None,
        "status": int(project.status) if project.status else None,
        "recipient": project.recipient,
        "recipient_name": project.recipient_name,
        "area": project.area.value if project.area else None,
        "start": project.start,
        "end": project.end,
        "money": _project_money(project.money),
        "synthetic": project.synthetic,
        "mark": project.mark,
        "tally": _counts(project.tally.counts, project.tally.total),
        "items": [_item(i) for i in project.items],
    }


def _item(item: ItemOutcome) -> Json:
    return {
        "item": f"{item.checklist_id}:{item.item_id}",
        "title": item.item_title,
        "outcome": item.outcome.value,
        "reason": item.reason,
        "before": None if item.before_id is None else {
            "assessment": item.before_id, "as_of": str(item.before_as_of),
            "level": item.level_before, "gap": item.gap_before},
        "after": None if item.after_id is None else {
            "assessment": item.after_id, "as_of": str(item.after_as_of),
            "level": item.level_after, "gap": item.gap_after},
        "target": item.target,
        "reworded": item.reworded,
    }  # fmt: skip


def render_outcomes_json(outcomes: Outcomes) -> str:
    return dump(outcomes_to_json(outcomes))
