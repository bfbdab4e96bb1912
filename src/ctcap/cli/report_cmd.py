"""``ctcap report gap|portfolio`` and ``ctcap history``: the reports, in five formats."""

from __future__ import annotations

from pathlib import Path

import click

from ctcap.reports.formats import FORMATS  # light: no renderer is imported here

from .context import ASSESSMENT_ID, Context, pass_context
from .output import check_binary_output, emit_report, write_stdout
from .output import output_option as output_option_for

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="md, html, json and csv go to stdout without -o; xlsx needs -o.",
)
# The gap report also goes out as OSCAL assessment results (ctcap.interchange).
gap_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "oscal")),
    default="md",
    show_default=True,
    help="md, html, json, csv and oscal go to stdout without -o; xlsx needs -o. oscal: OSCAL "
    "assessment results of the round and the earlier final rounds of its checklist.",
)
output_option = output_option_for("the report")
release_option = click.option(
    "--release",
    metavar="LEVEL",
    help="Leave out rounds marked above LEVEL (e.g. TLP:GREEN), and withhold names, "
    "rationales and evidence marked above it; the report carries its own mark.",
)


@click.group()
def report() -> None:
    """Gap reports and the portfolio, as Markdown, HTML, JSON, CSV or XLSX."""


@report.command("gap")
@click.option("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. KEN.")
@click.option(
    "--assessment",
    "assessment_id",
    type=ASSESSMENT_ID,
    help="Default: the latest final assessment (the latest draft if none is final).",
)
@click.option(
    "--against",
    "against_id",
    type=ASSESSMENT_ID,
    help="Compare with this assessment (default: the round before, same checklist).",
)
@click.option(
    "--checklist",
    "checklist_id",
    help="Choose the default assessment among this checklist's only.",
)
@gap_format_option
@output_option
@release_option
@pass_context
def report_gap(
    context: Context,
    country: str,
    assessment_id: int | None,
    against_id: int | None,
    checklist_id: str | None,
    fmt: str,
    output: Path | None,
    release: str | None,
) -> None:
    """One country's gaps, ranked and mapped to the nine assistance areas."""
    if fmt == "oscal":
        _report_gap_oscal(
            context, country, (assessment_id, against_id, checklist_id), output, release
        )
        return
    from ctcap.reports.gap import build_gap_report

    check_binary_output(fmt, output)
    with context.database().read() as session:
        built = build_gap_report(
            session, country, assessment_id, against_id, checklist_id=checklist_id,
            release=release,
        )  # fmt: skip
    from ctcap.reports.formats import render_gap

    emit_report(
        render_gap(built, fmt), fmt, output, "gap report", built.synthetic, built.handling.label
    )


def _report_gap_oscal(
    context: Context,
    country: str,
    chosen: tuple[int | None, int | None, str | None],
    output: Path | None,
    release: str | None,
) -> None:
    assessment_id, against_id, checklist_id = chosen
    from ctcap.interchange.oscal.results import build_assessment_results, marked_synthetic
    from ctcap.interchange.oscal.schema import RESULTS_SCHEMA, checked_json

    if against_id is not None:
        raise click.UsageError("--against does not apply to --format oscal: it has every round")
    with context.database().read() as session:
        document = build_assessment_results(
            session, country, assessment_id, checklist_id=checklist_id, release=release
        )
    text = checked_json(document, RESULTS_SCHEMA, f"assessment results of {country}")
    emit_report(text, "oscal", output, "OSCAL assessment results", marked_synthetic(document))


@report.command("portfolio")
@format_option
@output_option
@release_option
@pass_context
def report_portfolio(context: Context, fmt: str, output: Path | None, release: str | None) -> None:
    """Every country side by side: countries × areas, one section per checklist."""
    from ctcap.reports.portfolio import build_portfolio

    check_binary_output(fmt, output)
    with context.database().read() as session:
        built = build_portfolio(session, release)
    from ctcap.reports.formats import render_portfolio

    emit_report(
        render_portfolio(built, fmt), fmt, output, "portfolio", built.synthetic,
        built.handling.label,
    )  # fmt: skip


@click.command()
@click.option("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. KEN.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@release_option
@pass_context
def history(context: Context, country: str, as_json: bool, release: str | None) -> None:
    """Area and overall scores per round, compared across checklist versions by item id."""
    from ctcap.reports.history import build_history

    with context.database().read() as session:
        built = build_history(session, country, release)
    from ctcap.reports.formats import render_history

    fmt = "json" if as_json else "md"
    write_stdout(render_history(built, fmt), fmt)
