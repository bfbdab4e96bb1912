"""``ctcap checklists``: list, show and validate the YAML checklists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .output import echo, echo_line, emit_json, emit_table, fail_line


@click.group()
def checklists() -> None:
    """List, show, validate, export and import checklists."""


def print_checklists(as_json: bool) -> None:
    from .context import bundled_checklists

    found = bundled_checklists()
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "title": c.title,
                    "version": c.version,
                    "scale": c.scale.id,
                    "areas": len(c.areas),
                    "items": len(c.items()),
                }
                for c in found
            ]
        )
        return
    emit_table(
        ["ID", "VERSION", "SCALE", "AREAS", "ITEMS", "TITLE"],
        [[c.id, c.version, c.scale.id, len(c.areas), len(c.items()), c.title] for c in found],
    )


@checklists.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def checklists_list(as_json: bool) -> None:
    """The bundled checklists."""
    print_checklists(as_json)


@checklists.command("show")
@click.argument("checklist_id")
@click.option("--json", "as_json", is_flag=True, help="The full checklist as JSON.")
def checklists_show(checklist_id: str, as_json: bool) -> None:
    """One checklist in full: areas, items and scale (ID, or a path to a YAML file)."""
    from .context import find_checklist

    checklist = find_checklist(checklist_id)
    if as_json:
        emit_json(checklist.model_dump(mode="json"))
        return
    echo_line(f"{checklist.title}  [{checklist.id} {checklist.version}]")
    echo_line(
        f"Source: {checklist.source.title}, {checklist.source.publisher}, {checklist.source.date}"
    )
    levels = ", ".join(f"{lv.value} {lv.label}" for lv in checklist.scale.levels)
    echo_line(f"Scale: {checklist.scale.title}: {levels}")
    for area in checklist.areas:
        echo()
        echo_line(f"{area.title}  [{area.id}]")
        for item in area.items:
            flags = " fundamental" if item.fundamental else ""
            echo_line(
                f"  {item.id}: {item.title} (weight {item.weight:g}, "
                f"target {item.target}, {item.assistance_area.value}{flags})"
            )
            echo(f"      {item.question}")


@checklists.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def checklists_validate(paths: tuple[Path, ...]) -> None:
    """Validate checklist files (default: every bundled one). Exit 1 on any problem.

    Warnings (such as an item that cites only secondary sources) are printed the
    same way but do not change the exit status.
    """
    from ctcap.loading.checklists import check_files, checklist_files

    from .context import bundled_dir

    bundled = bundled_dir()
    files = list(paths) or checklist_files(bundled)
    checked = check_files(files, bundled)
    if not paths:  # the bundle: its mappings and names too, held against its checklists
        mapping_problems = _bundled_mapping_problems(bundled, checked.loaded)
        checked.problems.extend(mapping_problems)
        checked.reported.extend(mapping_problems)
    for problem in checked.reported:
        fail_line(str(problem))
    bad_files = len({p.file for p in checked.problems})
    summary: dict[str, Any] = {"valid": len(checked.loaded), "invalid": bad_files}
    echo(
        f"{summary['valid']} valid, {summary['invalid']} invalid "
        f"({len(checked.problems)} problem(s), {len(checked.warnings)} warning(s))"
    )
    if checked.problems:
        raise SystemExit(1)


def _bundled_mapping_problems(bundled: Path, loaded: list[Any]) -> list[Any]:
    from ctcap.errors import InputFileError
    from ctcap.loading.mappings import NAMES_FILE, load_country_names, load_mappings, mapping_files

    _, problems = load_mappings(mapping_files(bundled), {c.id: c for c in loaded})
    problems += _project_mapping_problems(bundled)
    if (bundled / NAMES_FILE).is_file():
        try:
            load_country_names(bundled / NAMES_FILE)
        except InputFileError as exc:
            problems += exc.problems
    return problems


def _project_mapping_problems(bundled: Path) -> list[Any]:
    """The CRS column mapping of the project register (``mappings/projects/``)."""
    from ctcap.errors import InputFileError
    from ctcap.loading.projects import load_crs_mapping

    problems: list[Any] = []
    for path in sorted((bundled / "mappings" / "projects").glob("*.yaml")):
        try:
            load_crs_mapping(path)
        except InputFileError as exc:
            problems += exc.problems
    return problems


@checklists.command("schema")
@click.option("--check", is_flag=True, help="Exit 1 if the committed schemas are stale.")
def checklists_schema(check: bool) -> None:
    """Regenerate checklists/schema/*.json from the model."""
    from ctcap.loading.schema import render_schemas, write_schemas

    from .context import bundled_dir

    directory = bundled_dir() / "schema"
    if check:
        stale = [
            n
            for n, t in render_schemas().items()
            if not (directory / n).is_file() or (directory / n).read_text() != t
        ]
        if stale:
            fail_line(f"ctcap: stale schema: {', '.join(stale)}; run `make schema`")
            raise SystemExit(1)
        echo("schemas up to date")
        return
    for path in write_schemas(directory):
        echo(f"wrote {path}")
