"""Shared helpers for the hostile-input tests: the real CLI in-process, and the checks
that what it printed is inert on a terminal."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from in_process_cli import Ran as Ran
from in_process_cli import in_process_cli

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REPO = HERE.parents[1]

# What must never reach a terminal: C0 controls but newline and tab, DEL, C1 controls,
# bidi controls and the other invisible format characters the guard marks.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029"
    "\u2060-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]"
)


def corpus(name: str) -> list[dict[str, Any]]:
    cases = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases
    return cases


def assert_inert(text: str, *, multiline: bool = True) -> None:
    """Nothing in ``text`` can move the cursor, change the title, the clipboard or the
    reading order, or hide a link."""
    found = UNSAFE.search(text)
    assert found is None, f"raw {found.group()!r} reached the terminal in {text[:200]!r}"
    if not multiline:
        assert "\n" not in text.strip("\n") and "\t" not in text, text


FORMULA_STARTS = "=+-@"


def would_start_a_formula(text: str) -> bool:
    """Would a spreadsheet run this cell: a formula (or DDE) start after spaces and
    invisible characters, in any width, or a leading tab or line break (OWASP)."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    visible = text.lstrip()
    visible = "".join(c for c in visible if unicodedata.category(c) != "Cf").lstrip()
    first = unicodedata.normalize("NFKC", visible[:1])[:1]
    return (first != "" and first in FORMULA_STARTS) or visible[:1] == "\u2212"


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process, with no config
    file and a keys directory of its own."""
    monkeypatch.setenv("CTCAP_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("CTCAP_KEYS_DIR", str(tmp_path / "keys"))
    return in_process_cli(capsys, monkeypatch)


def one_line(ran: Ran, needle: str, code: int = 1) -> str:
    """The run failed with ``code`` and one stderr line holding ``needle``, no traceback."""
    assert ran.code == code, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert needle in lines[0], lines[0]
    assert_inert(lines[0], multiline=False)
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "ctcap.sqlite"
