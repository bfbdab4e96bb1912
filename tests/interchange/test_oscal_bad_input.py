"""Bad input to ``ctcap checklists import --format oscal``: one line naming the file and the
place, exit 1, nothing written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ctcap.interchange.oscal.catalog_out import checklist_catalog
from ctcap.interchange.oscal.model import dump

from .conftest import load

Mutation = Callable[[dict[str, Any]], None]
GOOD = dump(checklist_catalog(load("minimal.yaml"), datetime(2026, 1, 1, tzinfo=UTC)))


def group(doc: dict[str, Any], n: int = 0) -> dict[str, Any]:
    return doc["catalog"]["groups"][n]  # type: ignore[no-any-return]


def control(doc: dict[str, Any], n: int = 0) -> dict[str, Any]:
    return group(doc)["controls"][n]  # type: ignore[no-any-return]


def prop_of(thing: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in thing["props"] if p["name"] == name)


def second_group_with_a_copy(doc: dict[str, Any]) -> None:
    twin = copy.deepcopy(group(doc))
    twin["id"] = "other-area"
    twin["controls"] = twin["controls"][:1]
    doc["catalog"]["groups"].append(twin)


CASES: dict[str, tuple[Mutation, str]] = {
    "duplicate control id": (
        lambda d: control(d, 1).update(id="sltd-reporting"),
        "/catalog/groups/0/controls/1: duplicate id 'sltd-reporting' "
        "(first at /catalog/groups/0/controls/0)",
    ),
    "duplicate control id across groups": (
        second_group_with_a_copy,
        "/catalog/groups/1/controls/0: duplicate id 'sltd-reporting'",
    ),
    "schema: missing metadata": (
        lambda d: d["catalog"].pop("metadata"),
        "/catalog: not a valid OSCAL catalog (v1.1.3 schema): 'metadata' is a required property",
    ),
    "schema: a prop value over two lines": (
        lambda d: prop_of(control(d), "target").update(value="4\n"),
        "/catalog/groups/0/controls/0/props/1/value: not a valid OSCAL catalog",
    ),
    "schema: unknown field": (
        lambda d: control(d).update(colour="red"),
        "/catalog/groups/0/controls/0: not a valid OSCAL catalog (v1.1.3 schema): "
        "Additional properties are not allowed ('colour' was unexpected)",
    ),
    "target off the scale": (
        lambda d: prop_of(control(d, 1), "target").update(value="9"),
        "/catalog/groups/0/controls/1 (control 'sltd-screening'): ctcap property 'target': "
        "9 is not a level of scale 'capacity-5'",
    ),
    "no question": (
        lambda d: control(d).update(parts=control(d)["parts"][1:]),
        "/catalog/groups/0/controls/0: no 'statement' part",
    ),
    "missing descriptor": (
        lambda d: control(d).update(parts=control(d)["parts"][:-1]),
        "(control 'sltd-reporting'): the 'level-descriptor' parts: no descriptor for level 5",
    ),
    "nested controls": (
        lambda d: control(d).update(controls=[copy.deepcopy(control(d, 1)) | {"id": "x"}]),
        "/catalog/groups/0/controls/0/controls: a ctcap item has no controls",
    ),
    "controls outside a group": (
        lambda d: d["catalog"].update(controls=[group(d)["controls"].pop()]),
        "/catalog/controls: controls outside a group",
    ),
    "unknown part": (
        lambda d: control(d)["parts"].append({"name": "assessment-objective", "prose": "x"}),
        "/catalog/groups/0/controls/0/parts/7: part 'assessment-objective' has no place",
    ),
    "unknown ctcap prop": (
        lambda d: prop_of(control(d), "weight").update(name="heft"),
        "/catalog/groups/0/controls/0/props/0: unknown ctcap property 'heft'",
    ),
    "a prop given twice": (
        lambda d: control(d)["props"].append(dict(prop_of(control(d), "target"))),
        "/catalog/groups/0/controls/0/props/5: ctcap property 'target' is given twice",
    ),
    "not a number": (
        lambda d: prop_of(control(d), "weight").update(value="heavy"),
        "/catalog/groups/0/controls/0/props/0: 'heavy' should be a number",
    ),
    "no scale": (
        lambda d: d["catalog"].pop("params"),
        "/catalog: no scale",
    ),
    "scale levels that do not line up": (
        lambda d: d["catalog"]["params"][0]["guidelines"].pop(),
        "/catalog/params/0: the scale's levels do not line up",
    ),
    "link to a missing resource": (
        lambda d: control(d)["links"][0].update(href="#no-such-thing"),
        "/catalog/groups/0/controls/0/links/0: link '#no-such-thing' names no resource",
    ),
    "two area overviews": (
        lambda d: group(d)["parts"].append({"name": "overview", "prose": "again"}),
        "/catalog/groups/0/parts/1: a second 'overview' part",
    ),
    "no checklist id": (
        lambda d: d["catalog"]["metadata"]["props"].pop(0),
        "/catalog/metadata: no ctcap property 'checklist-id'",
    ),
}


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def assert_refused(ctcap, file: Path, expected: str) -> None:  # type: ignore[no-untyped-def]
    out = file.parent / "out.yaml"
    run = ctcap("checklists", "import", "--format", "oscal", str(file), "-o", str(out))
    lines = run.err.strip().splitlines()
    assert run.code == 1, run.err
    assert len(lines) == 1 and "Traceback" not in run.err, run.err
    assert lines[0].startswith(f"ctcap: {file}:"), lines[0]
    assert expected in lines[0], lines[0]
    assert run.out == "" and not out.exists()  # nothing written


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_catalog_is_refused_with_its_place(case: str, ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mutate, expected = CASES[case]
    document = copy.deepcopy(GOOD)
    mutate(document)
    assert_refused(ctcap, write(tmp_path, "bad.json", json.dumps(document)), expected)


def test_the_unchanged_catalog_is_accepted(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The cases above fail because of their mutation, not because the base is bad.
    file = write(tmp_path, "good.json", json.dumps(GOOD))
    run = ctcap("checklists", "import", "--format", "oscal", str(file), "-o", str(tmp_path / "o"))
    assert run.code == 0, run.err


WRONG_FILES: dict[str, tuple[str | bytes, str]] = {
    "yaml": ("id: minimal\ntitle: x\n", ":1:1: not JSON: Expecting value"),
    "empty": ("", ":1:1: not JSON: Expecting value"),
    "binary": (b"\xff\xfe\x00bin", "not UTF-8 text"),
    "array": ("[1, 2]", "/: not an OSCAL document: the top level is not a JSON object"),
    "profile": ('{"profile": {}}', "/: not an OSCAL catalog (an OSCAL profile)"),
    "other json": ('{"id": "minimal"}', "/: not an OSCAL catalog (no 'catalog' at the top level)"),
    "duplicate keys": ('{"catalog": {}, "catalog": {}}', "duplicate key 'catalog'"),
    "NaN": ('{"catalog": NaN}', "NaN is not a JSON number"),
    "deep": ("[" * 100 + "]" * 100, "nested more than 64 levels deep"),
    "too deep to parse": ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
}


@pytest.mark.parametrize("case", list(WRONG_FILES))
def test_a_file_of_the_wrong_kind_is_refused(case: str, ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text, expected = WRONG_FILES[case]
    assert_refused(ctcap, write(tmp_path, "wrong.json", text), expected)


def test_assessment_results_are_not_a_catalog(
    small_db, read_session, ctcap, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from ctcap.interchange.oscal.model import to_json
    from ctcap.interchange.oscal.results import build_assessment_results

    with read_session(small_db.url) as session:
        text = to_json(build_assessment_results(session, "XOS"))
    file = write(tmp_path, "ar.json", text)
    assert_refused(ctcap, file, "/: not an OSCAL catalog (an OSCAL assessment-results)")


def test_a_missing_file(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_refused(ctcap, tmp_path / "absent.json", "cannot read: No such file or directory")


def test_hostile_values_in_messages_stay_on_one_line(ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(GOOD)
    control(document)["id"] = "bad\nid\x1b[31m<script>"
    file = write(tmp_path, "bad.json", json.dumps(document))
    assert_refused(ctcap, file, "/catalog/groups/0/controls/0/id: not a valid OSCAL catalog")


def test_as_a_real_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    document = copy.deepcopy(GOOD)
    control(document, 1)["id"] = "sltd-reporting"
    file = write(tmp_path, "dup.json", json.dumps(document))
    result = subprocess.run(
        [sys.executable, "-m", "ctcap", "checklists", "import", "--format", "oscal", str(file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"ctcap: {file}: /catalog/groups/0/controls/1: duplicate id 'sltd-reporting' "
        "(first at /catalog/groups/0/controls/0)"
    ]
