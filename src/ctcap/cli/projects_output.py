"""How ``ctcap projects`` prints: plain text (hostile text shown, never obeyed) and JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from ctcap.text import shown_line

if TYPE_CHECKING:
    from ctcap.domain.before_after import ItemChange
    from ctcap.domain.projects import Money, Project
    from ctcap.reports.assistance_model import NeedAgainstAssistance, NeedRow
    from ctcap.storage.project_reading import LinkState
    from ctcap.storage.projects import ProjectRecord


def shown(text: str | None) -> str:
    """One line fit for a terminal (``ctcap.text.shown_line``); "" for None."""
    return "" if text is None else shown_line(text)


def amount(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".removesuffix(".00")
    return f"{text} {currency or ''}".strip()


def money_json(money: Money) -> dict[str, Any]:
    return {
        "currency": money.currency,
        "budget": None if money.budget is None else str(money.budget),
        "committed": None if money.committed is None else str(money.committed),
        "disbursed": None if money.disbursed is None else str(money.disbursed),
    }


def project_json(record: ProjectRecord, mark: str) -> dict[str, Any]:
    """The project as JSON; ``mark`` its handling mark as shown (e.g. ``TLP:AMBER``)."""
    from dataclasses import asdict

    project = record.project
    data = asdict(project)
    data.update(
        id=record.id,
        uid=record.uid,
        scheme=project.scheme.value if project.scheme else None,
        status=int(project.status) if project.status else None,
        area=project.area.value if project.area else None,
        money=money_json(project.money),
        donor_money=money_json(project.donor_money),
        links=[str(link) for link in project.links],
        updated_at=record.updated_at.isoformat(),
        mark=mark,
    )
    return data


def change_json(change: ItemChange) -> dict[str, Any]:
    return {
        "item": f"{change.checklist_id}:{change.item_id}",
        "outcome": change.outcome.value,
        "reason": change.reason,
        "before": None
        if change.before is None
        else {
            "assessment": change.before.id,
            "as_of": change.before.as_of.isoformat(),
            "level": change.level_before,
            "gap": change.gap_before,
        },
        "after": None
        if change.after is None
        else {
            "assessment": change.after.id,
            "as_of": change.after.as_of.isoformat(),
            "level": change.level_after,
            "gap": change.gap_after,
        },
        "target": change.target,
        "change": change.change,
        "reworded": change.reworded,
    }


def echo_project(project: Project, changes: list[ItemChange], links: list[LinkState]) -> None:
    status = f"{int(project.status)} {project.status.label}" if project.status else "—"
    lines = [
        ("identifier", project.identifier),
        ("title", project.title),
        ("funding", f"{project.funding_org} {project.funding_org_ref}".strip()),
        ("reporting", f"{project.reporting_org} {project.reporting_org_ref}".strip()),
        ("implementing", project.implementing_org),
        ("programme", project.programme),
        ("scheme", project.scheme.value if project.scheme else ""),
        ("status", status),
        ("recipient", project.recipient),
        ("parent", project.parent or ""),
        ("area", project.area.value if project.area else ""),
        ("decided", project.decided or ""),
        ("planned", f"{project.planned_start or '?'} – {project.planned_end or '?'}"),
        ("actual", f"{project.actual_start or '?'} – {project.actual_end or '?'}"),
        ("budget", amount(project.money.budget, project.money.currency)),
        ("committed", amount(project.money.committed, project.money.currency)),
        ("disbursed", amount(project.money.disbursed, project.money.currency)),
        ("approximate", "yes" if project.approximate else ""),
        ("source", project.source),
        ("synthetic", "yes (fictional)" if project.synthetic else "no"),
        ("note", project.note),
        ("description", project.description),
    ]
    for label, value in lines:
        if value:
            click.echo(f"{label:<13}{shown(value)}")
    if not links:
        click.echo("links        none")
    states = {str(s.link): s for s in links}
    for change in changes:
        key = f"{change.checklist_id}:{change.item_id}"
        state = states.get(key)
        flags = " [reworded since linked]" if state and state.reworded else ""
        flags += " [reworded between the rounds]" if change.reworded else ""
        flags += " [item no longer in the checklist]" if state and state.title is None else ""
        levels = f"{_level(change.level_before)} → {_level(change.level_after)}"
        why = f" ({change.reason})" if change.reason else ""
        click.echo(f"link         {key}: {change.outcome.value}, level {levels}{why}{flags}")


def _level(value: int | None) -> str:
    return "?" if value is None else str(value)


def echo_need(view: NeedAgainstAssistance) -> None:
    marker = " (synthetic data)" if view.synthetic else ""
    click.echo(shown(view.handling.label))  # the handling mark, first as on every report
    click.echo(f"Need against assistance{marker}: priority vs commitments in {view.currency}")
    click.echo(
        f"{view.projects} project(s) counted, {view.cancelled} cancelled left out; "
        f"under-served: committed share < {view.under:g} × need share, over-served: > "
        f"{view.over:g} ×"
    )
    header = (
        "country",
        "area",
        "priority",
        "need %",
        "committed",
        "disbursed",
        "commit %",
        "projects",
        "served",
    )
    rows = [_need_cells(row, view.currency) for row in view.rows]
    from .output import emit_table

    emit_table(header, rows)
    for region in view.regions:
        area = region.area.value if region.area else "(no area)"
        click.echo(
            f"region {region.region} {area}: {region.projects} project(s), committed "
            f"{amount(region.money.committed, view.currency)} (not split among members)"
        )
    for overlap in view.overlaps:
        donors = "; ".join(f"{shown(p.donor)} ({shown(p.identifier)})" for p in overlap.projects)
        click.echo(
            f"coordinate: {overlap.country_code} {overlap.checklist_id}:{overlap.item_id} "
            f"— several donors on one gap: {donors}"
        )
    click.echo(view.note)


def _need_cells(row: NeedRow, currency: str) -> list[str]:
    other = "".join(f" +{amount(m.committed, m.currency)}" for m in row.other_currencies)
    return [
        row.country_code,
        row.area.value if row.area else "(no area)",
        f"{row.priority:.2f}",
        f"{100 * row.need_share:.1f}",
        amount(row.money.committed, currency) + other,
        amount(row.money.disbursed, currency),
        "—" if row.committed_share is None else f"{100 * row.committed_share:.1f}",
        str(row.projects),
        row.served.value,
    ]
