"""Bundles are signed: a bundle is taken only when a key this database trusts signed it
(or with --allow-unsigned, which the log and `assessments show` say). Forgers can rebuild
the chain and the checksum and sign with their own key; none of it gets in."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcap.storage.bundles.signing import KEY_FILE, load_key, new_key

from .conftest import Ran, assert_inert, one_line
from .forge import b64, forged, set_answer, write

A, B = "sltd-reporting", "sltd-screening"
NEW = ("assessments", "new", "--country", "KEN", "--checklist", "minimal", "--as-of", "2026-03-01")


class People:
    """Two users on one machine: the field assessor and headquarters, each with a key."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp, self.monkeypatch = tmp_path, monkeypatch
        self.dirs = {who: tmp_path / f"{who}-keys" for who in ("field", "hq", "mallory")}
        for directory in self.dirs.values():
            new_key(directory)

    def be(self, who: str) -> None:
        self.monkeypatch.setenv("CTCAP_KEYS_DIR", str(self.dirs[who]))

    def key(self, who: str) -> Any:
        return load_key(self.dirs[who])

    def public(self, who: str) -> Path:
        path = self.tmp / f"{who}.pub"
        path.write_text(self.key(who).public_line(who))
        return path


@pytest.fixture
def people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> People:
    return People(tmp_path, monkeypatch)


@pytest.fixture
def field_bundle(people: People, cli: Callable[..., Ran], tmp_path: Path) -> Iterator[Path]:
    """The field's signed bundle of assessment 1 (two answers), as `ctcap export` wrote it."""
    people.be("field")
    db = tmp_path / "field.sqlite"
    cli(*NEW, db=db)
    cli("assessments", "answer", "1", A, "3", "--rationale", "weekly uploads", db=db)
    cli("assessments", "answer", "1", B, "2", db=db)
    path = tmp_path / "field.json"
    assert cli("export", "1", "-o", str(path), db=db).code == 0
    people.be("hq")
    yield path


def _hq_trusting_field(people: People, cli: Callable[..., Ran], tmp_path: Path) -> Path:
    hq = tmp_path / "hq.sqlite"
    ran = cli("keys", "trust", str(people.public("field")), "--name", "Nairobi field team", db=hq)
    assert ran.code == 0, ran.err
    return hq


def test_keys_new_makes_an_owner_only_key_and_never_replaces_it(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    made = cli("keys", "new")
    assert made.code == 0, made.err
    path = tmp_path / "keys" / KEY_FILE
    before = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    one_line(cli("keys", "new"), "never replaces one")
    assert path.read_bytes() == before
    public = cli("keys", "export", "--comment", "ana").out
    assert public.startswith("ctcap-ed25519 ") and public.rstrip().endswith(" ana")
    path.chmod(0o644)
    one_line(cli("keys", "export"), "can be read by others")


def test_an_unsigned_bundle_is_refused_unless_allowed_and_that_is_recorded(
    people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq = tmp_path / "hq.sqlite"
    unsigned = write(forged(json.loads(field_bundle.read_text()), lambda c: None), tmp_path / "u")
    one_line(cli("import", str(unsigned), db=hq), "unsigned bundle: refused")
    assert json.loads(cli("assessments", "list", "--json", db=hq).out) == []
    taken = cli("import", str(unsigned), "--allow-unsigned", db=hq)
    assert taken.code == 0 and "UNSIGNED, let in by --allow-unsigned" in taken.out
    assert "UNSIGNED, let in by --allow-unsigned" in cli("assessments", "show", "1", db=hq).out
    (logged,) = json.loads(cli("assessments", "show", "1", "--json", db=hq).out)["imports"]
    assert (logged["signature"], logged["signer_key"]) == ("unsigned", None)


def test_an_unknown_signer_is_refused_until_trusted_then_named_in_the_log(
    people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq = tmp_path / "hq.sqlite"
    field_id = people.key("field").key_id
    one_line(cli("import", str(field_bundle), db=hq), f"signed by key {field_id}, which this")
    name = "Nairobi \x1b]0;field\x07 team"
    assert cli("keys", "trust", str(people.public("field")), "--name", name, db=hq).code == 0
    listed = cli("keys", "list", db=hq)
    assert field_id in listed.out and people.key("hq").key_id in listed.out
    assert_inert(listed.out)
    taken = cli("import", str(field_bundle), db=hq)
    assert taken.code == 0 and f"(key {field_id})" in taken.out
    assert_inert(taken.out)
    (logged,) = json.loads(cli("assessments", "show", "1", "--json", db=hq).out)["imports"]
    assert (logged["signature"], logged["signer_key"], logged["signer_name"]) == (
        "verified", field_id, name,
    )  # fmt: skip
    assert cli("keys", "untrust", field_id, db=hq).code == 0
    update = forged(  # the field's next bundle, as its own export would sign it
        json.loads(field_bundle.read_text()),
        lambda c: set_answer(c, A, 4, "more uploads"),
        key=people.key("field"),
    )
    path = write(update, tmp_path / "update.json")
    one_line(cli("import", str(path), db=hq), "which this database does not trust")


def _forged_with(people: People, field_bundle: Path, how: str) -> dict[str, Any]:
    document = json.loads(field_bundle.read_text())
    mallory, field = people.key("mallory"), people.key("field")

    def raise_to_5(content: dict[str, Any]) -> None:
        set_answer(content, A, 5, "all fine")

    if how == "changed, old signature kept":
        return forged(document, raise_to_5, keep_signature=True)
    if how == "re-signed by another key claiming the field's":
        return forged(document, raise_to_5, key=mallory, claim=field.key_id)
    if how == "re-signed by another key under its own name":
        return forged(document, raise_to_5, key=mallory)
    if how == "signature stripped":
        return forged(document, raise_to_5)
    if how == "an event's signer renamed, old signature kept":

        def rename(content: dict[str, Any]) -> None:
            content["events"][0]["signer"] = mallory.key_id

        return forged(document, rename, keep_signature=True)
    if how == "the signature of another bundle":
        other = forged(document, raise_to_5, key=field)  # as if the field had signed that
        kept = forged(document, lambda c: set_answer(c, A, 1, "no"), keep_signature=True)
        kept["signature"] = other["signature"]
        return kept
    raise AssertionError(how)


FORGERIES: dict[str, str] = {
    "changed, old signature kept": "does not match the content",
    "re-signed by another key claiming the field's": "does not match the content",
    "re-signed by another key under its own name": "which this database does not trust",
    "signature stripped": "unsigned bundle: refused",
    "an event's signer renamed, old signature kept": "does not match the content",
    "the signature of another bundle": "does not match the content",
}


@pytest.mark.parametrize("how", sorted(FORGERIES))
def test_a_forged_bundle_is_refused_though_its_chain_and_checksum_are_rebuilt(
    how: str, people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq = _hq_trusting_field(people, cli, tmp_path)
    path = write(_forged_with(people, field_bundle, how), tmp_path / "forged.json")
    one_line(cli("import", str(path), db=hq), FORGERIES[how])
    assert json.loads(cli("assessments", "list", "--json", db=hq).out) == []
    if "does not match" in FORGERIES[how]:  # a broken signature is never let in
        one_line(cli("import", str(path), "--allow-unsigned", db=hq), "does not match")
        assert json.loads(cli("assessments", "list", "--json", db=hq).out) == []


SIGNATURE_FIELDS: dict[str, tuple[Any, str]] = {
    "another algorithm": ({"algorithm": "rsa-pss"}, "signature.algorithm"),
    "a key id that is not hex": ({"key": "../../etc/passwd"}, "signature.key"),
    "a value that is not base64": ({"value": "!" * 88}, "signature.value"),
    "a value of the wrong length": ({"value": b64(b"x" * 32)}, "signature.value"),
    "an extra field": ({"comment": "trust me"}, "signature.comment"),
}


@pytest.mark.parametrize("case", sorted(SIGNATURE_FIELDS))
def test_a_malformed_signature_is_one_line(
    case: str, people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    document = json.loads(field_bundle.read_text())
    change, needle = SIGNATURE_FIELDS[case]
    document["signature"].update(change)
    path = write(document, tmp_path / "bad.json")
    one_line(cli("import", str(path), "--allow-unsigned", db=tmp_path / "hq.sqlite"), needle)


def test_a_signed_bundle_names_each_events_signer_and_relays_keep_them(
    people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    field_id, hq_id = people.key("field").key_id, people.key("hq").key_id
    document = json.loads(field_bundle.read_text())
    assert {e["signer"] for e in document["content"]["events"]} == {field_id}

    def unsigned_signer(content: dict[str, Any]) -> None:
        del content["events"][0]["signer"]

    missing = forged(document, unsigned_signer, key=people.key("field"))
    path = write(missing, tmp_path / "missing.json")
    one_line(cli("import", str(path), db=tmp_path / "x.sqlite"), "names each event's signer")

    hq = _hq_trusting_field(people, cli, tmp_path)
    assert cli("import", str(field_bundle), db=hq).code == 0
    cli("assessments", "answer", "1", A, "4", "--assessor", "hana", db=hq)
    relayed = tmp_path / "relayed.json"
    assert cli("export", "1", "-o", str(relayed), db=hq).code == 0
    events = json.loads(relayed.read_text())["content"]["events"]
    assert [e["signer"] for e in events] == [field_id] * (len(events) - 1) + [hq_id]
    assert json.loads(relayed.read_text())["signature"]["key"] == hq_id

    people.be("field")  # the field trusts HQ, and gets its own events back named as its own
    field_db = tmp_path / "field2.sqlite"
    cli("keys", "trust", str(people.public("hq")), "--name", "HQ", db=field_db)
    assert cli("import", str(relayed), db=field_db).code == 0


def test_events_let_in_unsigned_are_named_unsigned_when_relayed(
    people: People, field_bundle: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    hq = tmp_path / "hq.sqlite"
    unsigned = write(forged(json.loads(field_bundle.read_text()), lambda c: None), tmp_path / "u")
    assert cli("import", str(unsigned), "--allow-unsigned", db=hq).code == 0
    relayed = tmp_path / "relayed.json"
    assert cli("export", "1", "-o", str(relayed), db=hq).code == 0
    events = json.loads(relayed.read_text())["content"]["events"]
    assert {e["signer"] for e in events} == {"unsigned"}  # HQ does not vouch for them


PUBLIC_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "an empty file": (lambda p: p.write_bytes(b""), "not a ctcap public key"),
    "an ssh key": (lambda p: p.write_text("ssh-ed25519 " + b64(b"k" * 32)), "not a ctcap"),
    "not base64": (lambda p: p.write_text("ctcap-ed25519 !!!!"), "not base64"),
    "31 bytes": (lambda p: p.write_text("ctcap-ed25519 " + b64(b"k" * 31)), "is 31 bytes"),
    "33 bytes": (lambda p: p.write_text("ctcap-ed25519 " + b64(b"k" * 33)), "is 33 bytes"),
    "two keys": (
        lambda p: p.write_text(("ctcap-ed25519 " + b64(b"k" * 32) + "\n") * 2),
        "not a ctcap public key",
    ),
    "a huge file": (lambda p: p.write_bytes(b"ctcap-ed25519 " + b"A" * 100_000), "byte"),
    "binary": (lambda p: p.write_bytes(bytes(range(256))), "not UTF-8"),
    "a private key by mistake": (
        lambda p: p.write_bytes(b"-----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY-----"),
        "not a ctcap public key",
    ),
    "a directory": (os.mkdir, "not a regular file"),
    "a FIFO": (os.mkfifo, "not a regular file"),
    "escape sequences": (lambda p: p.write_text("\x1b]0;x\x07 " + b64(b"k" * 32)), "not a ctcap"),
}


@pytest.mark.parametrize("case", sorted(PUBLIC_FILES))
def test_a_bad_public_key_file_is_one_line_and_trusts_nothing(
    case: str, cli: Callable[..., Ran], tmp_path: Path, db: Path
) -> None:
    make, needle = PUBLIC_FILES[case]
    path = tmp_path / "key.pub"
    make(path)
    one_line(cli("keys", "trust", str(path), "--name", "x", db=db), needle)
    assert "(your own" not in cli("keys", "list", db=db).out
    assert len(cli("keys", "list", db=db).out.strip().splitlines()) == 2  # headers only


def test_export_without_a_key_is_refused_before_anything_is_written(
    cli: Callable[..., Ran], tmp_path: Path, db: Path
) -> None:
    cli(*NEW, db=db)
    one_line(cli("export", "1", "-o", str(tmp_path / "b.json"), db=db), "ctcap keys new")
    assert not (tmp_path / "b.json").exists()
