"""The reviewed mappings: what they map, and that a broken one is refused with its line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.mappings import FatfMapping, GhoMapping, TreatyMapping, entries, entry_key
from ctcap.errors import InputFileError
from ctcap.interchange.published.mappings import bundled_mappings
from ctcap.loading.mappings import NAMES_FILE, load_country_names, load_mapping

from .conftest import CHECKLISTS, run_ctcap

MAPPINGS = CHECKLISTS / "mappings"


@pytest.fixture(scope="module")
def mappings(bundled_module: dict[str, Any]) -> dict[str, Any]:
    return {m.source: m for m in bundled_mappings(CHECKLISTS, bundled_module)}


@pytest.fixture(scope="module")
def bundled_module() -> dict[str, Any]:
    from ctcap.interchange.published.mappings import bundled_checklists_by_id

    return bundled_checklists_by_id(CHECKLISTS)


def _targets(mapping: Any) -> list[tuple[str, str, str]]:
    return [(entry_key(e), t.checklist, t.item) for e in entries(mapping) for t in e.targets]


def test_fatf_mapping_covers_every_recommendation_and_outcome_once(
    mappings: dict[str, Any], bundled_module: dict[str, Any]
) -> None:
    fatf = mappings["fatf"]
    assert isinstance(fatf, FatfMapping)
    codes = [entry_key(e) for e in entries(fatf)]
    assert codes == [f"R.{n}" for n in range(1, 41)] + [f"IO.{n}" for n in range(1, 12)]
    targets = _targets(fatf)
    pairs = (("fatf-recommendations", "R."), ("fatf-immediate-outcomes", "IO."))
    for checklist_id, prefix in pairs:
        checklist = bundled_module[checklist_id]
        mapped = [(code, item) for code, c, item in targets if c == checklist_id]
        assert sorted(item for _, item in mapped) == sorted(i.id for i in checklist.items())
        for code, item_id in mapped:
            number = int(code.removeprefix(prefix))
            facts = checklist.item(item_id).facts
            assert facts.get("recommendation_number", facts.get("immediate_outcome")) == number
    extra = [(code, item) for code, c, item in targets if c == "ct-capacity-building"]
    assert extra == [
        ("R.5", "tf-offence"),
        ("R.6", "tf-freeze-legal-basis"),
        ("IO.9", "tf-investigation-prosecution"),
    ]
    subjects = {entry_key(e): e.subject for e in entries(fatf)}
    for code, checklist_id, item_id in targets:
        if checklist_id == "fatf-recommendations":
            assert bundled_module["fatf-recommendations"].item(item_id).title == subjects[code]


def test_treaty_and_gho_mappings(mappings: dict[str, Any]) -> None:
    untc = mappings["untc"]
    # No levels of its own: they follow from the facts by domain.treaty's one rule.
    assert isinstance(untc, TreatyMapping) and "signed" not in TreatyMapping.model_fields
    assert _targets(untc) == [
        ("XVIII-9", "ct-instruments", "i11-terrorist-bombings-convention-1997"),
        ("XVIII-11", "ct-instruments", "i12-terrorist-financing-convention-1999"),
        ("XVIII-15", "ct-instruments", "i13-nuclear-terrorism-convention-2005"),
    ]
    gho = mappings["who-gho"]
    assert isinstance(gho, GhoMapping)
    assert _targets(gho) == [
        ("IHRSPAR2_C14", "ct-capacity-building", "cbrn-jee-spar-results"),
        ("IHRSPAR2_C15", "ct-capacity-building", "cbrn-jee-spar-results"),
    ]
    assert [(b.up_to, b.level) for b in gho.bands] == [(20, 1), (40, 2), (60, 3), (80, 4), (100, 5)]


def test_every_mapping_entry_says_why(mappings: dict[str, Any]) -> None:
    for mapping in mappings.values():
        for entry in entries(mapping):
            assert all(len(t.why) > 60 for t in entry.targets), entry_key(entry)


def _broken_copy(tmp_path: Path, old: str, new: str, name: str = "fatf-ratings.yaml") -> Path:
    text = (MAPPINGS / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unknown_item_is_one_line_naming_file_and_line(
    tmp_path: Path, bundled_module: dict[str, Any]
) -> None:
    path = _broken_copy(tmp_path, "item: r05-terrorist-financing-offence", "item: r05-no-such-item")
    with pytest.raises(InputFileError) as caught:
        load_mapping(path, bundled_module)
    [problem] = caught.value.problems
    line = _line_of(path, "r05-no-such-item")
    assert str(problem) == (
        f"{path}:{line}:9: ratings[4].targets[0].item: unknown item 'r05-no-such-item' "
        "in checklist 'fatf-recommendations'"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  C: 4\n  LC: 3", "  C: 5\n  LC: 3",
         "technical_compliance.C: level 5 is not on scale 'fatf-compliance'"),
        ("combine: lowest\n", "combine: lowest\ncombine: highest\n", "duplicate key 'combine'"),
        ("source: fatf", "source: imf", "source: unknown source 'imf' (who-gho, fatf, untc)"),
        ("  - code: R.2\n", "  - code: R.1\n",
         "ratings[1].code: 'R.1' is mapped twice (first at [0])"),
        ("  - code: R.2\n", "  - code: R.41\n", "ratings[1].code: String should match pattern"),
        ("checklist: fatf-recommendations\n", "checklist: fatf-nothing\n",
         "ratings[0].targets[0].checklist: unknown checklist 'fatf-nothing'"),
    ],
)  # fmt: skip
def test_broken_mappings_are_refused_with_their_place(
    tmp_path: Path, bundled_module: dict[str, Any], old: str, new: str, expected: str
) -> None:
    path = _broken_copy(tmp_path, old, new)
    with pytest.raises(InputFileError) as caught:
        load_mapping(path, bundled_module)
    assert any(expected in str(p) and str(p).startswith(f"{path}:") for p in caught.value.problems)


def test_gho_bands_must_rise_to_100(tmp_path: Path, bundled_module: dict[str, Any]) -> None:
    path = _broken_copy(tmp_path, "up_to: 100", "up_to: 90", "who-gho-spar.yaml")
    with pytest.raises(InputFileError) as caught:
        load_mapping(path, bundled_module)
    assert "bands[4].up_to: the last band must reach 100" in str(caught.value)


def test_country_names_are_iso_countries(tmp_path: Path) -> None:
    import pycountry

    names = load_country_names(CHECKLISTS / NAMES_FILE)
    assert names["Bolivia (Plurinational State of)"] == "BOL"
    assert all(pycountry.countries.get(alpha_3=code) is not None for code in names.values())
    bad = tmp_path / "names.yaml"
    bad.write_text("id: n\ntitle: N\nnames:\n  Kosovo: XKX\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"names\.Kosovo: 'XKX' is not an ISO 3166-1"):
        load_country_names(bad)


def test_validate_and_import_refuse_a_broken_mapping(tmp_path: Path) -> None:
    bundle = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, bundle)
    target = bundle / "mappings" / "untc-treaties.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "item: i12-terrorist-financing-convention-1999", "item: i12-gone"
        ),
        encoding="utf-8",
    )
    import os
    import subprocess
    import sys

    env = {**os.environ, "CTCAP_CHECKLISTS": str(bundle)}
    result = subprocess.run(
        [sys.executable, "-m", "ctcap", "checklists", "validate"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "untc-treaties.yaml:" in line and "unknown item 'i12-gone'" in line
    broken = run_ctcap(
        "data", "import", "untc", str(CHECKLISTS.parent / "tests/published/data/untc-XVIII-11.csv"),
        "--country", "KEN", "--mapping", str(target), db=tmp_path / "db.sqlite", ok=False,
    )  # fmt: skip
    assert broken.returncode == 1
    [line] = broken.stderr.strip().splitlines()
    assert "untc-treaties.yaml:" in line and "unknown item 'i12-gone'" in line
