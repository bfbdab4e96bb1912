"""Graded evidence, an answer's confidence, and when a gap rests on weak ground.

Each evidence entry names what it is (``ref``), its **source type** (legislation,
official document, interview, site visit, third-party evaluation, open source; or
unknown, for references recorded before entries were typed), its date (as precise as
the source: 2019, 2019-05 or 2019-05-14; none when unknown), a **reliability grade**,
and optionally a link or the SHA-256 of a file.

The grade is the source-reliability half of the Admiralty (NATO STANAG 2511 /
AJP-2.1) system: A completely reliable, B usually reliable, C fairly reliable, D not
usually reliable, E unreliable, F reliability cannot be judged. It is the scale
ministries' analysts, police and intelligence services already use, and it has an
explicit grade for "cannot be judged" rather than forcing a guess; an entry nobody has
graded has no grade at all. The information-credibility half (1-6) is not recorded:
an answer's **confidence** (high, medium, low; unknown for answers recorded before
0008) is the assessor's judgement of the whole.

**Flags** (``answer_flags``): a gap rests on weak ground when its answer's confidence
is low, when it has no evidence, when any of its evidence is undated, or when all its
dated evidence is *stale*: older than ``stale_years`` (5 unless the database says
otherwise) before the round's as-of date. A partial date counts from its last day
(2019 is 2019-12-31), so only evidence that is certainly that old is called stale.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

DEFAULT_STALE_YEARS = 5
Day = date  # inside EvidenceEntry, ``date`` is a field's name
_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_LINK = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


class SourceType(StrEnum):
    LEGISLATION = "legislation"
    OFFICIAL_DOCUMENT = "official-document"
    INTERVIEW = "interview"
    SITE_VISIT = "site-visit"
    THIRD_PARTY_EVALUATION = "third-party-evaluation"
    OPEN_SOURCE = "open-source"
    UNKNOWN = "unknown"  # recorded before evidence was typed (migration 0008)

    @property
    def label(self) -> str:
        return "type unknown" if self is SourceType.UNKNOWN else self.value.replace("-", " ")


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return GRADE_LABELS[self]


GRADE_LABELS = {
    Grade.A: "completely reliable",
    Grade.B: "usually reliable",
    Grade.C: "fairly reliable",
    Grade.D: "not usually reliable",
    Grade.E: "unreliable",
    Grade.F: "reliability cannot be judged",
}


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Flag(StrEnum):
    LOW_CONFIDENCE = "low confidence"
    NO_EVIDENCE = "no evidence"
    UNDATED = "undated evidence"
    STALE = "stale evidence"


def check_partial_date(text: str, today: date | None = None) -> str | None:
    """None when ``text`` is YYYY, YYYY-MM or YYYY-MM-DD naming a real, past date; else why."""
    if not _PARTIAL.match(text):
        return f"{text[:40]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    parts = [int(part) for part in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return f"{text!r} is not a real date"
    if today is not None and first_day(text) > today:
        return f"{text} is in the future"
    return None


def first_day(text: str) -> date:
    parts = [int(part) for part in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(text: str) -> date:
    """The last day a partial date can mean: 2019-05 → 2019-05-31."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    month = parts[1] if len(parts) > 1 else 12
    return date(parts[0], month, calendar.monthrange(parts[0], month)[1])


Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class EvidenceEntry(BaseModel):
    """One piece of evidence, as answers, audit events and bundles record it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: Text = Field(description="What the evidence is: a title, a clause, a meeting.")
    type: SourceType = SourceType.UNKNOWN
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; None: undated.")
    grade: Grade | None = Field(None, description="Admiralty source reliability A-F.")
    link: str | None = Field(None, max_length=2000)
    sha256: str | None = None

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is not None and (why := check_partial_date(value)) is not None:
            raise ValueError(why)
        return value

    @field_validator("link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        if value is not None and not _LINK.match(value):
            raise ValueError("a link is an http or https URL without spaces")
        return value

    @field_validator("sha256")
    @classmethod
    def _sha256(cls, value: str | None) -> str | None:
        if value is not None and not _SHA256.match(value):
            raise ValueError("a SHA-256 is 64 lowercase hexadecimal digits")
        return value

    def as_json(self) -> dict[str, Any]:
        """Every field, in a fixed shape: how the answer, events and bundles store it."""
        return {
            "ref": self.ref,
            "type": self.type.value,
            "date": self.date,
            "grade": self.grade.value if self.grade is not None else None,
            "link": self.link,
            "sha256": self.sha256,
        }

    def describe(self, *, as_of: Day | None = None, stale_years: int | None = None) -> str:
        """One line for people: ``Penal Code s.12 (legislation, 2019-05-14, grade B …)``."""
        parts = [self.type.label, self.date or "undated"]
        if self.grade is not None:
            parts.append(f"grade {self.grade.value} ({self.grade.label})")
        else:
            parts.append("not graded")
        if as_of is not None and stale_years is not None and is_stale(self, as_of, stale_years):
            parts.append(f"stale: over {stale_years} years before {as_of.isoformat()}")
        if self.link:
            parts.append(self.link)
        if self.sha256:
            parts.append(f"sha256 {self.sha256}")
        return f"{self.ref} ({', '.join(parts)})"


def legacy_entry(text: str) -> EvidenceEntry:
    """A reference recorded as plain text before 0008: of unknown type, undated, not graded."""
    return EvidenceEntry(ref=text if text else "(empty reference)")


def entries_from_json(value: Iterable[Any]) -> tuple[EvidenceEntry, ...]:
    """Stored evidence (entries, or the plain strings of before 0008) as entries."""
    return tuple(
        legacy_entry(item) if isinstance(item, str) else EvidenceEntry.model_validate(item)
        for item in value
    )


def entries_json(entries: Iterable[EvidenceEntry]) -> list[dict[str, Any]]:
    return [entry.as_json() for entry in entries]


def is_stale(entry: EvidenceEntry, as_of: date, years: int) -> bool:
    """Certainly older than ``years`` before ``as_of`` (a partial date counts from its end)."""
    if entry.date is None:
        return False
    return last_day(entry.date) < years_before(as_of, years)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def answer_flags(
    confidence: Confidence | None,
    entries: Sequence[EvidenceEntry],
    as_of: date,
    stale_years: int = DEFAULT_STALE_YEARS,
) -> tuple[Flag, ...]:
    """Why an answer's level rests on weak ground (empty: it does not, as far as recorded)."""
    flags: list[Flag] = []
    if confidence is Confidence.LOW:
        flags.append(Flag.LOW_CONFIDENCE)
    if not entries:
        flags.append(Flag.NO_EVIDENCE)
        return tuple(flags)
    if any(entry.date is None for entry in entries):
        flags.append(Flag.UNDATED)
    dated = [entry for entry in entries if entry.date is not None]
    if dated and all(is_stale(entry, as_of, stale_years) for entry in dated):
        flags.append(Flag.STALE)
    return tuple(flags)
