"""Hostile files: each is refused with ``InputFileError``, quickly and in bounded memory.

No timing assertions: a generous alarm only turns a hang into a failure instead of a
stuck suite. Memory is checked through the peak RSS, which can only rise, so the
check is one-sided: it catches an expansion that blows up, never a flaky slowdown.
"""

from __future__ import annotations

import itertools
import random
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ctcap.errors import InputFileError
from ctcap.loading import yaml_reader
from ctcap.loading.checklists import load_checklist
from ctcap.loading.yaml_reader import read_yaml

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "checklists"
GUARD_SECONDS = 120
MEMORY_HEADROOM_MB = 300


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """Fail (rather than hang) if a hostile file makes the reader spin."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RuntimeError(f"still reading after {GUARD_SECONDS} s: not bounded")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghij"
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _mapping_laughs() -> bytes:
    lines = ["a: &a {x: 1, y: 2, z: 3}"]
    names = "abcdefghijkl"
    for prev, name in itertools.pairwise(names):
        fields = ", ".join(f"k{n}: *{prev}" for n in range(8))
        lines.append(f"{name}: &{name} {{{fields}}}")
    return ("\n".join(lines) + "\n").encode()


def _random_binary() -> bytes:
    rng = random.Random(20100801)
    data = bytes(rng.randrange(256) for _ in range(64 * 1024))
    assert b"\xff" in data  # never valid UTF-8 then
    return data


HOSTILE: dict[str, Callable[[], bytes]] = {
    "billion-laughs": _billion_laughs,
    "mapping-laughs": _mapping_laughs,
    "flow-nesting-10000": lambda: b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "block-nesting-10000": lambda: b"- " * 10_000 + b"x\n",
    "mapping-nesting-100": lambda: (
        "".join(" " * n + "k:\n" for n in range(100)) + " " * 100 + "v\n"
    ).encode(),
    "random-binary": _random_binary,
    "latin-1": lambda: "id: café\ntitle: Crème brûlée\n".encode("latin-1"),
    "utf-16": lambda: "id: t\n".encode("utf-16"),
    "nul-bytes": lambda: b"id: t\ntitle: a\x00b\n",
    "python-apply-root": lambda: b'!!python/object/apply:os.system ["echo hi"]\n',
    "python-apply-value": lambda: b'id: !!python/object/apply:os.system ["echo hi"]\n',
    "python-object-mapping": lambda: b"!!python/object:os.Popen {args: [echo, hi]}\n",
    "python-name": lambda: b"title: !!python/name:os.system\n",
    "recursive-alias-sequence": lambda: b"a: &a [*a]\n",
    "recursive-alias-mapping": lambda: b"&a {b: *a}\n",
    "recursive-alias-key": lambda: b"&a [*a]: 1\n",
    "undefined-alias": lambda: b"a: *nowhere\n",
    "too-many-nodes": lambda: b"[" + b"1," * 2_000_000 + b"1]\n",
    "control-characters": lambda: b"id: t\ntitle: \x07\x1b[31m\n",
    "integer-of-10000-digits": lambda: b"weight: " + b"9" * 10_000 + b"\n",
    "bad-int-tag": lambda: b"weight: !!int lots\n",
    "bad-bool-tag": lambda: b"fundamental: !!bool maybe\n",
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_an_input_error(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, HOSTILE[name]())
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    assert caught.value.problems
    assert all(p.file == str(path) for p in caught.value.problems)
    with pytest.raises(InputFileError):
        load_checklist(path, BUNDLED)


def test_fifty_megabytes_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        line = b"- " + b"x" * 1021 + b"\n"
        for _ in range(50 * 1024):
            handle.write(line)
    assert path.stat().st_size == 50 * 1024 * 1024
    before = _peak_mb()
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    assert _peak_mb() - before < MEMORY_HEADROOM_MB
    [problem] = caught.value.problems
    assert "larger than 5 MB" in problem.message


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"text: " + b"x" * (yaml_reader.MAX_BYTES - 16) + b"\n")
    assert yaml_reader.MAX_BYTES - 64 < path.stat().st_size <= yaml_reader.MAX_BYTES
    assert len(read_yaml(path).data["text"]) == yaml_reader.MAX_BYTES - 16


def test_billion_laughs_stays_in_bounded_memory_and_names_the_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "lol", _billion_laughs())
    before = _peak_mb()
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    assert _peak_mb() - before < MEMORY_HEADROOM_MB
    [problem] = caught.value.problems
    assert "once aliases are expanded" in problem.message
    assert problem.line is not None


def test_deep_nesting_is_refused_at_the_level_that_breaks_the_limit(tmp_path: Path) -> None:
    depth = yaml_reader.MAX_DEPTH
    ok = _write(tmp_path, "ok", b"[" * depth + b"]" * depth + b"\n")
    value = read_yaml(ok).data
    for _ in range(depth - 1):
        value = value[0]
    assert value == []
    deep = _write(tmp_path, "deep", b"[" * (depth + 1) + b"]" * (depth + 1) + b"\n")
    with pytest.raises(InputFileError) as caught:
        read_yaml(deep)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (1, depth + 1)
    assert f"nested more than {depth} levels deep" in problem.message


def test_non_utf8_text_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin", "id: t\ntitle: café\n".encode("latin-1"))
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 11)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_nul_byte_points_at_itself(tmp_path: Path) -> None:
    path = _write(tmp_path, "nul", b"id: t\ntitle: ab\x00\n")
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 10)
    assert "NUL" in problem.message


def test_control_character_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "ctl", "id: t\ntitle: é\x07\n".encode())
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 9)


def test_python_tags_never_run_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    inner = f'!!python/object/apply:pathlib.Path ["{marker}"]'
    payload = f"!!python/object/apply:pathlib.Path.touch [{inner}]"
    path = _write(tmp_path, "payload", payload.encode() + b"\n")
    with pytest.raises(InputFileError) as caught:
        read_yaml(path)
    assert not marker.exists()
    assert "!!python/object/apply:pathlib.Path.touch" in caught.value.problems[0].message
    assert "not allowed" in caught.value.problems[0].message


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom", b"\xef\xbb\xbfid: t\n")
    assert read_yaml(path).data == {"id": "t"}
