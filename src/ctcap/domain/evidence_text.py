"""Evidence entries as one line of text: what `--evidence` and the TUI's evidence editor take.

A line is either a plain reference (``sop-7``: of unknown type, undated, not graded, as
references were before entries were typed), or fields ``key=value`` separated by ``;``::

    type=legislation; date=2019-05-14; grade=B; ref=Penal Code s.12; link=https://…

Keys: ``type`` (legislation, official-document, interview, site-visit,
third-party-evaluation, open-source), ``date`` (YYYY, YYYY-MM or YYYY-MM-DD, not in the
future), ``grade`` (A-F), ``ref`` (required), ``link`` (http or https) and ``sha256``
(``file=PATH`` on the command line computes it). A line is read as fields when it starts
with one of these keys and ``=``; a ``;`` splits fields only where a known key follows,
so a reference may contain semicolons.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError

from ctcap.errors import CtcapError

from .evidence import EvidenceEntry, Grade, SourceType, check_partial_date

KEYS = ("type", "date", "grade", "ref", "link", "sha256", "file")
_KEY = "|".join(KEYS)
_STARTS = re.compile(rf"^\s*({_KEY})\s*=", re.IGNORECASE)
_SPLIT = re.compile(rf";\s*(?=(?:{_KEY})\s*=)", re.IGNORECASE)
TYPES = ", ".join(t.value for t in SourceType if t is not SourceType.UNKNOWN)


class EvidenceTextError(CtcapError):
    """A line that is not an evidence entry; ``field`` names the part that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def is_fields(text: str) -> bool:
    return bool(_STARTS.match(text))


def split_fields(text: str) -> list[tuple[str, str]]:
    """``key=value`` pairs in order (keys lower-cased); refuses unknown or repeated keys."""
    pairs: list[tuple[str, str]] = []
    for part in _SPLIT.split(text.strip()):
        key, equals, value = part.partition("=")
        key = key.strip().lower()
        if not equals or key not in KEYS:
            raise EvidenceTextError(key or "line", f"expected key=value with a key of {KEYS}")
        if any(key == seen for seen, _ in pairs):
            raise EvidenceTextError(key, "given twice")
        pairs.append((key, value.strip().rstrip(";").strip()))
    return pairs


def entry_from_fields(pairs: list[tuple[str, str]], today: date) -> EvidenceEntry:
    fields = dict(pairs)
    if "file" in fields:
        raise EvidenceTextError("file", "give the file's sha256 (the command line computes it)")
    if not fields.get("ref"):
        raise EvidenceTextError("ref", "every entry names what it is (ref=...)")
    kind = fields.get("type", SourceType.UNKNOWN.value).lower()
    try:
        source = SourceType(kind)
    except ValueError:
        raise EvidenceTextError("type", f"unknown source type {kind[:40]!r} ({TYPES})") from None
    when = fields.get("date") or None
    if when is not None and (why := check_partial_date(when, today)) is not None:
        raise EvidenceTextError("date", why)
    grade = fields.get("grade", "").upper() or None
    if grade is not None and grade not in Grade.__members__:
        raise EvidenceTextError("grade", f"unknown grade {grade[:10]!r} (A-F, Admiralty scale)")
    try:
        return EvidenceEntry(
            ref=fields["ref"],
            type=source,
            date=when,
            grade=Grade(grade) if grade else None,
            link=fields.get("link") or None,
            sha256=(fields.get("sha256") or "").lower() or None,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "line"
        raise EvidenceTextError(field, str(first["msg"]).removeprefix("Value error, ")) from None


def parse_entry(text: str, today: date) -> EvidenceEntry:
    """One line → an entry (see the module's docstring); ``EvidenceTextError`` when wrong."""
    if not is_fields(text):
        if not text.strip():
            raise EvidenceTextError("ref", "an empty reference")
        if len(text) > 2000:
            raise EvidenceTextError("ref", "over 2,000 characters")
        return EvidenceEntry(ref=text)  # as given: stored text stays exactly as entered
    return entry_from_fields(split_fields(text), today)


def entry_line(entry: EvidenceEntry) -> str:
    """The line ``parse_entry`` reads back as ``entry``: a plain reference when it can be."""
    plain = entry.type is SourceType.UNKNOWN and not (
        entry.date or entry.grade or entry.link or entry.sha256
    )
    if plain and not is_fields(entry.ref) and entry.ref == entry.ref.strip():
        return entry.ref
    parts = [f"type={entry.type.value}"]
    if entry.date:
        parts.append(f"date={entry.date}")
    if entry.grade:
        parts.append(f"grade={entry.grade.value}")
    parts.append(f"ref={entry.ref}")
    if entry.link:
        parts.append(f"link={entry.link}")
    if entry.sha256:
        parts.append(f"sha256={entry.sha256}")
    return "; ".join(parts)
