"""Safe, bounded YAML reading that keeps the line and column of every value.

PyYAML's ``safe_load`` keeps the last of two duplicate keys and forgets
positions; this reader composes the node graph itself so that it can refuse
duplicates and point every later error at ``FILE:LINE:COL``. Limits on size,
depth and expanded nodes keep hostile files (alias bombs, deep nesting,
tens of MB) fast and memory-bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ctcap.errors import InputFileError, Problem

try:  # the C loader when libyaml is present
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
_TAG = "tag:yaml.org,2002:"
_TIMESTAMP_TAG = _TAG + "timestamp"
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
# Plain data only: !!binary (bytes), !!set, !!omap and every !!python/... tag are refused.
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}

Key = str | int
Location = tuple[int, int]


@dataclass
class YamlDocument:
    """Plain data read from YAML, and where each path's value was written."""

    file: str
    data: Any
    marks: dict[tuple[Key, ...], Location] = field(default_factory=dict)

    def locate(self, path: tuple[Any, ...]) -> Location:
        """The position of ``path``, or of its nearest written ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: tuple[Any, ...], message: str) -> Problem:
        line, column = self.locate(path)
        return Problem(self.file, line, column, format_path(path), message)


def format_path(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    """Turns a composed node graph into plain data, recording marks and problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[tuple[Key, ...], Location] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def fail(self, node: yaml.Node, path: tuple[Key, ...], message: str) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.file, line, column, format_path(path), message))

    def convert(self, node: yaml.Node, path: tuple[Key, ...]) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        self.marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                return self._refuse_tag(node, path)
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                return self._refuse_tag(node, path)
            return [self.convert(child, (*path, n)) for n, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _refuse_tag(self, node: yaml.Node, path: tuple[Key, ...]) -> None:
        if node.tag == _TAG + "merge":
            self.fail(node, path, "merge keys (<<) are not supported: write the values out")
            return None
        tag = "!!" + node.tag.removeprefix(_TAG) if node.tag.startswith(_TAG) else node.tag
        self.fail(node, path, f"tag {tag!r} is not allowed (safe YAML only)")
        return None

    def _scalar(self, node: yaml.Node, path: tuple[Key, ...]) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay text, as written
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node, path)
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # only the plain-data constructors above run here
            # e.g. ``!!int abc``, ``!!int ""``, ``!!bool maybe``, an integer of 10 000 digits
            kind = node.tag.removeprefix(_TAG)
            self.fail(node, path, f"{_clip(node.value)!r} is not a valid {kind}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: tuple[Key, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "a mapping key must be a plain value")
                continue
            reported = len(self.problems)
            key = self._scalar(key_node, path)
            if len(self.problems) > reported:
                continue  # the key's own problem is reported; do not add a second one
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.fail(key_node, path, f"key {key_node.value!r} must be text or a number")
                continue
            child = (*path, key)
            if key in first_seen:
                first = first_seen[key]
                self.fail(key_node, child, f"duplicate key {key!r} (first written at line {first})")
                continue
            first_seen[key] = _mark(key_node)[0]
            self.marks[child] = _mark(key_node)
            result[key] = self.convert(value_node, child)
        return result


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _decode(file: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x})"
        raise InputFileError([Problem(file, line, column, "", message)]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputFileError([Problem(file, line, column, "", "binary data (NUL byte), not YAML")])
    return text


def _check_shape(file: str, text: str) -> None:
    """Stream the events once to refuse deep nesting before composing anything."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=SafeLoader)):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
                message = f"nested more than {MAX_DEPTH} levels deep"
                raise InputFileError([Problem(file, line, column, "", message)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if count > MAX_NODES * 2:
            raise InputFileError([Problem(file, None, None, "", "too many YAML nodes")])


def _offset_location(text: str, position: int) -> Location:
    """Line and column of a reader error's offset (libyaml counts UTF-8 bytes)."""
    if SafeLoader is not yaml.SafeLoader:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.position, int):
            return Problem(file, *_offset_location(text, exc.position), "", message)
        return Problem(file, None, None, "", message)
    return Problem(file, *_within(text, (mark.line + 1, mark.column + 1)), "", message)


def _within(text: str, where: Location) -> Location:
    """``where``, or the end of the text when libyaml places it past the last line."""
    last = text.count("\n") + 1
    if where[0] <= last:
        return where
    return last, len(text) - (text.rfind("\n") + 1) + 1


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read one YAML document, or raise ``InputFileError`` naming every problem found."""
    file = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        problem = Problem(file, None, None, "", f"cannot read: {exc.strerror or exc}")
        raise InputFileError([problem]) from None
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise InputFileError([Problem(file, None, None, "", f"file is larger than {limit} MB")])
    text = _decode(file, raw)
    try:
        _check_shape(file, text)
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        raise InputFileError([_yaml_problem(file, exc, text)]) from None
    if root is None:
        raise InputFileError([Problem(file, 1, 1, "", "the file is empty")])
    converter = _Converter(file)
    try:
        data = converter.convert(root, ())
    except _TooLarge as exc:
        line, column = _mark(exc.node)
        message = f"more than {MAX_NODES} values once aliases are expanded"
        raise InputFileError([Problem(file, line, column, "", message)]) from None
    except RecursionError:
        raise InputFileError([Problem(file, None, None, "", "recursive aliases")]) from None
    if converter.problems:
        raise InputFileError([_clamped(p, text) for p in converter.problems])
    marks = {path: _within(text, where) for path, where in converter.marks.items()}
    return YamlDocument(file, data, marks)


def _clamped(problem: Problem, text: str) -> Problem:
    if problem.line is None:
        return problem
    line, column = _within(text, (problem.line, problem.column or 1))
    return replace(problem, line=line, column=column)
