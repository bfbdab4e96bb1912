"""``ctcap export`` and ``ctcap import``: offline bundles for assessors in the field."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, pass_context


@click.command("export")
@click.argument("assessment_id", type=int)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bundle file to write (owner-only, 0600; replaced atomically).",
)
@pass_context
def export_cmd(context: Context, assessment_id: int, output: Path) -> None:
    """Write assessment ASSESSMENT_ID as a checksummed JSON bundle."""
    from ctcap.storage.bundles import export_bundle, write_bundle

    # The write lock gives one consistent state of answers and trail on every backend.
    with context.database().write() as session:
        document = export_bundle(session, assessment_id)
    write_bundle(document, output)
    content = document["content"]
    click.echo(
        f"exported assessment {assessment_id} to {output}: {len(content['answers'])} "
        f"answer(s), {len(content['events'])} audit event(s), sha256 {document['sha256']}"
    )


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--assessor", help="Who imports (recorded on a merge; default as for `new`).")
@pass_context
def import_cmd(context: Context, file: Path, assessor: str | None) -> None:
    """Load a bundle; importing it again changes nothing.

    Exits 1 when items conflict (both sides changed them since the bundle's base):
    this database keeps its answers, the bundle's are recorded in the audit trail,
    and every other change is applied. Answer a conflicting item to settle it.
    """
    from ctcap.config import default_assessor
    from ctcap.errors import ConflictError
    from ctcap.storage.bundles import import_bundle, read_bundle

    bundle = read_bundle(file)  # every check happens before the database is opened
    with context.database().write() as session:
        result = import_bundle(session, bundle, actor=default_assessor(assessor))
    applied = f": {', '.join(result.applied)}" if result.applied else ""
    click.echo(
        f"assessment {result.assessment_id} ({result.outcome}): "
        f"{len(result.applied)} answer(s) changed{applied}"
    )
    for note in result.notes:
        click.echo(f"note: {note}")
    if result.conflicts:
        lines = [c.describe(bundle.checklist.scale) for c in result.conflicts]
        raise ConflictError(
            f"{len(lines)} conflict(s): this database kept its answers; the bundle's are in "
            "the audit trail. Answer each item to settle it:\n" + "\n".join(lines),
            current=result.conflicts,
        )
