"""``ctcap projects outcomes|need``: did the gaps close, and does assistance follow need?"""

from __future__ import annotations

import click

from .context import Context, pass_context
from .output import emit_json, emit_table


@click.command("outcomes")
@click.option(
    "--by", type=click.Choice(["project", "area", "donor"]), default="project", show_default=True
)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def projects_outcomes(context: Context, by: str, as_json: bool) -> None:
    """Linked gaps before and after each project: closed, narrowed, unchanged, regressed,
    not yet re-assessed, or without a baseline. Association, not attribution."""
    from ctcap.domain.before_after import ASSOCIATION_NOTE, OUTCOME_ORDER, tally_by
    from ctcap.storage.project_reading import before_after, list_projects

    from .projects_output import shown, tally_json

    with context.database().read() as session:
        records = list_projects(session)
        changes = before_after(session, records)
    grouped = tally_by([(r.project, changes[r.id]) for r in records], by)
    if as_json:
        emit_json(
            {
                "by": by,
                "groups": [{"key": key, **tally_json(t), "total": t.total} for key, t in grouped],
                "note": ASSOCIATION_NOTE,
            }
        )
        return
    header = (by, *(o.value for o in OUTCOME_ORDER), "total")
    emit_table(header, [(shown(key), *(n for _, n in t.counts), t.total) for key, t in grouped])
    click.echo(ASSOCIATION_NOTE)


@click.command("need")
@click.option(
    "--currency",
    help="Compare commitments in this currency (default: the most "
    "common one); others are listed apart, never converted.",
)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def projects_need(context: Context, currency: str | None, as_json: bool) -> None:
    """Gap priority against assistance, per country and area: over- and under-served gaps,
    and several donors on one item gap."""
    from ctcap.reports.assistance import build_need_against_assistance

    from .projects_output import echo_need, need_json

    with context.database().read() as session:
        view = build_need_against_assistance(session, currency.upper() if currency else None)
    if as_json:
        emit_json(need_json(view))
    else:
        echo_need(view)
