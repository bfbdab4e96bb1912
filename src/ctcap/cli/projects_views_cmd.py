"""``ctcap projects outcomes|need``: did the gaps close, and does assistance follow need?

Without ``--format`` each prints a table for the terminal; with it, the report in one of
the report formats (``reports.formats``), to stdout or ``-o FILE`` like ``ctcap report``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ctcap.reports.formats import FORMATS  # light: no renderer is imported here

from .context import Context, pass_context
from .output import emit_table, output_option
from .projects_marks_cmd import release_option

GROUPINGS = ("project", "area", "donor")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="md, html, json and csv go to stdout without -o; xlsx needs -o. "
    "Without it: a table for the terminal.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="The same as --format json.")


def _format(fmt: str | None, as_json: bool) -> str | None:
    if as_json and fmt not in (None, "json"):
        raise click.UsageError("--json is --format json: give one of them")
    return "json" if as_json else fmt


@click.command("outcomes")
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    multiple=True,
    help="Tally by project, area or donor (repeatable; default: all three).",
)
@click.option("--country", help="Only the projects in this country (ISO 3166-1 alpha-3).")
@format_option
@json_option
@output_option("the report")
@release_option
@pass_context
def projects_outcomes(
    context: Context,
    by: tuple[str, ...],
    country: str | None,
    fmt: str | None,
    as_json: bool,
    output: Path | None,
    release: str | None,
) -> None:
    """Linked gaps before and after each project: closed, narrowed, unchanged, regressed,
    not yet re-assessed, or without a baseline. Association, not attribution."""
    from ctcap.reports.outcomes import build_outcomes

    fmt = _format(fmt, as_json)
    if fmt is None and output is not None:
        raise click.UsageError("-o needs --format")
    with context.database().read() as session:
        built = build_outcomes(session, country=country.upper() if country else None,
                               by=by or GROUPINGS, release=release)  # fmt: skip
    if fmt is not None:
        from ctcap.reports.formats import render_outcomes

        from .output import check_binary_output, emit_report

        check_binary_output(fmt, output)
        emit_report(
            render_outcomes(built, fmt), fmt, output, "before and after", built.synthetic,
            built.handling.label,
        )  # fmt: skip
        return
    from ctcap.reports.render.assistance_text import OUTCOME_LABELS

    from .output import echo, echo_line

    echo_line(built.handling.label)  # the handling mark, first as on every report
    for grouping in built.groupings:
        header = (grouping.by, *(OUTCOME_LABELS[o] for o in built.outcomes), "total")
        rows = [(row.key, *(n for _, n in row.tally.counts), row.tally.total)
                for row in grouping.rows]  # fmt: skip
        emit_table(header, rows)
        echo()
    echo(built.note)


@click.command("need")
@click.option(
    "--currency",
    help="Compare commitments in this currency (default: the most "
    "common one); others are listed apart, never converted.",
)
@format_option
@json_option
@output_option("the report")
@release_option
@pass_context
def projects_need(
    context: Context,
    currency: str | None,
    fmt: str | None,
    as_json: bool,
    output: Path | None,
    release: str | None,
) -> None:
    """Gap priority against assistance, per country and area: over- and under-served gaps,
    and several donors on one item gap."""
    from ctcap.reports.assistance import build_need_against_assistance

    fmt = _format(fmt, as_json)
    if fmt is None and output is not None:
        raise click.UsageError("-o needs --format")
    with context.database().read() as session:
        view = build_need_against_assistance(
            session, currency.upper() if currency else None, release
        )
    if fmt is not None:
        from ctcap.reports.formats import render_need

        from .output import check_binary_output, emit_report

        check_binary_output(fmt, output)
        emit_report(
            render_need(view, fmt), fmt, output, "need against assistance", view.synthetic,
            view.handling.label,
        )  # fmt: skip
        return
    from .projects_output import echo_need

    echo_need(view)
