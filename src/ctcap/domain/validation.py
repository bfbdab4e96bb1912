"""Rules that span fields, which a single field's type cannot express.

Each finding is (path, message); the loader turns paths into file positions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Scale

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
            descriptors = _mapping(item.get("descriptors"))
            for key in descriptors:
                not_a_level((*at, "descriptors", key), key)
            if "descriptors" in item:
                missing = [str(v) for v in scale.values if v not in descriptors]
                if missing:
                    findings.append(
                        ((*at, "descriptors"), f"no descriptor for level {', '.join(missing)}")
                    )
            for key in _mapping(item.get("evidence_required")):
                not_a_level((*at, "evidence_required", key), key)
    return findings


def _claim(seen: dict[str, Path], findings: list[Finding], identifier: object, path: Path) -> None:
    if not isinstance(identifier, str):
        return
    if identifier in seen:
        first = ".".join(str(p) for p in seen[identifier])
        findings.append(((*path, "id"), f"id {identifier!r} is already used at {first}"))
    else:
        seen[identifier] = path
