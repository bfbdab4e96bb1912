"""Hostile input gets one clear line and exit 1, in bounded memory, and breaks nothing:
bad bundles, files that are not (or no longer) databases, unknown names."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.errors import InputFileError
from ctcap.storage import repository as repo
from ctcap.storage.audit import GENESIS
from ctcap.storage.bundles import MAX_BUNDLE_BYTES, export_bundle, read_bundle
from ctcap.storage.bundles.format import EventPart, canonical, chain_hash
from ctcap.storage.engine import open_database


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A valid bundle document, to be spoiled by each case."""
    from ctcap.loading.checklists import load_checklist

    root = Path(__file__).resolve().parents[2] / "checklists"
    path = tmp_path_factory.mktemp("valid") / "source.sqlite"
    database = open_database(f"sqlite:///{path}")
    with database.write() as session:
        info = repo.create_assessment(
            session,
            country="KEN",
            checklist=load_checklist(root / "minimal.yaml", root),
            as_of=date(2026, 1, 1),
            assessor="ana",
        )
        repo.record_answer(session, info.id, "sltd-reporting", 3, actor="ana", rationale="r")
        document = export_bundle(session, info.id)
    database.close()
    return document


def _resealed(document: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> bytes:
    spoiled = json.loads(json.dumps(document))
    change(spoiled["content"])
    spoiled["sha256"] = hashlib.sha256(canonical(spoiled["content"])).hexdigest()
    return json.dumps(spoiled).encode()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = content
        for part in parents:
            node = node[part]
        node[last] = value

    return change


RAW: dict[str, tuple[bytes, str]] = {
    "not JSON": (b"meeting notes, not a bundle\n", "not JSON: Expecting value at line 1"),
    "empty": (b"", "not JSON"),
    "a JSON list": (b"[1, 2, 3]", "not a ctcap bundle"),
    "another format": (b'{"format": "zip"}', "not a ctcap bundle"),
    "a newer format": (b'{"format": "ctcap-bundle", "format_version": 4}', "version 4"),
    "a boolean version": (b'{"format": "ctcap-bundle", "format_version": true}', "version True"),
    "binary": (bytes(range(256)) * 64, "binary data"),
    "non-UTF-8": ('{"format": "café"}'.encode("latin-1"), "not UTF-8 text (bad byte at offset"),
    "a byte-order mark": (b'\xef\xbb\xbf{"format": 1}', "BOM"),
    "duplicate keys": (b'{"format": "ctcap-bundle", "format": "x"}', "duplicate key 'format'"),
    "NaN": (b'{"format": NaN}', "NaN is not a JSON number"),
    "a 5000-digit number": (b'{"n": 1' + b"0" * 5000 + b"}", "not valid JSON"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "a million empty lists": (b"[" + b"[]," * 1_000_000 + b"[]]", "nested values"),
    "a lone surrogate": (
        b'{"format": "ctcap-bundle", "format_version": 1, "content": {"\\ud800": 1}}',
        "unpaired surrogate",
    ),
    "a NUL in text": (
        b'{"format": "ctcap-bundle", "format_version": 1, "content": ["\\u0000"]}',
        "NUL",
    ),
    "an unknown top-level field": (
        b'{"format": "ctcap-bundle", "format_version": 1, "eval": ""}',
        "unknown field 'eval'",
    ),
}

RESEALED: dict[str, tuple[str, Any, str]] = {
    "a string version": ("answers.0.version", "1", "content.answers.0.version"),
    "a boolean level": ("answers.0.response", True, "content.answers.0.response"),
    "a level off the scale": ("answers.0.response", 9, "level 9 is not on the scale"),
    "an unknown item": ("answers.0.item", "no-such-item", "unknown item 'no-such-item'"),
    "a list for an object": ("assessment", [], "content.assessment"),
    "a missing field": ("events", None, "content.events"),
    "a 300-character item id": ("answers.0.item", "x" * 300, "content.answers.0.item"),
    "an impossible date": ("assessment.as_of", "2026-02-30", "content.assessment.as_of"),
    "an extra field": ("assessment.owner", "mallory", "content.assessment.owner"),
    "a bad uid": ("assessment.uid", "../../etc/passwd", "content.assessment.uid"),
}


def _import(cli: Callable[..., Any], data: bytes, tmp_path: Path) -> Any:
    bundle = tmp_path / "hostile.json"
    bundle.write_bytes(data)
    return cli("import", str(bundle), db=tmp_path / "target.sqlite")


@pytest.mark.parametrize("case", sorted(RAW))
def test_a_malformed_bundle_gets_one_clear_line(
    case: str, tmp_path: Path, cli: Callable[..., Any], one_line_error: Callable[..., str]
) -> None:
    data, reason = RAW[case]
    line = one_line_error(_import(cli, data, tmp_path), reason)
    assert line.startswith(f"ctcap: {tmp_path / 'hostile.json'}: ")
    assert not (tmp_path / "target.sqlite").exists()


@pytest.mark.parametrize("case", sorted(RESEALED))
def test_a_bundle_with_wrong_content_and_a_matching_checksum_is_refused(
    case: str,
    valid: dict[str, Any],
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    path, value, reason = RESEALED[case]
    one_line_error(_import(cli, _resealed(valid, _set(path, value)), tmp_path), reason)
    assert not (tmp_path / "target.sqlite").exists()


def _forged(document: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> bytes:
    """As another tool might write it: changed, then re-chained and resealed throughout."""

    def forge(content: dict[str, Any]) -> None:
        change(content)
        prev, uid = GENESIS, content["assessment"]["uid"]
        for event in content["events"]:
            event["prev_hash"] = prev
            event["hash"] = prev = chain_hash(uid, prev, EventPart.model_validate(event))

    return _resealed(document, forge)


def _no_country(content: dict[str, Any]) -> None:
    content["country"]["code"] = content["events"][0]["after"]["country"] = "ABC"


def _bad_import_record(content: dict[str, Any]) -> None:
    content["events"].append({**content["events"][-1], "seq": len(content["events"]) + 1})
    content["events"][-1].update(kind="import", item=None, after={"conflicts": [1]})


def test_an_unknown_country_in_a_bundle_is_refused_and_nothing_is_kept(
    valid: dict[str, Any],
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    one_line_error(_import(cli, _forged(valid, _no_country), tmp_path), "unknown country 'ABC'")
    listed = cli("assessments", "list", "--json", db=tmp_path / "target.sqlite")
    assert json.loads(listed.out) == []


def test_a_forged_chain_with_a_malformed_import_record_is_refused(
    valid: dict[str, Any],
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    data = _forged(valid, _bad_import_record)
    one_line_error(_import(cli, data, tmp_path), "event 3 is not a well-formed import record")


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, cli: Callable[..., Any], one_line_error: Callable[..., str]
) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.write(b'{"format": "ctcap-bundle", "pad": "')
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    with pytest.raises(InputFileError, match="byte limit"):
        read_bundle(huge)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1024 * 1024  # nothing of the 50 MB was read
    one_line_error(cli("import", str(huge), db=tmp_path / "t.sqlite"), "byte limit")


def test_the_size_limit_is_exact(tmp_path: Path) -> None:
    at_limit, over = tmp_path / "at.json", tmp_path / "over.json"
    at_limit.write_bytes(b" " * (MAX_BUNDLE_BYTES - 2) + b"[]")
    over.write_bytes(b" " * (MAX_BUNDLE_BYTES - 1) + b"[]")
    with pytest.raises(InputFileError, match="not a ctcap bundle"):
        read_bundle(at_limit)  # read and parsed: within the limit
    with pytest.raises(InputFileError, match="byte limit"):
        read_bundle(over)


@pytest.mark.parametrize("target", ["a directory", "a missing file", "a FIFO"])
def test_something_that_is_not_a_file_is_refused(
    target: str, tmp_path: Path, cli: Callable[..., Any], one_line_error: Callable[..., str]
) -> None:
    path = tmp_path / "thing"
    if target == "a directory":
        path.mkdir()
    elif target == "a FIFO":
        os.mkfifo(path)  # opening it would block forever: refused before opening
    reason = "No such file" if target == "a missing file" else "not a regular file"
    one_line_error(cli("import", str(path), db=tmp_path / "t.sqlite"), reason)


def _database_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "real.sqlite"
    database = open_database(f"sqlite:///{path}")
    database.close()
    return path.read_bytes()


NOT_DATABASES: dict[str, Callable[[Path], bytes]] = {
    "a text file": lambda _: b"meeting notes\n" * 100,
    "random bytes": lambda _: os.urandom(8192),
    "a header then garbage": lambda t: _database_bytes(t)[:100] + b"\xff" * 8092,
    "a database cut short": lambda t: _database_bytes(t)[: len(_database_bytes(t)) // 2],
    "a database with a damaged schema page": lambda t: (
        _database_bytes(t)[:100] + b"\x00" * 3996 + _database_bytes(t)[4096:]
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_DATABASES))
@pytest.mark.parametrize("command", [("assessments", "list"), ("audit", "verify")])
def test_a_file_that_is_not_a_sound_database_is_refused_and_left_untouched(
    case: str,
    command: tuple[str, ...],
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    path = tmp_path / "suspect.sqlite"
    path.write_bytes(NOT_DATABASES[case](tmp_path))
    before = path.read_bytes()
    one_line_error(cli(*command, db=path), str(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("suspect")) == [
        "suspect.sqlite"
    ]


def test_a_directory_as_the_database_is_refused(
    tmp_path: Path, cli: Callable[..., Any], one_line_error: Callable[..., str]
) -> None:
    one_line_error(cli("assessments", "list", db=tmp_path), "is a directory")


def test_unknown_countries_checklists_items_and_levels_get_clear_errors(
    tmp_path: Path, cli: Callable[..., Any], one_line_error: Callable[..., str]
) -> None:
    db = tmp_path / "c.sqlite"
    new = ("assessments", "new", "--checklist", "minimal", "--country")
    one_line_error(cli(*new, "ABC", db=db), "unknown country 'ABC'")
    one_line_error(cli(*new, "QQQ", db=db), "user-assigned codes are for fictional")
    one_line_error(
        cli("assessments", "new", "--country", "KEN", "--checklist", "nope", db=db),
        "unknown checklist 'nope'",
    )
    aid = cli(*new, "KEN", db=db).out.strip()
    one_line_error(cli("assessments", "answer", aid, "nope", "3", db=db), "unknown item 'nope'")
    one_line_error(
        cli("assessments", "answer", aid, "sltd-reporting", "9", db=db), "level '9' is not on"
    )
    one_line_error(
        cli("assessments", "answer", aid, "sltd-reporting", "high", db=db), "level 'high'"
    )
    one_line_error(cli("assessments", "answer", "77", "sltd-reporting", "3", db=db), "77")
