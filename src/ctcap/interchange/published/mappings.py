"""The bundled mappings and country names, checked against the bundled checklists."""

from __future__ import annotations

from pathlib import Path

from ctcap.domain.mappings import AnyMapping
from ctcap.domain.model import Checklist
from ctcap.errors import InputFileError
from ctcap.loading.checklists import checklist_files, load_many
from ctcap.loading.mappings import (
    NAMES_FILE,
    load_country_names,
    load_mapping,
    load_mappings,
    mapping_files,
    mapping_for,
)

from .names import CountryNames


def bundled_checklists_by_id(bundled: Path) -> dict[str, Checklist]:
    loaded, problems = load_many(checklist_files(bundled), bundled)
    if problems:
        raise InputFileError(problems)
    return {checklist.id: checklist for checklist in loaded}


def bundled_mappings(
    bundled: Path, checklists: dict[str, Checklist] | None = None
) -> list[AnyMapping]:
    """Every bundled mapping; any problem in any of them stops the command."""
    checklists = checklists if checklists is not None else bundled_checklists_by_id(bundled)
    mappings, problems = load_mappings(mapping_files(bundled), checklists)
    if problems:
        raise InputFileError(problems)
    return mappings


def find_mapping(source: str, bundled: Path, ref: str | None = None) -> AnyMapping:
    """The mapping for ``source``: a YAML file when ``ref`` is a path, else a bundled one."""
    checklists = bundled_checklists_by_id(bundled)
    if ref is not None and ref.endswith((".yaml", ".yml")):
        return load_mapping(Path(ref), checklists)
    return mapping_for(source, bundled_mappings(bundled, checklists), ref)


def bundled_country_names(bundled: Path) -> CountryNames:
    path = bundled / NAMES_FILE
    return CountryNames(load_country_names(path) if path.is_file() else {})
