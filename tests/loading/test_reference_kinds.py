"""Every reference says whether it is the issuing body's own text (primary) or not.

In a checklist file the kind is required (a missing one is an error, located like any
other); an item citing only secondary sources is a warning that ``checklists validate``
prints without failing. Snapshots stored before kinds existed still load unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ctcap.domain.model import Checklist, ReferenceKind, canonical_json, content_hash
from ctcap.loading.checklists import check_files, load_checklist

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "checklists"

CHECKLIST = """\
id: kinds
title: Kinds
version: "1"
source: {{title: S, publisher: P, date: "2010"}}
scale: capacity-5
areas:
  - id: a
    title: A
    items:
      - id: only-copies
        title: I
        question: Cited only through copies?
        references:
          - {{title: A mirror, kind: secondary, url: "https://example.invalid/copy"}}
          - {{title: A summary, kind: secondary}}
        target: 4
        assistance_area: aviation-security
        descriptors: {{1: a, 2: b, 3: c, 4: d, 5: e}}
      - id: with-primary
        title: J
        question: Cited through the issuing body?
        references:
          - {{title: The body's own text, kind: {kind}}}
          - {{title: A summary, kind: secondary}}
        target: 4
        assistance_area: aviation-security
        descriptors: {{1: a, 2: b, 3: c, 4: d, 5: e}}
"""


def _write(tmp_path: Path, kind: str = "primary") -> Path:
    path = tmp_path / "kinds.yaml"
    path.write_text(CHECKLIST.format(kind=kind), encoding="utf-8")
    return path


def test_an_item_citing_only_secondary_sources_is_a_located_warning(tmp_path: Path) -> None:
    path = _write(tmp_path)
    checked = check_files([path], BUNDLED)
    assert checked.problems == [] and [c.id for c in checked.loaded] == ["kinds"]
    [warning] = checked.warnings
    assert (warning.line, warning.column) == (13, 9)
    assert warning.path == "areas[0].items[0].references"
    assert warning.message.startswith("warning: every reference is secondary")
    assert str(warning).startswith(f"{warning.file}:13:9: areas[0].items[0].references: warning:")


def test_each_item_without_a_primary_source_is_warned_about(tmp_path: Path) -> None:
    checked = check_files([_write(tmp_path, kind="secondary")], BUNDLED)
    assert [w.path for w in checked.warnings] == [
        "areas[0].items[0].references",
        "areas[0].items[1].references",
    ]


def test_validate_prints_warnings_and_still_succeeds(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CTCAP_DB"}
    result = subprocess.run(
        [sys.executable, "-m", "ctcap", "checklists", "validate", str(_write(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.endswith(
        "kinds.yaml:13:9: areas[0].items[0].references: warning: every reference is "
        "secondary; cite at least one primary source (the issuing body's own text)"
    )
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == "1 valid, 0 invalid (0 problem(s), 1 warning(s))"


def test_the_bundled_checklists_validate_without_warnings() -> None:
    checked = check_files(sorted(BUNDLED.glob("*.yaml")), BUNDLED)
    assert checked.problems == [] and checked.warnings == []
    assert len(checked.loaded) >= 4


def test_a_loaded_reference_keeps_its_kind(tmp_path: Path) -> None:
    checklist = load_checklist(_write(tmp_path), BUNDLED)
    kinds = [ref.kind for ref in checklist.item("with-primary").references]
    assert kinds == [ReferenceKind.PRIMARY, ReferenceKind.SECONDARY]
    stored = json.loads(canonical_json(checklist))
    refs = stored["areas"][0]["items"][1]["references"]
    assert [r["kind"] for r in refs] == ["primary", "secondary"]


def test_a_snapshot_stored_before_kinds_existed_loads_and_serialises_unchanged(
    tmp_path: Path,
) -> None:
    checklist = load_checklist(_write(tmp_path), BUNDLED)
    old = json.loads(canonical_json(checklist))
    for area in old["areas"]:
        for item in area["items"]:
            for reference in item["references"]:
                del reference["kind"]
    text = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    legacy = Checklist.model_validate_json(text)
    assert all(ref.kind is None for item in legacy.items() for ref in item.references)
    # Byte for byte: the stored content hash still names the same snapshot.
    assert canonical_json(legacy) == text
    assert content_hash(legacy) != content_hash(checklist)
