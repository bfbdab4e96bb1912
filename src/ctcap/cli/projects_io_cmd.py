"""``ctcap projects import|export|verify``: the register in and out of foreign formats."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .context import Context, pass_context
from .output import output_option
from .projects_marks_cmd import mark_option, release_option

if TYPE_CHECKING:
    from ctcap.interchange.records import ImportBatch


def _mapping_path(option: Path | None) -> Path:
    from .context import bundled_dir

    return option or bundled_dir() / "mappings" / "projects" / "crs.yaml"


def _read(file: Path, mapping: Path | None) -> ImportBatch:
    """Parse FILE (every check before the database opens), by its suffix."""
    from ctcap.interchange.records import ImportBatch, Imported
    from ctcap.loading.projects import load_crs_mapping, load_projects

    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return ImportBatch([Imported(p, where) for p, where in load_projects(file)])
    crs, _ = load_crs_mapping(_mapping_path(mapping))
    if suffix == ".xml":
        from ctcap.interchange.iati.parse import read_activities

        purposes = {code: spec.area for code, spec in crs.purpose_codes.items()}
        return read_activities(file, purposes)
    if suffix == ".csv":
        from ctcap.interchange.crs.parse import read_crs

        return read_crs(file, crs)
    raise click.UsageError(f"{file}: import .xml (IATI), .csv (OECD CRS) or .yaml files")


@click.command("import")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--seed", is_flag=True, help="The assistance named in MOFA (2010), the seed.")
@click.option("--mapping", type=click.Path(path_type=Path), help="CRS/sector mapping YAML.")
@click.option(
    "--skip-unknown",
    is_flag=True,
    help="Store the rows ctcap can place; list the others (default: store nothing).",
)
@click.option("--actor", help="Who imports (default as for assessments).")
@mark_option
@pass_context
def projects_import(
    context: Context,
    file: Path | None,
    seed: bool,
    mapping: Path | None,
    skip_unknown: bool,
    actor: str | None,
    mark: str | None,
) -> None:
    """Import projects from IATI XML, OECD CRS CSV or ctcap YAML; again changes nothing.

    A project whose identifier exists is updated when it differs (an audited change).
    Rows whose country or code ctcap does not know are listed with file and line; unless
    --skip-unknown, nothing is stored then and the exit status is 1.
    """
    from ctcap.config import default_assessor
    from ctcap.errors import InputFileError
    from ctcap.storage.projects import ProjectError, save_project

    from .context import bundled_dir
    from .projects_cmd import checklists_by_id

    if seed == (file is not None):
        raise click.UsageError("give a FILE or --seed (not both)")
    path = bundled_dir() / "projects" / "mofa-2010-seed.yaml" if seed else file
    assert path is not None
    batch = _read(path, mapping)
    if batch.unknown and not skip_unknown:
        raise InputFileError(batch.unknown)
    checklists = checklists_by_id()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with context.database().write() as session:
        if mark is not None:  # an unknown level: one line, before any project
            from ctcap.storage.handling import mark_scheme

            mark = mark_scheme(session).parse(mark)
        for imported in batch.projects:
            try:
                _, outcome = save_project(
                    session,
                    imported.project,
                    actor=default_assessor(actor),
                    checklists=checklists,
                    kind="import",
                    mark=mark,
                )
            except ProjectError as exc:
                raise InputFileError([imported.at(exc.field, exc.reason)]) from None
            counts[outcome] += 1
    summary = ", ".join(f"{n} {word}" for word, n in counts.items())
    click.echo(f"{path}: {summary}")
    for problem in batch.unknown:
        click.echo(f"not imported: {problem}", err=True)


@click.command("export")
@output_option("the projects", required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["iati", "json"]), default="iati", show_default=True
)
@click.option("--org-type", help="IATI OrganisationType code of the reporting org, e.g. 10.")
@click.option(
    "--skip-incomplete",
    is_flag=True,
    help="Export the complete projects and list the others (default: refuse).",
)
@release_option
@pass_context
def projects_export(
    context: Context,
    output: Path,
    fmt: str,
    org_type: str | None,
    skip_incomplete: bool,
    release: str | None,
) -> None:
    """Write every project as IATI 2.03 activity XML (linked gaps as result indicators);
    --release leaves out the projects, and the rounds, marked above its level."""
    from ctcap.errors import CtcapError
    from ctcap.interchange.iati.export import Exportable, activities_xml, incomplete
    from ctcap.storage.handling import release as release_of
    from ctcap.storage.project_reading import ProjectFilter, before_after, list_projects

    from .projects_cmd import checklists_by_id
    from .projects_output import project_json

    with context.database().read() as session:
        let_out = release_of(session, release)
        records = list_projects(session, ProjectFilter(release=let_out))
        levels = let_out.shown_levels
        changes = before_after(session, records, levels) if fmt == "iati" else {}
    if fmt == "json":
        shown = [project_json(r, let_out.scheme.label(r.mark)) for r in records]
        _write(output, _json_bytes(shown), "json", f"{len(records)} project(s)")
        return
    titles = {f"{c.id}:{i.id}": i.title for c in checklists_by_id().values() for i in c.items()}
    ready, skipped = [], []
    for record in records:
        missing = incomplete(record.project, org_type)
        if missing:
            skipped.append(f"{record.project.identifier}: lacks {', '.join(missing)}")
        else:
            ready.append(Exportable(record.project, changes[record.id], titles))
    if skipped and not skip_incomplete:
        raise CtcapError(
            f"{len(skipped)} project(s) lack what IATI requires (nothing written; "
            f"--skip-incomplete exports the others): {skipped[0]}"
        )
    if not ready:
        raise CtcapError("no project is complete enough for IATI: nothing written")
    assert org_type is not None
    count = f"{len(ready)} activit{'y' if len(ready) == 1 else 'ies'} (IATI 2.03)"
    _write(output, activities_xml(ready, org_type), "xml", count)
    for line in skipped:
        click.echo(f"not exported: {line}", err=True)


def _json_bytes(value: object) -> bytes:
    import json

    return (json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n").encode()


def _write(output: Path, data: bytes, fmt: str, summary: str) -> None:
    """``-o FILE`` through the one output writer (atomic, owner-only), or ``-o -``."""
    from .output import echo, write_output

    written = write_output(output, data, fmt)
    # On stdout the document is the output: the summary goes to stderr.
    echo(f"{written}: {summary}" if written else summary, err=written is None)


@click.command("verify")
@pass_context
def projects_verify(context: Context) -> None:
    """Check every project's audit chain; exit 1 and name the first broken link."""
    from ctcap.errors import CtcapError
    from ctcap.storage.project_audit import verify_projects

    with context.database().read() as session:
        checked, broken = verify_projects(session)
    if broken is not None:
        raise CtcapError(f"audit chain broken: {broken}")
    click.echo(f"{checked} project chain(s) verified")
