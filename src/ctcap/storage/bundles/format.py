"""The bundle file format: reading with every check, and writing owner-only.

A bundle is ``{"format": "ctcap-bundle", "format_version": 2, "about": ...,
"sha256": HEX, "content": {...}}``. ``sha256`` covers the canonical JSON (sorted
keys, no spaces, UTF-8) of ``content``: the country, the checklist snapshot and its
content hash, the assessment (by ``uid``), every answer with its version, and the
whole audit chain. Version 2 (migration 0008) adds the round's type, team and
handling marks, and each answer's evidence entries, confidence, treaty facts and
mark; version 1 bundles (plain-text evidence, none of those) are still read.
Version 3 is version 2 with the country's projects that link the checklist's items
(``project_format``); a bundle without projects is written as version 2.
Reading refuses, with one line each, anything that is not such a file: over
``MAX_BUNDLE_BYTES`` (checked before reading), binary, not UTF-8, not JSON, too deep
or too wide, duplicate keys, wrong types, a checksum mismatch, a broken chain, or
answers that differ from their chain. The checksum and the chain make damage and
edits evident; they are not a signature, since whoever can write the file can
recompute both.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticError

from ctcap.domain.model import Checklist, canonical_json
from ctcap.domain.validation import check_checklist, check_scale
from ctcap.errors import InputFileError, Problem

from ..answer_codec import normal_state
from ..audit import chain_hash as link
from .project_format import ProjectPart

FORMAT, FORMAT_VERSION = "ctcap-bundle", 2
PROJECTS_VERSION = 3  # written when the bundle carries projects (``project_format``)
READABLE_VERSIONS = (1, 2, 3)
MAX_BUNDLE_BYTES = 8 * 1024 * 1024
MAX_CONTAINERS = 200_000  # JSON objects and arrays: bounds the memory parsing takes
ABOUT = (
    "One ctcap assessment for offline work: import it with `ctcap import FILE`. "
    "sha256 is over the canonical JSON of content (sorted keys, no spaces, UTF-8)."
)


def _naive_datetime(text: str) -> str:
    if datetime.fromisoformat(text).tzinfo is not None:
        raise ValueError("must be a UTC time without an offset, as exported")
    return text


def _day(text: str) -> str:
    date.fromisoformat(text)
    return text


Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Uid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Stamp = Annotated[str, StringConstraints(max_length=40), AfterValidator(_naive_datetime)]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_day)]
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Name = Annotated[str, StringConstraints(max_length=200)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Response = int | Literal["na", "unknown"] | None
KeyId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Signer = Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{32}|unsigned)$")]
Mark = Annotated[str, StringConstraints(min_length=1, max_length=40)]
AssessmentKind = Literal[
    "self-assessment", "desk-review", "on-site-visit", "joint-external", "unknown"
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CountryPart(_Part):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    fictional: bool


class ChecklistPart(_Part):
    id: ItemId
    version: Short
    content_hash: Hex64
    snapshot: dict[str, Any]


class TeamPart(_Part):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    organisation: Name
    role: Name


class AssessmentPart(_Part):
    uid: Uid
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    as_of: Day
    assessor: Name
    status: Literal["draft", "final"]
    synthetic: bool
    based_on_uid: Uid | None
    created_at: Stamp
    updated_at: Stamp
    finalized_at: Stamp | None
    # Format version 2; a version 1 bundle has none (its round takes the default mark).
    assessment_type: AssessmentKind = "unknown"
    team: list[TeamPart] = []
    mark: Mark | None = None
    names_mark: Mark | None = None


class AnswerPart(_Part):
    item: ItemId
    response: Response
    rationale: str
    # Entries (checked as answer states are, in ``history``); plain text in version 1.
    evidence: list[str | dict[str, Any]]
    assessor: Name
    updated_at: Stamp
    version: Annotated[int, Field(ge=0)]
    needs_rescore: bool
    confidence: Literal["high", "medium", "low"] | None = None
    facts: dict[str, Any] | None = None
    mark: Mark | None = None

    def state(self) -> dict[str, Any]:
        """As today's answer events record it (version 1's text evidence as entries)."""
        return settled(
            {
                "response": self.response,
                "rationale": self.rationale,
                "evidence": self.evidence,
                "confidence": self.confidence,
                "facts": self.facts,
                "mark": self.mark,
            }
        )


class EventPart(_Part):
    seq: Annotated[int, Field(ge=1)]
    kind: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    item: ItemId | None
    actor: Name
    at: Short
    before: dict[str, Any]
    after: dict[str, Any]
    prev_hash: Hex64
    hash: Hex64
    # The key that vouches for this event (signed bundles): not in the chain hash, in the
    # signed content. "unsigned": it came here in a bundle accepted with --allow-unsigned.
    signer: Signer | None = None


class SignaturePart(_Part):
    algorithm: Literal["ed25519"]
    key: KeyId
    value: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")]


class ConflictRecord(BaseModel):
    model_config = ConfigDict(strict=True)
    item: ItemId
    theirs: dict[str, Any]
    by: str


class ImportRecord(BaseModel):
    """What an ``import`` event records; later imports read it, so it must be well-formed."""

    model_config = ConfigDict(strict=True)  # other keys (the bundle's events) are free
    bundle_head: Hex64
    applied: list[ItemId]
    conflicts: list[ConflictRecord]


class BundleContent(_Part):
    exported_at: Stamp
    country: CountryPart
    checklist: ChecklistPart
    assessment: AssessmentPart
    answers: list[AnswerPart]
    events: Annotated[list[EventPart], Field(min_length=1)]
    projects: list[ProjectPart] = []  # format version 3


@dataclass(frozen=True)
class Bundle:
    """A bundle that passed every check: safe to import."""

    name: str
    sha256: str
    content: BundleContent
    checklist: Checklist
    signature: SignaturePart | None = None  # checked against trusted keys at import


def refuse(name: str, message: str, path: str = "") -> InputFileError:
    return InputFileError([Problem(name, None, None, path, message)])


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def settled(state: Any) -> dict[str, Any]:
    """A cleared answer is the same as no answer; either format, as today's (``audit``)."""
    return normal_state(state)


# Reading ---------------------------------------------------------------------------------


def read_bundle(path: Path) -> Bundle:
    """Read and check a bundle file, reading at most ``MAX_BUNDLE_BYTES`` + 1 bytes."""
    return parse_bundle(read_bounded(path, "bundle", MAX_BUNDLE_BYTES), str(path))


def read_bounded(path: Path, what: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (the size checked first)."""
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise refuse(name, "not a regular file")
        if info.st_size > limit:
            raise refuse(name, f"{info.st_size} bytes is over the {limit}-byte limit")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise refuse(name, f"cannot read the {what}: {exc.strerror}") from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key[:40]!r}")
        result[key] = value
    return result


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a JSON number")


def loads_bounded(
    data: bytes, name: str, what: str = "bundle", limit: int = MAX_BUNDLE_BYTES
) -> Any:
    """Strict JSON from untrusted bytes: bounded, UTF-8, no duplicate keys, no NaN."""
    if len(data) > limit:
        raise refuse(name, f"over the {limit}-byte limit for a {what}")
    if b"\x00" in data:
        raise refuse(name, f"binary data, not a JSON {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(name, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    if data.count(b"[") + data.count(b"{") > MAX_CONTAINERS:
        raise refuse(name, f"more than {MAX_CONTAINERS} nested values: not a {what}")
    try:
        return json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise refuse(name, f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise refuse(name, f"nested too deeply: not a {what}") from None
    except ValueError as exc:  # duplicate keys, NaN, integers of thousands of digits
        raise refuse(name, f"not valid JSON: {str(exc).splitlines()[0][:120]}") from None


def _plain_text(value: Any, name: str) -> None:
    """Every string is storable text: no NUL (PostgreSQL refuses it), no lone surrogate."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                raise refuse(name, "text with an unpaired surrogate (\\ud800-\\udfff)") from None
            if "\x00" in node:
                raise refuse(name, "text with a NUL character")


def parse_bundle(data: bytes, name: str) -> Bundle:
    raw = loads_bounded(data, name)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise refuse(name, f'not a ctcap bundle (no "format": "{FORMAT}")')
    version = raw.get("format_version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        readable = " or ".join(str(v) for v in READABLE_VERSIONS)
        raise refuse(
            name, f"bundle format version {version!r} is not one this ctcap reads ({readable})"
        )
    _plain_text(raw, name)
    known = {"format", "format_version", "about", "sha256", "content", "signature"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise refuse(name, f"unknown field {unknown[0][:40]!r}")
    digest = hashlib.sha256(canonical(raw.get("content"))).hexdigest()
    if raw.get("sha256") != digest:
        raise refuse(name, "checksum mismatch: the bundle was altered or damaged; refused")
    try:
        content = BundleContent.model_validate(raw["content"])
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in ("content", *first["loc"]))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise refuse(name, f"{first['msg']}{more}", where) from None
    from .history import check_history  # it reads this module's parts

    signature = _signature(raw.get("signature"), content, name)
    checklist = _snapshot(content.checklist, name)
    _check_answers(content, checklist, name)
    check_history(content, checklist, name)
    from .project_format import check_projects

    check_projects(content, version, name)
    return Bundle(name, digest, content, checklist, signature)


def _signature(value: Any, content: BundleContent, name: str) -> SignaturePart | None:
    if value is None:
        return None
    try:
        signature = SignaturePart.model_validate(value)
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in ("signature", *first["loc"]))
        raise refuse(name, f"not a signature: {first['msg']}", where) from None
    for n, event in enumerate(content.events):
        if event.signer is None:
            raise refuse(name, "a signed bundle names each event's signer", f"content.events.{n}")
    return signature


def _snapshot(part: ChecklistPart, name: str) -> Checklist:
    text = canonical(part.snapshot).decode()
    where = "content.checklist.snapshot"
    if hashlib.sha256(text.encode()).hexdigest() != part.content_hash:
        raise refuse(name, "does not match the checklist's content hash", where)
    try:
        checklist = Checklist.model_validate_json(text)
    except PydanticError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise refuse(name, f"not a valid checklist: {path}: {first['msg']}", where) from None
    if canonical_json(checklist) != text or (checklist.id, checklist.version) != (
        part.id,
        part.version,
    ):
        raise refuse(name, "not a checklist snapshot as ctcap stores them", where)
    findings = check_scale(checklist.scale) + check_checklist(part.snapshot, checklist.scale)
    if findings:
        raise refuse(name, f"not a valid checklist: {findings[0][1]}", where)
    return checklist


def _check_answers(content: BundleContent, checklist: Checklist, name: str) -> None:
    items = {item.id for item in checklist.items()}
    seen: set[str] = set()
    for n, answer in enumerate(content.answers):
        where = f"content.answers.{n}"
        if answer.item not in items or answer.item in seen:
            problem = "answered twice" if answer.item in seen else "unknown item"
            raise refuse(name, f"{problem} {answer.item!r} in checklist {checklist.id!r}", where)
        seen.add(answer.item)
        if isinstance(answer.response, int) and answer.response not in checklist.scale.values:
            allowed = ", ".join(str(v) for v in checklist.scale.values)
            raise refuse(name, f"level {answer.response} is not on the scale ({allowed})", where)


def chain_hash(uid: str, prev_hash: str, event: EventPart) -> str:
    before, after = canonical(event.before).decode(), canonical(event.after).decode()
    return link(
        prev_hash, uid, event.seq, event.kind, event.item, event.actor, event.at, before, after
    )


# Writing ---------------------------------------------------------------------------------


def bundle_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()


def write_bundle(document: dict[str, Any], path: Path) -> Path:
    """Write atomically (a new file, fsynced, renamed over ``path``), owner-only (0600);
    never into a device, a FIFO or through a link (``ctcap.outfile``)."""
    from ctcap.outfile import write_file

    return write_file(path, bundle_bytes(document), what="the bundle")
