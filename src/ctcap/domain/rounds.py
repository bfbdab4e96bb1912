"""Which round is which: one definition for the TUI, the reports, the CLI and ``new --from``.

A country's rounds of one checklist form a series ordered by (as-of date, id). Two
rounds matter to every face:

- the **current** round is the one a face shows by default. For work (the TUI opening
  a country) it is the latest draft, else the latest final (``working_round``). For a
  report it is the latest final, else the latest draft (``reported_round``): a report
  speaks for a finished round whenever there is one.
- the **previous** round of a round is what its changes (▲▼, "change", trend arrows)
  are measured against (``previous_round``): the round it was started from
  (``based_on``, set by ``new --from``) when that round is in the series, else the
  latest final round before it, else the latest draft before it. A self-assessment
  and an external round of the same date (``origin``) are two views of one moment, not
  a change over time: neither is the other's previous round (reports compare them as
  self against external instead).

An item is **reworded** between two checklist versions when its title, question or
level descriptors differ, or when the scale's levels no longer mean the same (value,
label, description): an answer given to the old question must not be scored as an
answer to the new one (``reworded``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar

from .model import Item, Scale


class Round(Protocol):
    """What the rules need of a round; storage's ``AssessmentInfo`` is one."""

    @property
    def id(self) -> int: ...
    @property
    def as_of(self) -> date: ...
    @property
    def checklist_id(self) -> str: ...
    @property
    def based_on_id(self) -> int | None: ...
    @property
    def is_final(self) -> bool: ...
    @property
    def origin(self) -> str | None: ...


R = TypeVar("R", bound=Round)


def round_key(round_: Round) -> tuple[date, int]:
    """The order of rounds: by as-of date, then by creation (id)."""
    return (round_.as_of, round_.id)


def in_order(rounds: Iterable[R]) -> list[R]:
    return sorted(rounds, key=round_key)


def working_round(rounds: Iterable[R]) -> R | None:
    """The round to work on: the latest draft, else the latest final, else None."""
    ordered = in_order(rounds)
    drafts = [r for r in ordered if not r.is_final]
    if drafts:
        return drafts[-1]
    return ordered[-1] if ordered else None


def reported_round(rounds: Iterable[R]) -> R | None:
    """The round to report: the latest final, else the latest draft, else None."""
    ordered = in_order(rounds)
    finals = [r for r in ordered if r.is_final]
    if finals:
        return finals[-1]
    return ordered[-1] if ordered else None


def counterparts(one: Round, other: Round) -> bool:
    """A self-assessment and an external round of the same date (either way round)."""
    return (
        one.as_of == other.as_of
        and one.origin is not None
        and other.origin is not None
        and one.origin != other.origin
    )


def previous_round(rounds: Iterable[R], subject: Round) -> R | None:
    """What ``subject``'s changes are measured against, among ``rounds`` (any country's
    rounds may be given: only those of the subject's checklist before it count, and
    never its self or external counterpart)."""
    earlier = [
        r
        for r in in_order(rounds)
        if r.checklist_id == subject.checklist_id
        and round_key(r) < round_key(subject)
        and not counterparts(r, subject)
    ]
    if subject.based_on_id is not None:
        for candidate in earlier:
            if candidate.id == subject.based_on_id:
                return candidate
    finals = [r for r in earlier if r.is_final]
    if finals:
        return finals[-1]
    return earlier[-1] if earlier else None


def previous_rounds(series: Sequence[R]) -> dict[int, R | None]:
    """``previous_round`` of every round in one series (one country, one checklist)."""
    return {r.id: previous_round(series, r) for r in series}


def _wording(item: Item) -> tuple[object, ...]:
    return (item.title, item.question, tuple(sorted(item.descriptors.items())))


def scale_meaning(scale: Scale) -> list[tuple[int, str, str]]:
    """What the levels mean (colours are presentation and may change freely)."""
    return [(level.value, level.label, level.description) for level in scale.levels]


def reworded(old: Item, old_scale: Scale, new: Item, new_scale: Scale) -> bool:
    """True when an answer to ``old`` is no answer to ``new`` (same id, other question)."""
    return _wording(old) != _wording(new) or scale_meaning(old_scale) != scale_meaning(new_scale)
