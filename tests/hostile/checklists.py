"""Hostile checklists for the face tests: a real checklist with some of its texts replaced."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from .conftest import REPO


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every control as an escape."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and not 0x80 <= code <= 0x9F:
            out.append(char)
        else:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def hostile_checklist(
    directory: Path, source: Path, replacements: Mapping[str, str], name: str = "hostile"
) -> Path:
    """``source`` written to ``directory/name.yaml`` with each line ``key: value`` given in
    ``replacements`` (as it appears, indented) set to the hostile text it maps to.

    The bundled scales are copied beside it, so the checklist loads from ``directory``.
    """
    text = source.read_text(encoding="utf-8")
    for line, hostile in replacements.items():
        assert text.count(line + "\n") == 1, line
        key = line.split(": ", 1)[0]
        text = text.replace(line + "\n", f"{key}: {yaml_quoted(hostile)}\n")
    text = text.replace(f"\nid: {_id(source)}\n", f"\nid: {name}\n")
    directory.mkdir(parents=True, exist_ok=True)
    if not (directory / "scales").exists():
        shutil.copytree(REPO / "checklists" / "scales", directory / "scales")
    path = directory / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _id(source: Path) -> str:
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("id: "):
            return line.removeprefix("id: ").strip()
    raise AssertionError(f"{source}: no id")
