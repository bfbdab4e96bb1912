"""Mapping YAML (checklists/mappings/) → domain mappings, held against the checklists.

Read like checklists: safe YAML with line marks and duplicate keys refused, every
problem reported as ``FILE:LINE:COL: field.path: message``. A mapping that names an
item no checklist has is refused here, not when data arrive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from ctcap.domain.mappings import MAPPING_MODELS, AnyMapping, check_mapping
from ctcap.domain.model import Checklist, Slug, Text
from ctcap.errors import InputFileError, NotFoundError, Problem

from .checklists import display_path, validate_model
from .yaml_reader import read_yaml

MAPPINGS_DIR = "mappings"
NAMES_FILE = Path(MAPPINGS_DIR) / "names" / "country-names.yaml"

Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class CountryNames(BaseModel):
    """Country names as published tables write them, where ISO 3166 spells them otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: Text
    description: str = ""
    names: dict[str, Alpha3]


def load_mapping(path: Path, checklists: Mapping[str, Checklist]) -> AnyMapping:
    """One mapping file, validated; raise ``InputFileError`` naming every problem."""
    doc = read_yaml(path, display_path(path))
    if not isinstance(doc.data, dict):
        raise InputFileError([doc.problem((), "a mapping file must be a mapping of fields")])
    source = doc.data.get("source")
    model = MAPPING_MODELS.get(source) if isinstance(source, str) else None
    if model is None:
        known = ", ".join(MAPPING_MODELS)
        raise InputFileError([doc.problem(("source",), f"unknown source {source!r} ({known})")])
    mapping, problems = validate_model(model, doc.data, doc)
    if mapping is not None:
        problems = [
            doc.problem(where, message) for where, message in check_mapping(mapping, checklists)
        ]
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputFileError(problems)
    assert mapping is not None
    return mapping


def mapping_files(bundled: Path) -> list[Path]:
    directory = bundled / MAPPINGS_DIR
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def load_mappings(
    paths: Iterable[Path], checklists: Mapping[str, Checklist]
) -> tuple[list[AnyMapping], list[Problem]]:
    """Every mapping file, collecting problems instead of stopping at the first file."""
    loaded: list[AnyMapping] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_mapping(path, checklists))
        except InputFileError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def mapping_for(
    source: str, mappings: Iterable[AnyMapping], wanted: str | None = None
) -> AnyMapping:
    """The mapping for ``source`` (by id when several exist)."""
    found = [m for m in mappings if m.source == source and (wanted is None or m.id == wanted)]
    if len(found) == 1:
        return found[0]
    if not found:
        which = f" with id {wanted!r}" if wanted else ""
        raise NotFoundError(f"no bundled mapping for source {source!r}{which}")
    ids = ", ".join(m.id for m in found)
    raise NotFoundError(f"several mappings for source {source!r} ({ids}): name one with --mapping")


def load_country_names(path: Path) -> dict[str, str]:
    """Published name → ISO alpha-3; every code must be a country ISO 3166-1 knows."""
    import pycountry

    doc = read_yaml(path, display_path(path))
    names, problems = validate_model(CountryNames, doc.data, doc)
    if names is not None:
        problems = [
            doc.problem(("names", name), f"{code!r} is not an ISO 3166-1 alpha-3 country code")
            for name, code in names.names.items()
            if pycountry.countries.get(alpha_3=code) is None
        ]
    if problems:
        raise InputFileError(problems)
    assert names is not None
    return dict(names.names)
