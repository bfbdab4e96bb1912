"""Command-line text → evidence entries, confidence, treaty facts, marks and teams.

Every refusal is one line naming the option, which one of several (``--evidence 2``) and
the field: ``--evidence 2: type: unknown source type 'rumour' (legislation, …)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ctcap.errors import CtcapError

if TYPE_CHECKING:
    from ctcap.domain.evidence import Confidence, EvidenceEntry
    from ctcap.domain.method import TeamMember
    from ctcap.domain.treaty import TreatyFacts

CONFIDENCES = ("high", "medium", "low", "unknown")
ACTS = ("ratification", "acceptance", "approval", "accession", "succession")
MAX_EVIDENCE_FILE = 2 * 1024**3


def _file_sha256(text: str, where: str) -> str:
    path = Path(text)
    try:
        if not path.is_file():
            raise CtcapError(f"{where}: file: {text[:80]!r} is not a readable file")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise CtcapError(f"{where}: file: cannot read {text[:80]!r}: {exc.strerror}") from None
    return digest.hexdigest()


def evidence_entries(values: Sequence[str], option: str = "--evidence") -> list[EvidenceEntry]:
    """Each ``--evidence`` value as an entry (``domain.evidence_text``); ``file=PATH`` is
    replaced by the file's SHA-256."""
    from ctcap.domain.evidence_text import (
        EvidenceTextError,
        entry_from_fields,
        is_fields,
        parse_entry,
        split_fields,
    )

    today = dt.date.today()
    entries = []
    for n, value in enumerate(values, start=1):
        where = f"{option} {n}" if len(values) > 1 else option
        try:
            if is_fields(value):
                pairs = split_fields(value)
                pairs = [
                    ("sha256", _file_sha256(text, where)) if key == "file" else (key, text)
                    for key, text in pairs
                ]
                if sum(1 for key, _ in pairs if key == "sha256") > 1:
                    raise EvidenceTextError("sha256", "give sha256 or file, not both")
                entries.append(entry_from_fields(pairs, today))
            else:
                entries.append(parse_entry(value, today))
        except EvidenceTextError as exc:
            raise CtcapError(f"{where}: {exc}") from None
    return entries


def confidence(value: str | None) -> Confidence | None:
    """``--confidence``: high, medium or low; ``unknown`` clears it (None)."""
    from ctcap.domain.evidence import Confidence

    if value is None or value == "unknown":
        return None
    return Confidence(value)


def _date(text: str | None, option: str, today: dt.date) -> dt.date | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CtcapError(f"{option}: {text[:40]!r} is not a date (YYYY-MM-DD)") from None
    if day > today:
        raise CtcapError(f"{option}: {day.isoformat()} is in the future")
    return day


def treaty_facts(
    *,
    signed: str | None,
    deposited: str | None,
    act: str | None,
    in_force: str | None,
    reservations: Sequence[str],
    declarations: Sequence[str],
    denounced: str | None,
    implementation: int | None,
) -> TreatyFacts:
    """The facts the options give, checked (``domain.treaty.check_facts``) against today."""
    from pydantic import ValidationError

    from ctcap.domain.treaty import TreatyFacts, check_facts

    today = dt.date.today()
    options = {
        "signed": "--signed",
        "deposited": "--deposited",
        "act": "--act",
        "in_force": "--in-force",
        "denounced": "--denounced",
        "implementation": "--implementation",
        "reservations": "--reservation",
        "declarations": "--declaration",
    }
    try:
        facts = TreatyFacts(
            signed=_date(signed, "--signed", today),
            deposited=_date(deposited, "--deposited", today),
            act=act,
            in_force=_date(in_force, "--in-force", today),
            reservations=tuple(reservations),
            declarations=tuple(declarations),
            denounced=_date(denounced, "--denounced", today),
            implementation=implementation,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "facts"
        raise CtcapError(f"{options.get(field, field)}: {first['msg']}") from None
    problems = check_facts(facts, today)
    if problems:
        field, why = problems[0]
        raise CtcapError(f"{options[field]}: {field}: {why}")
    return facts


def team(values: Sequence[str]) -> list[TeamMember]:
    """Each ``--member NAME|ORGANISATION|ROLE``."""
    from ctcap.domain.method import parse_member

    members = []
    for n, value in enumerate(values, start=1):
        try:
            members.append(parse_member(value))
        except CtcapError as exc:
            where = f"--member {n}" if len(values) > 1 else "--member"
            raise CtcapError(f"{where}: {exc}") from None
    return members
