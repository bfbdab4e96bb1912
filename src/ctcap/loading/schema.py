"""The JSON Schemas that editors use to validate checklists as people type.

They are generated from the domain models and committed under
``checklists/schema/``; a test fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ctcap.domain.model import ChecklistSpec, Scale

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "checklist.schema.json": ChecklistSpec,
    "scale.schema.json": Scale,
}


def render_schemas() -> dict[str, str]:
    rendered = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://ctcap.invalid/schema/{name}"
        rendered[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return rendered


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        target = directory / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
