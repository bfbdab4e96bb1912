"""Every checklist rule, one small invalid file each, with the exact place it is reported.

Each file under ``invalid/`` opens with one ``# expect:`` line per problem it must
produce, written as ``# expect: LINE:COL PATH: MESSAGE-SUBSTRING`` (``-`` for no path).
A file must produce exactly those problems: all of them at once, and no others.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ctcap.errors import CtcapError, InputFileError, Problem
from ctcap.loading.checklists import load_checklist, load_many, load_scale
from ctcap.loading.yaml_reader import read_yaml

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "checklists"
INVALID = Path(__file__).resolve().parent / "invalid"
CORPUS = sorted(INVALID.glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (\S+): (.+)$")


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    path: str
    message: str

    def matches(self, problem: Problem) -> bool:
        return (
            problem.line == self.line
            and problem.column == self.column
            and problem.path == self.path
            and self.message in problem.message
        )

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.path or '-'}: {self.message}"


def expectations(path: Path) -> list[Expected]:
    found = []
    for text in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(text)
        if match is None:
            break
        line, column, field, message = match.groups()
        found.append(Expected(int(line), int(column), "" if field == "-" else field, message))
    return found


def shown(problems: list[Problem]) -> str:
    return "\n".join(f"  {p.line}:{p.column} {p.path or '-'}: {p.message}" for p in problems)


def test_the_corpus_is_there() -> None:
    names = {path.stem for path in CORPUS}
    # the rules the brief names, at least
    for rule in (
        "duplicate-key",
        "missing-question",
        "weight-zero",
        "target-outside-scale",
        "descriptor-key-outside-scale",
        "missing-descriptor",
        "duplicate-item-id",
        "unknown-assistance-area",
        "unknown-scale",
        "unknown-field",
        "bad-colour-inline-scale",
        "scale-not-ascending",
        "python-tag",
        "syntax-error",
        "empty",
        "not-a-mapping",
        "bad-source-date",
        "no-references",
        "reference-without-kind",
        "evidence-key-outside-scale",
        "fundamental-cap-outside-scale",
    ):
        assert rule in names
    for path in CORPUS:
        assert expectations(path), f"{path.name} has no '# expect:' first line"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_invalid_file_is_reported_where_written(path: Path) -> None:
    expected = expectations(path)
    with pytest.raises(InputFileError) as caught:
        load_checklist(path, BUNDLED)
    problems = caught.value.problems
    for want in expected:
        assert any(want.matches(p) for p in problems), (
            f"{path.name}: expected {want}\ngot:\n{shown(problems)}"
        )
    assert len(problems) == len(expected), f"{path.name}: unexpected extra problems:\n" + shown(
        problems
    )
    for problem in problems:
        assert problem.file.endswith(path.name)
        # the one-line form every face prints: FILE:LINE:COL: path: message
        assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: ")


@pytest.mark.parametrize(
    "name", ["several-problems-fields", "several-problems-rules", "several-problems-reader"]
)
def test_several_problems_are_all_reported_at_once_in_file_order(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    with pytest.raises(InputFileError) as caught:
        load_checklist(path, BUNDLED)
    problems = caught.value.problems
    assert len(problems) >= 3
    assert len(problems) == len(expectations(path))
    positions = [(p.line or 0, p.column or 0) for p in problems]
    assert positions == sorted(positions)
    # the exception's message carries every problem, one per line
    assert str(caught.value).count("\n") == len(problems) - 1


def test_bundled_example_checklists_load() -> None:
    files = sorted(BUNDLED.glob("*.yaml"))
    assert any(p.name == "minimal.yaml" for p in files)
    loaded, problems = load_many(files, BUNDLED)
    assert problems == []
    assert len(loaded) == len(files)


def test_minimal_checklist_resolves_the_bundled_scale() -> None:
    checklist = load_checklist(BUNDLED / "minimal.yaml", BUNDLED)
    assert checklist.scale.id == "capacity-5"
    assert checklist.scale.values == [1, 2, 3, 4, 5]
    assert checklist.cap_level == 2
    assert [item.id for item in checklist.items()] == ["sltd-reporting", "sltd-screening"]
    first = checklist.item("sltd-reporting")
    assert first.weight == 2
    assert first.fundamental is True
    assert first.descriptors[5].startswith("Reporting is automatic")
    assert checklist.source.date == "2010-08"


def test_a_full_date_stays_text_as_written(tmp_path: Path) -> None:
    text = (BUNDLED / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "dated.yaml"
    path.write_text(text.replace("date: 2010-08", "date: 2010-08-01"), encoding="utf-8")
    assert load_checklist(path, BUNDLED).source.date == "2010-08-01"


def test_inline_scale_is_accepted_when_valid(tmp_path: Path) -> None:
    # the corpus's inline-scale file with the bad colour put right
    text = (INVALID / "bad-colour-inline-scale.yaml").read_text(encoding="utf-8")
    assert "colour: yellow" in text
    fixed = tmp_path / "inline-ok.yaml"
    fixed.write_text(text.replace("colour: yellow", 'colour: "#ffff00"'), encoding="utf-8")
    checklist = load_checklist(fixed, BUNDLED)
    assert checklist.scale.id == "three"
    assert checklist.scale.values == [1, 2, 3]


def test_load_many_collects_problems_from_every_file() -> None:
    paths = [INVALID / "weight-zero.yaml", BUNDLED / "minimal.yaml", INVALID / "unknown-scale.yaml"]
    loaded, problems = load_many(paths, BUNDLED)
    assert [c.id for c in loaded] == ["minimal"]
    assert {Path(p.file).name for p in problems} == {"weight-zero.yaml", "unknown-scale.yaml"}


def test_a_scales_folder_beside_the_checklist_adds_scales(tmp_path: Path) -> None:
    (tmp_path / "scales").mkdir()
    scale = (BUNDLED / "scales" / "capacity-5.yaml").read_text(encoding="utf-8")
    (tmp_path / "scales" / "local-5.yaml").write_text(
        scale.replace("id: capacity-5", "id: local-5"), encoding="utf-8"
    )
    text = (BUNDLED / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "local.yaml"
    path.write_text(text.replace("scale: capacity-5", "scale: local-5"), encoding="utf-8")
    assert load_checklist(path, BUNDLED).scale.id == "local-5"
    # and the bundled scales stay available
    shutil.copy(BUNDLED / "minimal.yaml", tmp_path / "bundled.yaml")
    assert load_checklist(tmp_path / "bundled.yaml", BUNDLED).scale.id == "capacity-5"


def test_a_broken_scale_file_is_reported_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "scales").mkdir()
    broken = tmp_path / "scales" / "broken.yaml"
    broken.write_text(
        "id: broken\ntitle: Broken\nlevels:\n"
        '  - {value: 2, label: A, description: A., colour: "#000000"}\n'
        '  - {value: 1, label: B, description: B., colour: "#ffffff"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as caught:
        load_scale(broken)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (5, 6, "levels[1].value")
    assert "ascending order" in problem.message
    shutil.copy(BUNDLED / "minimal.yaml", tmp_path / "minimal.yaml")
    with pytest.raises(InputFileError) as caught:
        load_checklist(tmp_path / "minimal.yaml", BUNDLED)
    assert caught.value.problems[0].file.endswith("broken.yaml")


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        load_checklist(tmp_path / "nowhere.yaml", BUNDLED)
    assert "cannot read" in caught.value.problems[0].message
    with pytest.raises(InputFileError):
        read_yaml(tmp_path)  # a directory


def test_input_file_error_is_a_ctcap_error() -> None:
    assert issubclass(InputFileError, CtcapError)
    problem = Problem("x.yaml", 3, None, "", "bad")
    assert str(problem) == "x.yaml:3:1: bad"
    assert str(Problem("x.yaml", None, None, "a.b", "bad")) == "x.yaml: a.b: bad"
    assert str(InputFileError([problem, problem])) == "x.yaml:3:1: bad\nx.yaml:3:1: bad"


def test_marks_point_at_keys_and_list_entries(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("a:\n  - x\n  -   y: 1\nb: {c: 2}\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.data == {"a": ["x", {"y": 1}], "b": {"c": 2}}
    assert doc.locate(("a",)) == (1, 1)
    assert doc.locate(("a", 0)) == (2, 5)
    assert doc.locate(("a", 1, "y")) == (3, 7)
    assert doc.locate(("b", "c")) == (4, 5)
    # an unwritten path falls back to its nearest written ancestor
    assert doc.locate(("a", 1, "missing", 3)) == (3, 7)
    assert doc.locate(("zzz",)) == (1, 1)
