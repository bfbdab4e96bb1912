"""``ctcap export``, ``ctcap import`` and ``ctcap conflicts``: offline bundles for assessors
in the field, and deciding what an import could not."""

from __future__ import annotations

from pathlib import Path

import click

from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, echo_line, output_option, write_output


@click.command("export")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@output_option("the bundle", required=True)
@click.option(
    "--release",
    metavar="LEVEL",
    help="Refuse, writing nothing, if the round or anything in its history is marked above "
    "LEVEL (e.g. TLP:GREEN): a bundle carries the whole audit chain.",
)
@pass_context
def export_cmd(context: Context, assessment_id: int, output: Path, release: str | None) -> None:
    """Write assessment ASSESSMENT_ID as a checksummed JSON bundle, signed with your key.

    Refused, with nothing written, when an import would refuse the bundle. The bundle
    carries the round's handling marks; the importing database must know them.
    """
    from ctcap.storage import handling
    from ctcap.storage.bundles import export_bundle
    from ctcap.storage.bundles.format import bundle_bytes
    from ctcap.storage.bundles.signing import load_key

    signer = load_key()  # before the database: no key, no export
    # The write lock gives one consistent state of answers and trail on every backend.
    with context.database().write() as session:
        let_out = handling.release(session, release) if release is not None else None
        document = export_bundle(session, assessment_id, signer=signer, release=let_out)
    written = write_output(output, bundle_bytes(document).decode(), "json")
    content = document["content"]
    echo_line(
        f"exported assessment {assessment_id} to {written or 'standard output'}: "
        f"{len(content['answers'])} answer(s), {len(content['events'])} audit event(s), "
        f"sha256 {document['sha256']}, signed by key {document['signature']['key']}",
        err=written is None,
    )


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--assessor", help="Who imports (recorded on a merge; default as for `new`).")
@click.option(
    "--allow-unsigned",
    is_flag=True,
    help="Take a bundle that is unsigned or signed by a key not trusted here (the import "
    "log and `assessments show` say so).",
)
@pass_context
def import_cmd(context: Context, file: Path, assessor: str | None, allow_unsigned: bool) -> None:
    """Load a bundle signed by a key this database trusts; importing it again changes nothing.

    Exits 1 when items conflict (both sides changed them since the bundle's base):
    this database keeps its answers, the bundle's are recorded in the audit trail,
    and every other change is applied. Answer a conflicting item to settle it with a
    new answer, or `ctcap conflicts keep ID ITEM` to keep the answer here.
    """
    from ctcap.errors import ConflictError
    from ctcap.storage.bundles import import_bundle, read_bundle
    from ctcap.storage.identity import acting_person

    bundle = read_bundle(file)  # every check happens before the database is opened
    with context.database().write() as session:
        result = import_bundle(
            session,
            bundle,
            actor=acting_person(session, assessor),
            allow_unsigned=allow_unsigned,
        )
    applied = f": {', '.join(result.applied)}" if result.applied else ""
    signed = f"; {result.admission.describe()}" if result.admission else ""
    echo_line(
        f"assessment {result.assessment_id} ({result.outcome}): "
        f"{len(result.applied)} answer(s) changed{applied}{signed}"
    )
    if result.projects:
        echo_line(f"{len(result.projects)} project(s) added or brought up to date: "
                  f"{', '.join(result.projects)}")  # fmt: skip
    for note in result.notes:
        echo_line(f"note: {note}")
    if result.conflicts:
        lines = [c.describe(bundle.checklist.scale) for c in result.conflicts]
        raise ConflictError(
            f"{len(lines)} conflict(s): this database kept its answers; the bundle's are in "
            "the audit trail. Answer an item to settle it, or `ctcap conflicts keep "
            f"{result.assessment_id} ITEM` to keep this database's answer:\n" + "\n".join(lines),
            current=result.conflicts,
        )


@click.group()
def conflicts() -> None:
    """Items an import left for someone here to decide."""


@conflicts.command("list")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@pass_context
def conflicts_list(context: Context, assessment_id: int) -> None:
    """The open conflicts of ASSESSMENT_ID: exit 0 with none, 1 while any is open."""
    from ctcap.storage import repository
    from ctcap.storage.bundles import open_conflicts

    with context.database().read() as session:
        scale = repository.get_assessment(session, assessment_id).checklist.scale
        found = open_conflicts(session, assessment_id)
    for conflict in found:
        echo_line(conflict.describe(scale))
    if found:
        raise SystemExit(1)
    echo(f"assessment {assessment_id}: no open conflicts")


@conflicts.command("keep")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.argument("item_id")
@click.option("--assessor", help="Who decides (default as for `new`).")
@pass_context
def conflicts_keep(
    context: Context, assessment_id: int, item_id: str, assessor: str | None
) -> None:
    """Settle ITEM's conflict for the answer this database has (an audited decision)."""
    from ctcap.storage import repository
    from ctcap.storage.bundles import keep_ours
    from ctcap.storage.bundles.conflicts import label
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        scale = repository.get_assessment(session, assessment_id).checklist.scale
        kept = keep_ours(session, assessment_id, item_id, actor=acting_person(session, assessor))
    echo_line(
        f"{item_id}: kept {label(kept.ours, scale)} by {kept.ours_by}; the bundle's "
        f"{label(kept.theirs, scale)} by {kept.theirs_by} stays in the audit trail"
    )
