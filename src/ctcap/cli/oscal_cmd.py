"""``ctcap checklists export|import --format oscal``: checklists as OSCAL catalogs and back."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

INTERCHANGE_FORMATS = ("oscal",)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(INTERCHANGE_FORMATS),
    required=True,
    help="oscal: NIST OSCAL v1.1.3 catalog, JSON.",
)


def export_time() -> datetime:
    """The catalog's last-modified: now, or $SOURCE_DATE_EPOCH for reproducible files.

    A checklist records no time of its own, so the export's time is the truthful one.
    """
    from ctcap.errors import CtcapError

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise CtcapError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time in seconds") from None


def _targets(ids: list[str], output: Path | None) -> list[Path | None]:
    """Where each checklist goes: stdout (None), the file, or DIR/<id>.oscal.json."""
    if output is None:
        if len(ids) > 1:
            raise click.UsageError(f"{len(ids)} checklists: give -o DIR to write one file each")
        return [None]
    if len(ids) > 1 or output.is_dir() or str(output).endswith(("/", os.sep)):
        if output.exists() and not output.is_dir():
            raise click.UsageError(f"{output} is a file: several checklists need -o DIR")
        return [output / f"{checklist_id}.oscal.json" for checklist_id in ids]
    return [output]


@click.command("export")
@format_option
@click.argument("names", nargs=-1)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="FILE for one checklist; DIR (made if missing) for several, as DIR/<id>.oscal.json. "
    "Default: stdout.",
)
def checklists_export(fmt: str, names: tuple[str, ...], output: Path | None) -> None:
    """Write checklists (IDs or YAML paths; default: every bundled one) as OSCAL catalogs."""
    from ctcap.interchange.oscal.catalog_out import checklist_catalog
    from ctcap.interchange.oscal.schema import CATALOG_SCHEMA, checked_json
    from ctcap.reports.formats import write_private

    from .context import bundled_checklists, find_checklist

    found = [find_checklist(name) for name in names] if names else bundled_checklists()
    chosen = list({checklist.id: checklist for checklist in found}.values())
    moment = export_time()
    texts = [
        checked_json(checklist_catalog(c, moment), CATALOG_SCHEMA, f"checklist {c.id}")
        for c in chosen
    ]
    targets = _targets([c.id for c in chosen], output)
    if targets == [None]:
        click.echo(texts[0], nl=False)
        return
    if output is not None and targets != [output]:
        output.mkdir(parents=True, exist_ok=True)
    for checklist, text, target in zip(chosen, texts, targets, strict=True):
        assert target is not None
        written = write_private(target, text)
        click.echo(f"wrote {written} (OSCAL catalog of {checklist.id} {checklist.version})")


@click.command("import")
@format_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the checklist YAML to FILE instead of stdout.",
)
def checklists_import(fmt: str, file: Path, output: Path | None) -> None:
    """Turn an OSCAL catalog in ctcap's layout into a checklist YAML file.

    The catalog is checked against the OSCAL schema and the checklist rules first;
    on any problem nothing is written.
    """
    from ctcap.interchange.oscal.catalog_in import read_catalog
    from ctcap.interchange.yaml_out import checklist_yaml
    from ctcap.reports.formats import write_private

    imported = read_catalog(file)
    text = checklist_yaml(imported.data)
    if output is None:
        click.echo(text, nl=False)
        return
    checklist = imported.checklist
    written = write_private(output, text)
    click.echo(
        f"wrote {written}: checklist {checklist.id} {checklist.version} "
        f"({len(checklist.areas)} areas, {len(checklist.items())} items)"
    )
