"""Fuzzing the loader: whatever the input, it loads or raises a ``CtcapError``.

Anything else escaping (``ValueError``, ``KeyError``, ``RecursionError``, a
``yaml`` or ``pydantic`` error) is a bug: the faces only catch ``CtcapError``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcap.domain.model import Checklist
from ctcap.errors import CtcapError, InputFileError
from ctcap.loading.checklists import load_checklist, load_scales, parse_checklist
from ctcap.loading.yaml_reader import YamlDocument, read_yaml

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "checklists"
MINIMAL = (BUNDLED / "minimal.yaml").read_bytes()
SCALES = load_scales(BUNDLED / "scales")

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _load(workdir: Path, data: bytes) -> Checklist | None:
    """Read ``data`` as a checklist file; a located ``InputFileError`` is fine too."""
    path = workdir / "fuzz.yaml"
    path.write_bytes(data)
    try:
        read_yaml(path)
    except InputFileError as exc:
        _check_located(exc, data)
    try:
        return load_checklist(path, BUNDLED)
    except InputFileError as exc:
        _check_located(exc, data)
        return None


def _check_located(exc: InputFileError, data: bytes) -> None:
    assert exc.problems, "an InputFileError must name at least one problem"
    lines = data.count(b"\n") + 1
    for problem in exc.problems:
        assert problem.message
        if problem.line is not None:
            assert 1 <= problem.line <= lines, (problem, lines)
            assert problem.column is not None and problem.column >= 1


@FUZZ
@given(data=st.binary(max_size=2048))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    _load(workdir, data)


@FUZZ
@given(text=st.text(max_size=1024))
def test_random_text(workdir: Path, text: str) -> None:
    _load(workdir, text.encode("utf-8", errors="surrogatepass"))


YAML_TOKENS = [
    "[", "]", "{", "}", ": ", ":", "- ", "-", ",", "? ", "\n", "\n  ", "\n    ", "\t",
    "&a ", "*a", "&b ", "*b", "!!python/tuple ", "!!python/object/apply:os.system ",
    "!!str ", "!!int ", "!!float ", "!!bool ", "!!binary ", "!!set ", "!!omap ",
    "!!timestamp ", "!local ", "! ", "<<: ", "~", "null", "true", "yes", "1", "-1",
    "0x1F", "1e400", ".nan", "2010-13-45", "2010-08", '"', "'", "\\", "|", ">", "# c",
    "---", "...", "%YAML 1.1\n", "%TAG ! tag:x,2002:\n", "id", "scale", "areas",
    "items", "descriptors", "target", "weight", "capacity-5", "x", "é", "\u2028", "\ufeff",
]  # fmt: skip


@FUZZ
@given(tokens=st.lists(st.sampled_from(YAML_TOKENS), max_size=60))
def test_yaml_token_soup(workdir: Path, tokens: list[str]) -> None:
    _load(workdir, "".join(tokens).encode("utf-8"))


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(MINIMAL)),
    cut=st.integers(min_value=0, max_value=64),
    insert=st.binary(max_size=16) | st.sampled_from([b":", b"- ", b"\t", b"&a ", b"*a", b"\n"]),
)
def test_spliced_valid_file(workdir: Path, position: int, cut: int, insert: bytes) -> None:
    _load(workdir, MINIMAL[:position] + insert + MINIMAL[position + cut :])


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "capacity-5", "2010-08", "#ffffff", "na", "5", "1.0"])
)
KEYS = st.text(max_size=10) | st.integers(min_value=-3, max_value=12)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)
MINIMAL_DATA = read_yaml(BUNDLED / "minimal.yaml").data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _paths(value, (*prefix, n))
    return found


ALL_PATHS = _paths(MINIMAL_DATA)[1:]


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "add" and isinstance(parent[last], dict):
        parent[last]["extra-key"] = value
    elif action == "add" and isinstance(parent[last], list):
        parent[last].append(value)
    return data


@FUZZ
@given(
    mutations=st.lists(
        st.tuples(
            st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace", "add"]), VALUES
        ),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_checklist_structure(workdir: Path, mutations: list[Any]) -> None:
    data = MINIMAL_DATA
    for path, action, value in mutations:
        try:
            data = _mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    # straight into the parser, as plain data ...
    try:
        parse_checklist(YamlDocument("fuzz.yaml", data), SCALES)
    except InputFileError as exc:
        assert exc.problems
    # ... and through a file, as YAML
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _load(workdir, text.encode("utf-8"))


@FUZZ
@given(data=VALUES)
def test_arbitrary_documents(workdir: Path, data: Any) -> None:
    try:
        parse_checklist(YamlDocument("fuzz.yaml", data), SCALES)
    except CtcapError as exc:
        assert isinstance(exc, InputFileError) and exc.problems
    _load(workdir, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
