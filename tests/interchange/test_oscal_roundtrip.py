"""checklists/*.yaml → OSCAL catalog → YAML → loaded Checklist gives the same checklist.

Not carried: YAML comments and layout, and whether the scale was named by id (the
imported file has the scale inline; the loaded checklists are equal either way).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ctcap.domain.model import Checklist
from ctcap.interchange.oscal import UUID_ROOT
from ctcap.interchange.oscal.catalog_in import read_catalog
from ctcap.interchange.oscal.catalog_out import checklist_catalog
from ctcap.interchange.oscal.model import to_json
from ctcap.interchange.yaml_out import checklist_yaml
from ctcap.loading.checklists import load_checklist

from .conftest import BUNDLED, CHECKLISTS, CONTROL, HOSTILE, load

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def round_trip(checklist: Checklist, tmp_path: Path) -> Checklist:
    catalog = tmp_path / f"{checklist.id}.json"
    catalog.write_text(to_json(checklist_catalog(checklist, MOMENT)), encoding="utf-8")
    written = tmp_path / f"{checklist.id}.yaml"
    written.write_text(checklist_yaml(read_catalog(catalog).data), encoding="utf-8")
    return load_checklist(written, CHECKLISTS)


def assert_same(back: Checklist, original: Checklist) -> None:
    assert back.model_dump() == original.model_dump()
    assert back == original


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_checklist_comes_back_equal(name: str, tmp_path: Path) -> None:
    original = load(name)
    assert_same(round_trip(original, tmp_path), original)


def test_round_trip_through_the_commands(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = ctcap("checklists", "export", "--format", "oscal", "-o", str(tmp_path / "out"))
    assert exported.code == 0, exported.err
    files = sorted((tmp_path / "out").glob("*.oscal.json"))
    assert [f.name.removesuffix(".oscal.json") + ".yaml" for f in files] == BUNDLED
    for file in files:
        target = tmp_path / file.name.replace(".oscal.json", ".yaml")
        imported = ctcap("checklists", "import", "--format", "oscal", str(file), "-o", str(target))
        assert imported.code == 0, imported.err
        assert ctcap("checklists", "validate", str(target)).code == 0
        assert_same(load_checklist(target, CHECKLISTS), load(target.name))


def test_one_checklist_goes_to_stdout_and_imports_from_it(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = ctcap("checklists", "export", "--format", "oscal", "minimal")
    assert exported.code == 0 and json.loads(exported.out)["catalog"]["groups"]
    (tmp_path / "m.json").write_text(exported.out, encoding="utf-8")
    imported = ctcap("checklists", "import", "--format", "oscal", str(tmp_path / "m.json"))
    assert imported.code == 0 and imported.out.splitlines()[1] == "id: minimal"


def test_several_checklists_need_a_directory(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = ctcap("checklists", "export", "--format", "oscal", "minimal", "ct-instruments")
    assert run.code == 2 and "give -o DIR" in run.err and run.out == ""


def test_the_same_checklist_gives_the_same_catalog(monkeypatch: pytest.MonkeyPatch, ctcap) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = ctcap("checklists", "export", "--format", "oscal", "ct-instruments").out
    assert first == ctcap("checklists", "export", "--format", "oscal", "ct-instruments").out
    catalog = json.loads(first)["catalog"]
    assert catalog["metadata"]["last-modified"] == "2026-01-01T00:00:00Z"
    assert uuid.UUID(catalog["uuid"]).version == 5


def test_the_catalog_uuid_follows_the_content(tmp_path: Path) -> None:
    original = load("minimal.yaml")
    data = original.model_dump(mode="json")
    data["areas"][0]["items"][0]["weight"] = 3.0
    changed = Checklist.model_validate(data)
    uuids = {checklist_catalog(c, MOMENT).catalog.uuid for c in (original, changed)}
    assert len(uuids) == 2


def hostile_checklist() -> Checklist:
    data = load("minimal.yaml").model_dump(mode="json")
    item = data["areas"][0]["items"][0]
    item["id"] = "1st-item"  # a digit first: not an OSCAL token as it stands
    item["title"] = HOSTILE
    item["question"] = "Is \\*this\\* escaped? " + HOSTILE
    item["guidance"] = CONTROL
    item["descriptors"]["3"] = "a\\b\\\\c `code` <b>"
    item["references"][0]["clause"] = "§ 2(b) [note] & <i>"
    item["facts"] = {"odd_key*": "x < y", "count": 3, "flag": False}
    item["example"] = "*example*"
    data["areas"][0]["id"] = "0-area"
    data["description"] = HOSTILE
    return Checklist.model_validate(data)


def test_hostile_text_survives_as_data(tmp_path: Path) -> None:
    original = hostile_checklist()
    catalog = to_json(checklist_catalog(original, MOMENT))
    # Markdown and HTML characters are escaped in OSCAL's markup fields: shown, never run.
    assert "<script>" not in catalog and r"\\<script\\>" in catalog  # JSON doubles the backslash
    assert "\\u0007" in catalog  # a control character stays a JSON escape
    controls = json.loads(catalog)["catalog"]["groups"][0]["controls"]
    assert controls[0]["id"] == "_1st-item"
    assert_same(round_trip(original, tmp_path), original)


def test_ids_are_derived_not_random() -> None:
    from ctcap.domain.model import content_hash

    checklist = load("minimal.yaml")
    catalog = checklist_catalog(checklist, MOMENT).catalog
    expected = uuid.uuid5(UUID_ROOT, f"catalog/minimal/{content_hash(checklist)}")
    assert catalog.uuid == str(expected)
    statement = ((catalog.groups or [])[0].controls or [])[0].parts or []
    assert (statement[0].name, statement[0].id) == ("statement", "sltd-reporting_smt")
