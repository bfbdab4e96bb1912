"""YAML checklists and scales → domain objects, with every problem located."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ctcap.domain.model import FILE_CONTEXT, Checklist, Scale
from ctcap.domain.validation import check_checklist, check_scale, items_citing_only_secondary
from ctcap.errors import InputFileError, Problem

from .yaml_reader import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

SCALES_DIR = "scales"


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        return "should be text, not a number or true/false: put it in quotes"
    return str(error["msg"]).removeprefix("Value error, ")


_ABSENT = object()


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        for key in (part, str(part)):
            if key in node:
                return node[key]
        if isinstance(part, str) and part.isdigit() and int(part) in node:
            return node[int(part)]
    elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT


def _written_path(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[Any, ...]:
    """``loc`` cut to what is written in ``data``.

    Pydantic adds labels of its own to a location (``str``/``int``/``bool`` for each
    member of a union, ``[key]`` for a bad dict key); they name nothing in the file.
    """
    node = data
    for n, part in enumerate(loc):
        node = _child(node, part)
        if node is _ABSENT:
            keep_last = kind == "missing" and n == len(loc) - 1
            return loc if keep_last else loc[:n]
    return loc


def _join(messages: list[str]) -> str:
    """One problem per place: a union's alternatives read as one message."""
    prefix = "Input should be "
    if len(messages) > 1 and all(m.startswith(prefix) for m in messages):
        return prefix + " or ".join(m.removeprefix(prefix) for m in messages)
    return "; ".join(messages)


def validate_model(
    model: type[M],
    data: Any,
    doc: YamlDocument,
    at: tuple[Any, ...] = (),
    context: dict[str, Any] | None = None,
) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        found: dict[tuple[Any, ...], list[str]] = {}
        for error in exc.errors():
            path = (*at, *_written_path(data, tuple(error["loc"]), error["type"]))
            message = _message(error)
            if error["loc"] and error["loc"][-1] == "[key]":
                message = f"bad key: {message}"
            messages = found.setdefault(path, [])
            if message not in messages:
                messages.append(message)
        return None, [doc.problem(path, _join(messages)) for path, messages in found.items()]


def _parse_scale(
    data: Any, doc: YamlDocument, at: tuple[Any, ...]
) -> tuple[Scale | None, list[Problem]]:
    scale, problems = validate_model(Scale, data, doc, at)
    if scale is not None:
        problems = [doc.problem(path, message) for path, message in check_scale(scale, at)]
    return (None if problems else scale), problems


def load_scale(path: Path) -> Scale:
    doc = read_yaml(path, display_path(path))
    scale, problems = _parse_scale(doc.data, doc, ())
    if scale is None:
        raise InputFileError(problems)
    return scale


def load_scales(directory: Path) -> dict[str, Scale]:
    """Every scale in ``directory``, keyed by id; a broken scale file raises."""
    scales: dict[str, Scale] = {}
    if directory.is_dir():
        for path in sorted(directory.glob("*.yaml")):
            scale = load_scale(path)
            scales[scale.id] = scale
    return scales


def _resolve_scale(
    doc: YamlDocument, scales: Mapping[str, Scale]
) -> tuple[Scale | None, list[Problem]]:
    raw = doc.data.get("scale")
    if isinstance(raw, dict):
        return _parse_scale(raw, doc, ("scale",))
    if isinstance(raw, str):
        if raw in scales:
            return scales[raw], []
        known = ", ".join(sorted(scales)) or "none found"
        return None, [doc.problem(("scale",), f"unknown scale {raw!r} (known: {known})")]
    if raw is None:
        return None, [doc.problem(("scale",), "required field is missing")]
    return None, [doc.problem(("scale",), "must be a scale id or an inline scale")]


def parse_checklist(doc: YamlDocument, scales: Mapping[str, Scale]) -> Checklist:
    """Validate read YAML as a checklist; raise ``InputFileError`` with every problem."""
    if not isinstance(doc.data, dict):
        raise InputFileError([doc.problem((), "a checklist must be a mapping")])
    scale, problems = _resolve_scale(doc, scales)
    data = {**doc.data, "scale": scale} if scale is not None else doc.data
    checklist, model_problems = validate_model(Checklist, data, doc, context={FILE_CONTEXT: True})
    # Without a scale, the scale's own problems are the ones worth reading.
    problems += [p for p in model_problems if scale is not None or not p.path.startswith("scale")]
    if scale is not None:
        problems += [doc.problem(path, msg) for path, msg in check_checklist(doc.data, scale)]
    if problems:
        # In file order, whichever stage found them.
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputFileError(problems)
    assert checklist is not None
    return checklist


def scales_for(path: Path, bundled: Path) -> dict[str, Scale]:
    """The bundled scales, overridden by a ``scales/`` folder beside the checklist."""
    scales = load_scales(bundled / SCALES_DIR)
    local = path.parent / SCALES_DIR
    if local.resolve() != (bundled / SCALES_DIR).resolve():
        scales.update(load_scales(local))
    return scales


def load_checklist(path: Path, bundled: Path) -> Checklist:
    return parse_checklist(read_yaml(path, display_path(path)), scales_for(path, bundled))


def checklist_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def checklist_warnings(doc: YamlDocument, checklist: Checklist) -> list[Problem]:
    """What is allowed but worth fixing, located like errors and marked ``warning:``."""
    return [
        doc.problem(path, f"warning: {message}")
        for path, message in items_citing_only_secondary(checklist)
    ]


@dataclass
class FileCheck:
    """The outcome of checking several checklist files: errors stop a file, warnings do not."""

    loaded: list[Checklist] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    reported: list[Problem] = field(default_factory=list)  # both, file by file, in line order


def check_files(paths: Iterable[Path], bundled: Path) -> FileCheck:
    """Load every file, collecting problems instead of stopping at the first file, and
    the warnings of the files that load."""
    result = FileCheck()
    for path in paths:
        try:
            doc = read_yaml(path, display_path(path))
            checklist = parse_checklist(doc, scales_for(path, bundled))
        except InputFileError as exc:
            result.problems.extend(exc.problems)
            result.reported.extend(exc.problems)
            continue
        result.loaded.append(checklist)
        warnings = checklist_warnings(doc, checklist)
        result.warnings.extend(warnings)
        result.reported.extend(warnings)
    return result


def load_many(paths: Iterable[Path], bundled: Path) -> tuple[list[Checklist], list[Problem]]:
    """Load every file, collecting problems instead of stopping at the first file."""
    checked = check_files(paths, bundled)
    return checked.loaded, checked.problems
