"""Rules that span fields, which a single field's type cannot express.

Each finding is (path, message); the loader turns paths into file positions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ChecklistSpec, ReferenceKind, Scale

Path = tuple[str | int, ...]
Finding = tuple[Path, str]


def check_scale(scale: Scale, at: Path = ()) -> list[Finding]:
    findings: list[Finding] = []
    values = scale.values
    for n in range(1, len(values)):
        if values[n] <= values[n - 1]:
            findings.append(
                (
                    (*at, "levels", n, "value"),
                    "levels must be in ascending order of value, "
                    f"each value once ({values[n]} follows {values[n - 1]})",
                )
            )
    if scale.top == 0:
        findings.append(((*at, "levels"), "the top level's value must be above 0"))
    return findings


def _level_set(scale: Scale) -> str:
    return ", ".join(str(v) for v in scale.values)


def _mapping(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def check_checklist(data: Mapping[str, Any], scale: Scale) -> list[Finding]:
    """Cross-field rules on the raw data, so they are reported alongside type errors.

    Values of the wrong type are skipped here: the model reports those.
    """
    allowed = set(scale.values)
    findings: list[Finding] = []

    def not_a_level(path: Path, value: object) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value not in allowed:
            findings.append(
                (path, f"{value} is not a level of scale {scale.id!r} ({_level_set(scale)})")
            )

    not_a_level(("fundamental_cap",), data.get("fundamental_cap"))
    seen: dict[str, Path] = {}
    for a, area in enumerate(_sequence(data.get("areas"))):
        area = _mapping(area)
        _claim(seen, findings, area.get("id"), ("areas", a))
        for i, item in enumerate(_sequence(area.get("items"))):
            item = _mapping(item)
            at: Path = ("areas", a, "items", i)
            _claim(seen, findings, item.get("id"), at)
            not_a_level((*at, "target"), item.get("target"))
            for field in ("descriptors", "evidence_required"):
                levels: set[object] = set()
                for key in _mapping(item.get(field)):
                    level = _level_key(key)
                    not_a_level((*at, field, key), level)
                    if level in levels:
                        findings.append(((*at, field, key), f"level {level} is written twice"))
                    levels.add(level)
                if field == "descriptors" and field in item:
                    missing = [str(v) for v in scale.values if v not in levels]
                    if missing:
                        findings.append(
                            ((*at, field), f"no descriptor for level {', '.join(missing)}")
                        )
    return findings


def _level_key(key: object) -> object:
    """A level key as the model reads it: ``"5"`` (quoted) is level 5, as ``5`` is."""
    if isinstance(key, str) and key.strip().lstrip("+-").isdigit():
        return int(key)
    return key


def _claim(seen: dict[str, Path], findings: list[Finding], identifier: object, path: Path) -> None:
    if not isinstance(identifier, str):
        return
    if identifier in seen:
        first = "".join(
            f"[{p}]" if isinstance(p, int) else (f".{p}" if n else p)
            for n, p in enumerate(seen[identifier])
        )
        findings.append(((*path, "id"), f"id {identifier!r} is already used at {first}"))
    else:
        seen[identifier] = path


def items_citing_only_secondary(checklist: ChecklistSpec) -> list[Finding]:
    """Items whose every reference is secondary: a warning, not an error.

    A score has to be defensible against the issuing body's own text (a UN document,
    a depositary's record, the standard-setter's page); a copy or a summary alone is
    not enough, but a checklist that has only those is still usable.
    """
    findings: list[Finding] = []
    for a, area in enumerate(checklist.areas):
        for i, item in enumerate(area.items):
            kinds = {reference.kind for reference in item.references}
            if kinds == {ReferenceKind.SECONDARY}:
                findings.append(
                    (
                        ("areas", a, "items", i, "references"),
                        "every reference is secondary; "
                        "cite at least one primary source (the issuing body's own text)",
                    )
                )
    return findings
