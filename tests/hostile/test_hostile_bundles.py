"""Bundles are checked as history, not only as a checksum. Every case here rebuilds the
chain and the checksum (anyone can), and is let in past the signature check with
--allow-unsigned: the history rules alone must refuse it, in one line naming the rule,
with nothing stored. Export refuses what import would refuse, and an import conflict that
is still open travels with the bundle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Ran, one_line
from .forge import answer_state, event, forged, set_answer, write

A, B = "sltd-reporting", "sltd-screening"
NEW = ("assessments", "new", "--country", "KEN", "--checklist", "minimal", "--as-of", "2026-03-01")


@pytest.fixture
def source(cli: Callable[..., Ran], tmp_path: Path) -> Path:
    """The field's database: assessment 1 of KEN, both items answered (a draft)."""
    assert cli("keys", "new").code == 0
    db = tmp_path / "field.sqlite"
    cli(*NEW, db=db)
    cli("assessments", "answer", "1", A, "3", "--rationale", "weekly uploads", db=db)
    cli("assessments", "answer", "1", B, "2", db=db)
    return db


def _exported(cli: Callable[..., Ran], db: Path, tmp_path: Path, name: str = "b.json") -> Any:
    path = tmp_path / name
    ran = cli("export", "1", "-o", str(path), db=db)
    assert ran.code == 0, ran.err
    return json.loads(path.read_text(encoding="utf-8"))


def _refused(
    cli: Callable[..., Ran], document: dict[str, Any], tmp_path: Path, needle: str, target: Path
) -> str:
    """Refused in one line naming the rule, even with --allow-unsigned; nothing stored."""

    def stored() -> str:
        if not target.exists():
            return "[]"
        return cli("assessments", "list", "--json", db=target).out

    before = stored()
    path = write(document, tmp_path / "forged.json")
    line = one_line(cli("import", str(path), "--allow-unsigned", db=target), needle)
    assert stored() == before
    return line


def _finalized(content: dict[str, Any]) -> None:
    content["events"].append(event("finalize", None, {"status": "final"}, {"status": "draft"}))
    content["assessment"]["status"] = "final"
    content["assessment"]["finalized_at"] = "2026-03-02T10:00:00"


def _answer_after_finalize(content: dict[str, Any]) -> None:
    _finalized(content)
    set_answer(content, A, 5, "changed after sign-off")


def _reopen_in_draft(content: dict[str, Any]) -> None:
    content["events"].append(event("reopen", None, {"status": "draft", "reason": "x"}))


def _resolve_after_finalize(content: dict[str, Any]) -> None:
    _finalized(content)
    kept = {"kept": answer_state(3, "weekly uploads"), "kept_by": "ana"}
    content["events"].append(event("resolve", A, kept, {"theirs": {}, "theirs_by": "x"}))


def _kind(kind: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        content["events"][-1]["kind"] = kind

    return change


def _at(stamp: str) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        content["events"][-1]["at"] = stamp

    return change


def _cleared_unknown_item(content: dict[str, Any]) -> None:
    content["events"].append(event("answer", "no-such-item", {}, {}))


def _import_naming_unknown_item(content: dict[str, Any]) -> None:
    record = {"bundle_head": "0" * 64, "applied": ["ghost-item"], "conflicts": []}
    content["events"].append(event("import", None, record))


def _conflict_naming_unknown_item(content: dict[str, Any]) -> None:
    conflict = {"item": "ghost-item", "theirs": answer_state(2), "by": "x"}
    record = {"bundle_head": "0" * 64, "applied": [], "conflicts": [conflict]}
    content["events"].append(event("import", None, record))


def _carry_forward_unknown_item(content: dict[str, Any]) -> None:
    after = {"from": "0" * 32, "carried": ["ghost-item"], "rescore": [], "added": []}
    content["events"].append(event("carry-forward", None, after))


def _second_create(content: dict[str, Any]) -> None:
    content["events"].append(event("create", None, dict(content["events"][0]["after"])))


def _first_not_create(content: dict[str, Any]) -> None:
    content["events"][0]["kind"] = "finalize"


def _level_off_scale_midway(content: dict[str, Any]) -> None:
    set_answer(content, A, 3, "weekly uploads")  # the same answer again: a new version
    content["events"][-1]["after"]["response"] = 9
    content["events"][-1]["before"] = answer_state(3, "weekly uploads")
    set_answer(content, A, 3, "weekly uploads")
    content["events"][-1]["before"] = answer_state(9, "weekly uploads")


def _answer_shape(content: dict[str, Any]) -> None:
    set_answer(content, A, 4)
    content["events"][-1]["after"]["script"] = "<x>"


def _item_on_finalize(content: dict[str, Any]) -> None:
    _finalized(content)
    content["events"][-1]["item"] = A


def _country(code: str, name: str, fictional: bool) -> Callable[[dict[str, Any]], None]:
    def change(content: dict[str, Any]) -> None:
        content["country"] = {"code": code, "name": name, "fictional": fictional}
        content["events"][0]["after"]["country"] = code

    return change


def _unknown_origin(content: dict[str, Any]) -> None:
    content["events"][0]["after"]["origin"] = "'; DROP TABLE answers; --"


HISTORY: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "an answer after finalize, no reopen between": (
        _answer_after_finalize,
        "after the assessment was finalized, with no reopen between",
    ),
    "a resolve after finalize": (_resolve_after_finalize, "after the assessment was finalized"),
    "a reopen of a draft": (_reopen_in_draft, "reopens an assessment that is not final"),
    "an unknown event kind": (_kind("grant-admin"), "unknown event kind"),
    "an event kind in capitals": (_kind("ANSWER"), "unknown event kind"),
    "a time in words": (_at("yesterday"), "malformed time 'yesterday'"),
    "month 13": (_at("2026-13-01T00:00:00.000000Z"), "malformed time"),
    "a time without microseconds": (_at("2026-03-01T00:00:00Z"), "malformed time"),
    "a time with an offset": (_at("2026-03-01T00:00:00.000000+09:00"), "malformed time"),
    "a time with a space": (_at("2026-03-01 00:00:00.000000Z"), "malformed time"),
    "an answer to an item not in the snapshot": (
        _cleared_unknown_item,
        "item 'no-such-item' is not in the bundle's checklist minimal 1.1",
    ),
    "an import applying an unknown item": (_import_naming_unknown_item, "'ghost-item' is not"),
    "a conflict on an unknown item": (_conflict_naming_unknown_item, "'ghost-item' is not"),
    "a carry-forward of an unknown item": (_carry_forward_unknown_item, "'ghost-item' is not"),
    "a second create": (_second_create, "one create event"),
    "a first event that is not create": (_first_not_create, "one create event"),
    "a level off the scale in the middle": (_level_off_scale_midway, "'9' is not a level"),
    "an answer with an extra field": (_answer_shape, "not an answer as ctcap records one"),
    "an item on a finalize event": (_item_on_finalize, "names an item it cannot have"),
    "a real country renamed": (
        _country("KEN", "Republic of Atlantis", False),
        "'Republic of Atlantis' is not the ISO 3166-1 name of KEN ('Kenya')",
    ),
    "a real country marked fictional": (
        _country("KEN", "Kenya", True),
        "KEN is a real country (Kenya); only ISO user-assigned codes",
    ),
    "a user-assigned code not marked fictional": (
        _country("XZQ", "Zandia", False),
        "XZQ is an ISO user-assigned code: it must be marked fictional",
    ),
    "a code that is not ISO": (_country("ABC", "Abcland", True), "unknown country 'ABC'"),
    "an origin that is neither self nor external": (_unknown_origin, "match its audit trail"),
}


@pytest.mark.parametrize("case", sorted(HISTORY))
def test_a_rechained_resealed_bundle_that_breaks_a_history_rule_is_refused(
    case: str, source: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    change, needle = HISTORY[case]
    document = forged(_exported(cli, source, tmp_path), change)
    target = tmp_path / "hq.sqlite"
    _refused(cli, document, tmp_path, needle, target)


def test_the_same_forgery_without_the_broken_rule_imports(
    source: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    """The cases above are refused for their rule: a forgery that keeps the rules is let
    in by --allow-unsigned (and recorded as unsigned), so each rule is doing the work."""
    document = forged(_exported(cli, source, tmp_path), lambda c: set_answer(c, A, 4, "ok"))
    path = write(document, tmp_path / "fine.json")
    ran = cli("import", str(path), "--allow-unsigned", db=tmp_path / "hq.sqlite")
    assert ran.code == 0, ran.err
    assert "UNSIGNED, let in by --allow-unsigned" in ran.out


def test_a_bundle_whose_uid_is_here_with_another_root_is_refused(
    source: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq = tmp_path / "hq.sqlite"
    original = _exported(cli, source, tmp_path)
    assert cli("import", str(write(original, tmp_path / "o.json")), db=hq).code == 0
    before = cli("assessments", "show", "1", "--json", db=hq).out

    def another_root(content: dict[str, Any]) -> None:
        content["events"][0]["at"] = "2026-01-01T00:00:00.000000Z"  # another create event

    document = forged(original, another_root)
    _refused(cli, document, tmp_path, "another create event", hq)
    assert cli("assessments", "show", "1", "--json", db=hq).out == before


def test_a_snapshot_with_a_stored_id_and_version_but_other_content_is_refused(
    source: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    import hashlib

    from ctcap.storage.bundles.format import canonical

    hq = tmp_path / "hq.sqlite"
    cli(*NEW, db=hq)  # minimal 1.1 is stored at HQ, as bundled

    def reworded(content: dict[str, Any]) -> None:
        snapshot = content["checklist"]["snapshot"]
        snapshot["areas"][0]["items"][0]["title"] = "Reporting passports (quietly reworded)"
        content["checklist"]["content_hash"] = hashlib.sha256(canonical(snapshot)).hexdigest()

    document = forged(_exported(cli, source, tmp_path), reworded)
    _refused(cli, document, tmp_path, "checklist minimal 1.1 is stored here with other", hq)


def test_a_fictional_country_named_otherwise_here_is_refused(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    assert cli("keys", "new").code == 0
    field, hq = tmp_path / "field.sqlite", tmp_path / "hq.sqlite"
    assert cli("demo", db=hq).code == 0  # XAA is a fictional country of the demo at HQ
    name = next(
        c["country_name"]
        for c in json.loads(cli("assessments", "list", "--json", db=hq).out)
        if c["country"] == "XAA"
    )
    assert cli("demo", db=field).code == 0
    document = _exported(cli, field, tmp_path)

    def renamed(content: dict[str, Any]) -> None:
        content["country"]["name"] = f"Not {name}"

    _refused(cli, forged(document, renamed), tmp_path, "the fictional country XAA is", hq)


def test_export_refuses_what_import_would_refuse_and_writes_nothing(
    cli: Callable[..., Ran], tmp_path: Path, db: Path
) -> None:
    assert cli("keys", "new").code == 0
    cli(*NEW, db=db)
    huge = "r" * (4 * 1024 * 1024 + 100)
    assert cli("assessments", "answer", "1", A, "3", "--rationale", huge, db=db).code == 0
    out = tmp_path / "big.json"
    line = one_line(cli("export", "1", "-o", str(out), db=db), "not exported: an import would")
    assert "byte limit" in line
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
    cli("assessments", "answer", "1", A, "3", "--rationale", "short again", db=db)
    assert cli("export", "1", "-o", str(out), db=db).code == 1  # the history still holds it


def test_an_open_conflict_travels_and_stays_open_on_the_other_side(
    source: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq, field = tmp_path / "hq.sqlite", source
    assert cli("import", str(write(_exported(cli, field, tmp_path), tmp_path / "0.json")),
               db=hq).code == 0  # fmt: skip
    cli("assessments", "answer", "1", A, "1", "--assessor", "fred", db=field)
    cli("assessments", "answer", "1", A, "5", "--assessor", "hana", db=hq)
    up = write(_exported(cli, field, tmp_path, "up.json"), tmp_path / "up.json")
    assert cli("import", str(up), db=hq).code == 1  # a conflict at HQ: HQ keeps 5
    down = write(_exported(cli, hq, tmp_path, "down.json"), tmp_path / "down.json")
    came = cli("import", str(down), db=field)
    assert came.code == 1 and "this database has 1 " in came.err  # open here too
    shown = json.loads(cli("assessments", "show", "1", "--json", db=field).out)
    assert next(a for a in shown["answers"] if a["item"] == A)["level"] == 1  # not replaced
    listed = cli("conflicts", "list", "1", db=field)
    assert listed.code == 1 and "the bundle has 5 " in listed.out

    assert cli("conflicts", "keep", "1", A, db=hq).code == 0  # HQ decides for its 5
    decided = write(_exported(cli, hq, tmp_path, "d.json"), tmp_path / "d.json")
    assert cli("import", str(decided), db=field).code == 0
    shown = json.loads(cli("assessments", "show", "1", "--json", db=field).out)
    assert next(a for a in shown["answers"] if a["item"] == A)["level"] == 5
    assert cli("conflicts", "list", "1", db=field).code == 0
    for db in (field, hq):
        assert cli("audit", "verify", db=db).code == 0
