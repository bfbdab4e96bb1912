"""Graded evidence: entries from a line, and when a level rests on weak ground."""

from __future__ import annotations

from datetime import date

import pytest

from ctcap.domain.evidence import (
    Confidence,
    EvidenceEntry,
    Flag,
    Grade,
    SourceType,
    answer_flags,
    entries_from_json,
    is_stale,
    legacy_entry,
)
from ctcap.domain.evidence_text import EvidenceTextError, entry_line, parse_entry

TODAY = date(2026, 12, 1)
AS_OF = date(2025, 6, 30)


def test_a_plain_reference_is_of_unknown_type_undated_and_not_graded() -> None:
    entry = parse_entry("SOP-7; annex 2", TODAY)
    assert entry == EvidenceEntry(ref="SOP-7; annex 2") == legacy_entry("SOP-7; annex 2")
    assert (entry.type, entry.date, entry.grade) == (SourceType.UNKNOWN, None, None)


def test_typed_fields_read_in_any_order_and_a_reference_may_hold_semicolons() -> None:
    line = (
        "grade=b; type=legislation; ref=Penal Code s.12; as amended; date=2019-05; "
        "link=https://example.org/penal-code"
    )
    entry = parse_entry(line, TODAY)
    assert entry.ref == "Penal Code s.12; as amended"
    assert (entry.type, entry.date, entry.grade) == (SourceType.LEGISLATION, "2019-05", Grade.B)
    assert entry.link == "https://example.org/penal-code"
    assert parse_entry(entry_line(entry), TODAY) == entry  # the editor shows what it reads


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("type=rumour; ref=x", "type"),
        ("type=interview; ref=x; date=2027-01", "date"),
        ("type=interview; ref=x; date=2019-13", "date"),
        ("type=interview; ref=x; grade=G", "grade"),
        ("type=interview; date=2019", "ref"),
        ("type=interview; ref=x; link=javascript:alert(1)", "link"),
        ("type=interview; ref=x; sha256=abc", "sha256"),
        ("type=interview; type=legislation; ref=x", "type"),
        ("   ", "ref"),
    ],
)
def test_a_line_that_is_not_an_entry_names_its_field(line: str, field: str) -> None:
    with pytest.raises(EvidenceTextError) as caught:
        parse_entry(line, TODAY)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_stored_strings_of_before_0008_read_as_entries_of_unknown_type() -> None:
    stored = ["sop-7", EvidenceEntry(ref="law", type=SourceType.LEGISLATION).as_json()]
    assert entries_from_json(stored) == (
        legacy_entry("sop-7"),
        EvidenceEntry(ref="law", type=SourceType.LEGISLATION),
    )


def entry(day: str | None) -> EvidenceEntry:
    return EvidenceEntry(ref="r", type=SourceType.OFFICIAL_DOCUMENT, date=day, grade=Grade.B)


def test_stale_means_certainly_older_than_the_limit_before_the_as_of_date() -> None:
    assert is_stale(entry("2020-06-29"), AS_OF, 5)
    assert not is_stale(entry("2020-06-30"), AS_OF, 5)
    # A year counts from its last day: 2020 may be December 2020, not stale yet.
    assert not is_stale(entry("2020"), AS_OF, 5) and is_stale(entry("2019"), AS_OF, 5)
    assert not is_stale(entry(None), AS_OF, 5)
    assert is_stale(entry("2022-01"), AS_OF, 3) and not is_stale(entry("2022-07"), AS_OF, 3)


def test_flags_name_why_a_level_rests_on_weak_ground() -> None:
    assert answer_flags(Confidence.HIGH, [entry("2025-01")], AS_OF) == ()
    assert answer_flags(None, [entry("2025-01")], AS_OF) == ()  # unknown is not low
    assert answer_flags(Confidence.LOW, [entry("2025-01")], AS_OF) == (Flag.LOW_CONFIDENCE,)
    assert answer_flags(Confidence.HIGH, [], AS_OF) == (Flag.NO_EVIDENCE,)
    assert answer_flags(None, [legacy_entry("sop-7")], AS_OF) == (Flag.UNDATED,)
    assert answer_flags(Confidence.LOW, [entry("2015"), entry(None)], AS_OF) == (
        Flag.LOW_CONFIDENCE,
        Flag.UNDATED,
        Flag.STALE,
    )
    # One recent entry is enough: the level does not rest on stale evidence alone.
    assert answer_flags(None, [entry("2015"), entry("2025")], AS_OF) == ()
    assert answer_flags(None, [entry("2015")], AS_OF, stale_years=20) == ()


def test_an_entry_describes_itself_in_one_line() -> None:
    text = entry("2015-03").describe(as_of=AS_OF, stale_years=5)
    assert text == (
        "r (official document, 2015-03, grade B (usually reliable), "
        "stale: over 5 years before 2025-06-30)"
    )
    assert legacy_entry("sop-7").describe() == "sop-7 (type unknown, undated, not graded)"
