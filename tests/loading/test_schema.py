"""The committed JSON Schemas match the models; editors validate against them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctcap.domain.model import AssistanceArea
from ctcap.loading.schema import SCHEMA_FILES, render_schemas, write_schemas

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "checklists" / "schema"
REGENERATE = "the committed schema is stale: run `make schema` and commit checklists/schema/"


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schema_is_current(name: str) -> None:
    committed = SCHEMA_DIR / name
    assert committed.is_file(), f"{committed} is missing: {REGENERATE}"
    assert committed.read_text(encoding="utf-8") == render_schemas()[name], REGENERATE


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(render_schemas())


def test_rendering_is_deterministic_and_valid_json() -> None:
    first, second = render_schemas(), render_schemas()
    assert first == second
    for name, text in first.items():
        schema = json.loads(text)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(name)
        assert text.endswith("}\n")


def test_checklist_schema_names_the_format() -> None:
    schema = json.loads(render_schemas()["checklist.schema.json"])
    assert set(schema["required"]) >= {"id", "title", "version", "source", "scale", "areas"}
    assert schema["additionalProperties"] is False
    item = schema["$defs"]["Item"]
    assert set(item["required"]) >= {"id", "question", "references", "target", "descriptors"}
    assert item["properties"]["weight"]["exclusiveMinimum"] == 0
    areas = schema["$defs"]["AssistanceArea"]["enum"]
    assert areas == [area.value for area in AssistanceArea]


def test_write_schemas_writes_what_render_returns(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "schema")
    rendered = render_schemas()
    assert sorted(p.name for p in written) == sorted(rendered)
    for path in written:
        assert path.read_text(encoding="utf-8") == rendered[path.name]
