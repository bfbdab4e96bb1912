"""``ctcap data``: published data (WHO GHO, FATF ratings, UN treaty status) as proposals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .context import Context, pass_context
from .output import emit_json, emit_table

if TYPE_CHECKING:
    from ctcap.interchange.published import ImportReport

# The sources `ctcap.interchange.published.SOURCES` reads (a test keeps them equal);
# written out here so that `ctcap --help` does not import the readers.
SOURCES = ("who-gho", "fatf", "untc")


@click.group()
def data() -> None:
    """Read published data into proposed answers (accept them with `ctcap proposals`)."""


@data.command("import")
@click.argument("source", type=click.Choice(SOURCES))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--country", "countries", multiple=True, metavar="ISO3", help="Only this country (repeatable)."
)
@click.option(
    "--all-countries", is_flag=True, help="Every country in the file that has a draft round here."
)
@click.option("--assessment", "assessment_id", type=int, metavar="ID", help="Only this assessment.")
@click.option(
    "--treaty", metavar="ID", help="untc: the treaty's UN Treaty Collection id, e.g. XVIII-11."
)
@click.option(
    "--mapping", "mapping_ref", metavar="ID|FILE", help="Another mapping than the bundled one."
)
@click.option("--skip-bad", is_flag=True, help="Store the good rows and list the bad ones.")
@click.option("--assessor", help="Who imports (default as for `assessments new`).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable summary.")
@pass_context
def data_import(
    context: Context,
    source: str,
    file: Path,
    countries: tuple[str, ...],
    all_countries: bool,
    assessment_id: int | None,
    treaty: str | None,
    mapping_ref: str | None,
    skip_bad: bool,
    assessor: str | None,
    as_json: bool,
) -> None:
    """Propose answers from FILE, downloaded from SOURCE, for the assessor to review.

    Proposals go into each country's working round (its latest draft) of every checklist
    the mapping names; a final round takes none. Nothing is stored when any row is bad,
    unless --skip-bad. Importing the same file again adds nothing.
    """
    from ctcap.config import default_assessor
    from ctcap.interchange.published import Scope, import_published
    from ctcap.storage.countries import normalise_code

    from .context import bundled_dir

    chosen = sum([bool(countries), all_countries, assessment_id is not None])
    if chosen != 1:
        raise click.UsageError("give one of --country, --all-countries or --assessment")
    scope = Scope(
        countries=tuple(normalise_code(c) for c in countries),
        all_countries=all_countries,
        assessment_id=assessment_id,
    )
    report = import_published(
        context.database(), source, file, scope, actor=default_assessor(assessor),
        bundled=bundled_dir(), mapping_ref=mapping_ref, treaty=treaty, skip_bad=skip_bad,
    )  # fmt: skip
    if as_json:
        emit_json(_report_json(report))
    else:
        _print_report(report)


def _print_report(report: ImportReport) -> None:
    from ctcap.text import shown_line

    plan = report.plan
    for problem in plan.bad_rows:
        click.echo(f"skipped: {shown_line(str(problem))}", err=True)
    for info, stored in report.stored:
        parts = [f"{len(stored.proposed)} proposed"]
        if stored.answered:
            parts.append(f"{len(stored.answered)} of them on answered items (left pending)")
        if stored.superseded:
            parts.append(f"{len(stored.superseded)} replacing older pending proposals")
        if stored.unchanged:
            parts.append(f"{len(stored.unchanged)} proposed before from this file")
        if stored.not_in_round:
            parts.append(f"{len(stored.not_in_round)} for items this round does not have")
        click.echo(
            f"assessment {info.id} ({info.country_code}, {info.checklist_id} "
            f"{info.checklist_version}): " + ", ".join(parts)
        )
    for reason, count in sorted(plan.aside.items()):
        click.echo(f"read past: {count} row(s) of {reason}")
    for note in report.notes:
        click.echo(f"note: {note}")
    file = plan.file
    treaty = f", treaty {plan.treaty}" if plan.treaty else ""
    summary = (
        f"{report.proposed} proposal(s) from {shown_line(file.file_name)}{treaty} "
        f"(sha256 {file.sha256}) through mapping {file.mapping}"
    )
    if report.import_id is None:
        summary = f"nothing new: {summary}"
    click.echo(summary + "; review them with `ctcap proposals list ID`")


def _report_json(report: ImportReport) -> dict[str, Any]:
    from dataclasses import asdict

    plan = report.plan
    return {
        "import": report.import_id,
        "file": asdict(plan.file),
        "treaty": plan.treaty,
        "proposed": report.proposed,
        "assessments": [
            {
                "id": info.id,
                "country": info.country_code,
                "checklist": info.checklist_id,
                **{k: list(v) for k, v in asdict(stored).items() if k != "assessment_id"},
            }
            for info, stored in report.stored
        ],
        "skipped": [str(p) for p in plan.bad_rows],
        "read_past": plan.aside,
        "notes": report.notes,
    }


@data.command("mappings")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def data_mappings(as_json: bool) -> None:
    """The bundled mappings: what each source's values bear on (exit 1 if one is broken)."""
    from ctcap.domain.mappings import entries, entry_key
    from ctcap.interchange.published.mappings import bundled_mappings

    from .context import bundled_dir

    found = bundled_mappings(bundled_dir())
    rows: list[dict[str, Any]] = []
    for mapping in found:
        per_checklist: dict[str, int] = {}
        for entry in entries(mapping):
            for target in entry.targets:
                per_checklist[target.checklist] = per_checklist.get(target.checklist, 0) + 1
        keys = [entry_key(e) for e in entries(mapping)]
        rows.append(
            {"source": mapping.source, "id": mapping.id, "version": mapping.version,
             "entries": keys, "targets": per_checklist}
        )  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    table = []
    for row in rows:
        targets = ", ".join(f"{k} {v}" for k, v in sorted(row["targets"].items()))
        table.append([row["source"], row["id"], row["version"], len(row["entries"]), targets])
    emit_table(["SOURCE", "MAPPING", "VERSION", "VALUES", "ITEMS BY CHECKLIST"], table)
