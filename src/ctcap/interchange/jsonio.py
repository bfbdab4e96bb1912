"""Reading a foreign JSON file as plain data, bounded and strict, every problem located.

Duplicate keys, NaN and Infinity are refused (a foreign file's meaning must not depend on
which of two values a parser keeps); size and nesting are bounded so a hostile file
cannot exhaust memory or the stack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from ctcap.errors import InputFileError, Problem

MAX_BYTES = 50 * 1024 * 1024  # NIST's SP 800-53 catalog is about 10 MB
MAX_DEPTH = 64


class _Refused(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"duplicate key {key!r}")
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (a deep file must not exhaust the stack here)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            stack.extend((child, depth + 1) for child in children)
    return deepest


def read_json(path: Path, display: str) -> Any:
    """The file's JSON value, or ``InputFileError`` with one located problem."""

    def refuse(message: str, line: int | None = None, column: int | None = None) -> NoReturn:
        raise InputFileError([Problem(display, line, column, "", message)])

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        refuse(f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        refuse(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        refuse(f"not UTF-8 text (byte {exc.start})")
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        refuse(f"not JSON: {exc.msg}", exc.lineno, exc.colno)
    except _Refused as exc:
        refuse(f"not strict JSON: {exc}")
    except RecursionError:
        refuse(f"nested more than {MAX_DEPTH} levels deep")
    if _depth(data) > MAX_DEPTH:
        refuse(f"nested more than {MAX_DEPTH} levels deep")
    return data
