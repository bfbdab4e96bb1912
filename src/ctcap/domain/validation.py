"""Rules that span fields, which a single field's type cannot express.

Each finding is (path, message); the loader turns paths into file positions.
"""

from __future__ import annotations

from .model import Checklist, Scale

Path = tuple[str | int, ...]
Finding = tuple[Path, str]


def check_scale(scale: Scale, at: Path = ()) -> list[Finding]:
    findings: list[Finding] = []
    values = scale.values
    for n in range(1, len(values)):
        if values[n] <= values[n - 1]:
            findings.append(
                ((*at, "levels", n, "value"), "levels must be in ascending order of value, "
                 f"each value once ({values[n]} follows {values[n - 1]})")
            )
    if scale.top == 0:
        findings.append(((*at, "levels"), "the top level's value must be above 0"))
    return findings


def _level_set(scale: Scale) -> str:
    return ", ".join(str(v) for v in scale.values)


def check_checklist(checklist: Checklist) -> list[Finding]:
    scale = checklist.scale
    allowed = set(scale.values)
    findings: list[Finding] = []
    if checklist.fundamental_cap is not None and checklist.fundamental_cap not in allowed:
        findings.append(
            (("fundamental_cap",), f"{checklist.fundamental_cap} is not a level of scale "
             f"{scale.id!r} ({_level_set(scale)})")
        )
    seen: dict[str, Path] = {}

    def claim(identifier: str, path: Path) -> None:
        if identifier in seen:
            first = ".".join(str(p) for p in seen[identifier])
            findings.append(((*path, "id"), f"id {identifier!r} is already used at {first}"))
        else:
            seen[identifier] = path

    for a, area in enumerate(checklist.areas):
        claim(area.id, ("areas", a))
        for i, item in enumerate(area.items):
            at: Path = ("areas", a, "items", i)
            claim(item.id, at)
            if item.target not in allowed:
                findings.append(
                    ((*at, "target"), f"{item.target} is not a level of scale {scale.id!r} "
                     f"({_level_set(scale)})")
                )
            for key in item.descriptors:
                if key not in allowed:
                    findings.append(
                        ((*at, "descriptors", key), f"{key} is not a level of scale {scale.id!r}")
                    )
            missing = [str(v) for v in scale.values if v not in item.descriptors]
            if missing:
                findings.append(
                    ((*at, "descriptors"), f"no descriptor for level {', '.join(missing)}")
                )
            for key in item.evidence_required:
                if key not in allowed:
                    findings.append(
                        ((*at, "evidence_required", key),
                         f"{key} is not a level of scale {scale.id!r}")
                    )
    return findings
