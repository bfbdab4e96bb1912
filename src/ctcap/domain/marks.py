"""Handling marks: who may see an assessment, and what a release at a level leaves out.

A *mark scheme* is an ordered list of levels, most open first. The default is the
Traffic Light Protocol 2.0 (FIRST, 2022): CLEAR < GREEN < AMBER < AMBER+STRICT < RED,
shown as ``TLP:AMBER``. A database may use a ministry's own levels instead (e.g.
UNCLASSIFIED < RESTRICTED < CONFIDENTIAL < SECRET): the scheme is a setting of the
database, not of a user's config file, so everyone who shares a database agrees on
what a level allows.

Every assessment carries a mark (the scheme's default unless given). Two narrower
marks may raise it for parts of the record: the *names mark* of an assessment covers
its assessor's and team's names, and an answer's mark covers what supports that
answer (its rationale, evidence, treaty facts and who recorded it); the level itself
belongs to the assessment. A part's effective mark is the stricter of its own and the
assessment's.

**The release rule.** A release at level L shows what is marked at or below L and
leaves out everything above it: a whole assessment above L is not in the output at all;
an assessment at or below L whose names or answers are marked above L appears with
those fields withheld. The mark an output carries is the strictest mark of what it
shows, so it is never above the release level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ctcap.errors import CtcapError

TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
# Fail closed: a round is AMBER (its organisation, need to know) until someone decides
# it may go further. Old rounds migrated to 0008 get it too.
TLP_DEFAULT = "AMBER"
_LEVEL = re.compile(r"^[A-Z0-9][A-Z0-9 +_./-]{0,39}$")


class MarkError(CtcapError):
    """A mark that the database's scheme does not know, or a malformed scheme."""


@dataclass(frozen=True)
class MarkScheme:
    """Ordered levels, most open first, the default for new assessments, a display prefix."""

    levels: tuple[str, ...]
    default: str
    prefix: str = ""  # "TLP:" for the Traffic Light Protocol

    @property
    def is_tlp(self) -> bool:
        return self.levels == TLP_LEVELS

    @property
    def lowest(self) -> str:
        return self.levels[0]

    def parse(self, text: str) -> str:
        """The level ``text`` names (any case, with or without the prefix), or ``MarkError``."""
        key = " ".join(text.strip().upper().split())
        if self.prefix and key.startswith(self.prefix):
            key = key[len(self.prefix) :].strip()
        if key in self.levels:
            return key
        raise MarkError(f"unknown mark {text.strip()[:40]!r}: use one of {', '.join(self.levels)}")

    def rank(self, mark: str) -> int:
        try:
            return self.levels.index(mark)
        except ValueError:
            raise MarkError(
                f"mark {mark[:40]!r} is not a level of this database's scheme "
                f"({', '.join(self.levels)})"
            ) from None

    def label(self, mark: str) -> str:
        """As a person reads it: ``TLP:AMBER``."""
        return f"{self.prefix}{mark}"

    def stricter(self, *marks: str | None) -> str:
        """The strictest of ``marks`` (None: no mark of its own), at least the lowest level."""
        given = [m for m in marks if m is not None]
        return max(given, key=self.rank) if given else self.lowest

    def strictest(self, marks: Iterable[str | None]) -> str:
        return self.stricter(*marks)


TLP = MarkScheme(TLP_LEVELS, TLP_DEFAULT, "TLP:")


def custom_scheme(levels: Iterable[str], default: str | None = None) -> MarkScheme:
    """A ministry's own ordered levels (most open first); ``MarkError`` names what is wrong."""
    cleaned = tuple(" ".join(level.strip().upper().split()) for level in levels)
    if len(cleaned) < 2:
        raise MarkError("a mark scheme needs at least two levels, most open first")
    for level in cleaned:
        if not _LEVEL.match(level):
            raise MarkError(
                f"mark level {level[:40]!r}: letters, digits, space and + _ . / - only, "
                "at most 40 characters"
            )
    if len(set(cleaned)) != len(cleaned):
        raise MarkError("a mark scheme names each level once")
    scheme = TLP if cleaned == TLP_LEVELS else MarkScheme(cleaned, cleaned[0])
    chosen = scheme.default if default is None else scheme.parse(default)
    return MarkScheme(scheme.levels, chosen, scheme.prefix)


@dataclass(frozen=True)
class Release:
    """What an output may show: everything (``level`` None), or what is marked up to a level."""

    scheme: MarkScheme
    level: str | None = None

    def shows(self, mark: str | None) -> bool:
        """Whether something marked ``mark`` (None: no mark of its own) may be shown."""
        if self.level is None or mark is None:
            return True
        return self.scheme.rank(mark) <= self.scheme.rank(self.level)

    @property
    def shown_levels(self) -> tuple[str, ...] | None:
        """The levels this release lets out, most open first (None: every level)."""
        if self.level is None:
            return None
        return self.scheme.levels[: self.scheme.rank(self.level) + 1]

    def withheld(self, *marks: str | None) -> str | None:
        """The mark that keeps a part out (the strictest of ``marks``), or None if shown."""
        strictest = self.scheme.stricter(*marks)
        return None if self.shows(strictest) else strictest
