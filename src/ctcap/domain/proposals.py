"""Published values → proposed answers: the pure rules.

A *proposal* is a level that published data suggests for one item of one country's
round. It is never an answer until an assessor accepts it. These rules turn values
read from a file (``Observation``) into proposals through a mapping, and write the
provenance an accepted answer carries in its rationale and evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .answers import Response, Special
from .evidence import EvidenceEntry, SourceType, check_partial_date
from .mappings import (
    AnyMapping,
    Band,
    FatfMapping,
    GhoMapping,
    Target,
    TreatyMapping,
    rating_table,
    targets_of,
)
from .treaty import TreatyFacts, treaty_level

# What kind of source each published file is, for the evidence an accepted proposal records:
# a depositary's status table and WHO's publication of states' SPAR reports are official
# documents; a FATF rating is the verdict of a peer evaluation.
SOURCE_TYPES = {
    "untc": SourceType.OFFICIAL_DOCUMENT,
    "who-gho": SourceType.OFFICIAL_DOCUMENT,
    "fatf": SourceType.THIRD_PARTY_EVALUATION,
}


@dataclass(frozen=True)
class Observation:
    """One value read from a published file, for one country."""

    country: str  # ISO 3166-1 alpha-3
    key: str  # indicator code, R.n / IO.n, or treaty id
    value: str  # as shown to people: "67", "LC", "signed 2000-01-10"
    data_date: str  # the date of the data: a year, a month or a day
    location: str  # where in the file: "line 7", "row 12", "value[3]"
    number: float | None = None  # WHO GHO
    rating: str | None = None  # FATF, normalised (LC, NA, HE ...)
    signature: date | None = None  # UN treaty status
    consent: date | None = None
    act: str | None = None  # ratification, acceptance, approval, accession, succession

    def treaty_facts(self) -> TreatyFacts | None:
        """What a treaty status row says (None for other sources)."""
        if self.signature is None and self.consent is None:
            return None
        return TreatyFacts(signed=self.signature, deposited=self.consent, act=self.act)


@dataclass(frozen=True)
class Evidence:
    """What one proposal rests on: one observation, without its country."""

    key: str
    value: str
    data_date: str
    location: str


@dataclass(frozen=True)
class Proposal:
    country: str
    checklist_id: str
    item_id: str
    response: Response
    evidence: tuple[Evidence, ...]
    why: tuple[str, ...]
    facts: TreatyFacts | None = None  # a treaty status row's facts: the level follows from them


def band_level(value: float, bands: Sequence[Band]) -> int | None:
    """The level of the first band whose bound ``value`` does not exceed."""
    for band in sorted(bands, key=lambda b: b.up_to):
        if value <= band.up_to:
            return band.level
    return None


def level_for(mapping: AnyMapping, observation: Observation, target: Target) -> Response | None:
    """The level ``observation`` suggests for ``target``, or None when the mapping gives none."""
    if isinstance(mapping, GhoMapping):
        if observation.number is None:
            return None
        return band_level(observation.number, mapping.bands)
    if isinstance(mapping, TreatyMapping):
        facts = observation.treaty_facts()
        # The one rule (domain.treaty); the round's own as-of date is applied when the
        # proposal is stored in it, so here every fact in the file counts.
        return None if facts is None else treaty_level(facts, date.max).level
    assert isinstance(mapping, FatfMapping)
    level = rating_table(mapping, observation.key, target).get(observation.rating or "")
    if level is None:
        return None
    return Special.NOT_APPLICABLE if level == "na" else level


def _lowest(responses: Sequence[Response]) -> Response:
    levels = [r for r in responses if not isinstance(r, Special)]
    return min(levels) if levels else Special.NOT_APPLICABLE


def propose(mapping: AnyMapping, observations: Iterable[Observation]) -> list[Proposal]:
    """Every proposal the observations make through ``mapping``, one per country and item.

    When several observations bear on one item, the lowest level wins (the mapping's
    ``combine`` rule) and all of them are kept as its evidence.
    """
    grouped: dict[tuple[str, str, str], list[tuple[Response, Evidence, str, Observation]]] = {}
    for observation in observations:
        evidence = Evidence(
            observation.key, observation.value, observation.data_date, observation.location
        )
        for target in targets_of(mapping, observation.key):
            response = level_for(mapping, observation, target)
            if response is None:
                continue
            key = (observation.country, target.checklist, target.item)
            grouped.setdefault(key, []).append((response, evidence, target.why, observation))
    proposals = []
    for (country, checklist_id, item_id), found in sorted(grouped.items()):
        whys = tuple(dict.fromkeys(why for _, _, why, _ in found))
        facts = found[0][3].treaty_facts() if len(found) == 1 else None
        proposals.append(
            Proposal(
                country=country,
                checklist_id=checklist_id,
                item_id=item_id,
                response=_lowest([response for response, _, _, _ in found]),
                evidence=tuple(evidence for _, evidence, _, _ in found),
                why=whys,
                facts=facts,
            )
        )
    return proposals


def evidence_entries(
    source: str, file_name: str, sha256: str, evidence: Sequence[Evidence]
) -> list[EvidenceEntry]:
    """The evidence an accepted proposal records: the file (by SHA-256), place and value,
    typed by source and dated as the data are; not graded (that is the assessor's call)."""
    return [
        EvidenceEntry(
            ref=f"{file_name} {e.location}: {e.key} = {e.value}",
            type=SOURCE_TYPES.get(source, SourceType.UNKNOWN),
            date=e.data_date if check_partial_date(e.data_date) is None else None,
            sha256=sha256,
        )
        for e in evidence
    ]


def rationale(
    source_title: str,
    mapping_ref: str,
    evidence: Sequence[Evidence],
    why: Sequence[str],
    proposed: str,
) -> str:
    """The rationale an accepted proposal writes: the values, the level, and why they bear."""
    values = "; ".join(f"{e.key} = {e.value} ({e.data_date}, {e.location})" for e in evidence)
    reasons = " ".join(why)
    return f"Proposed from {source_title}: {values} → {proposed}. Mapping {mapping_ref}: {reasons}"
