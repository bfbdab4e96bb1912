"""`ctcap data import`: a downloaded file → proposals in the rounds it bears on.

Reading and checking happen before the database is touched. By default a file with any
bad row (unknown country, column or rating, unreadable value) stores nothing and every
bad row is reported; ``skip_bad`` stores the good rows and lists the others. Proposals
go into each country's working round (``domain.rounds.working_round``) of each checklist
the mapping names, or into one given assessment; a final round takes none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ctcap.domain.mappings import AnyMapping, FatfMapping, GhoMapping, TreatyMapping
from ctcap.domain.proposals import Proposal, propose
from ctcap.domain.rounds import working_round
from ctcap.errors import CtcapError, InputFileError, Problem
from ctcap.storage.engine import Database
from ctcap.storage.proposals import SourceFile, Stored, store_proposals
from ctcap.storage.reading import assessment_info, list_infos
from ctcap.storage.records import AssessmentInfo

from .fatf import read_fatf
from .files import read_file
from .gho import read_gho
from .mappings import bundled_country_names, find_mapping
from .names import CountryNames
from .untc import read_untc

SOURCES = ("who-gho", "fatf", "untc")


@dataclass(frozen=True)
class Scope:
    """Where proposals go: named countries, every country in the file, or one assessment."""

    countries: tuple[str, ...] = ()
    all_countries: bool = False
    assessment_id: int | None = None


@dataclass(frozen=True)
class Plan:
    """A file read and mapped, not yet stored."""

    file: SourceFile
    mapping: AnyMapping
    proposals: list[Proposal]
    bad_rows: list[Problem]
    aside: dict[str, int]
    treaty: str | None = None


@dataclass
class ImportReport:
    plan: Plan
    import_id: int | None = None
    stored: list[tuple[AssessmentInfo, Stored]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def proposed(self) -> int:
        return sum(len(stored.proposed) for _, stored in self.stored)


def read_published(
    source: str,
    path: Path,
    mapping: AnyMapping,
    names: CountryNames,
    *,
    treaty: str | None = None,
    skip_bad: bool = False,
) -> Plan:
    """Read ``path`` and map it; raise ``InputFileError`` on bad rows unless ``skip_bad``."""
    raw = read_file(path)
    treaty_id = None
    if source == "who-gho" and isinstance(mapping, GhoMapping):
        parsed = read_gho(raw, mapping, names)
    elif source == "fatf" and isinstance(mapping, FatfMapping):
        parsed = read_fatf(raw, mapping, names, skip_bad=skip_bad)
    elif source == "untc" and isinstance(mapping, TreatyMapping):
        chosen, parsed = read_untc(raw, mapping, names, treaty_id=treaty)
        treaty_id = chosen.id
    else:
        raise CtcapError(f"mapping {mapping.id} is for source {mapping.source}, not {source}")
    if parsed.problems and not skip_bad:
        raise InputFileError(_with_hint(parsed.problems))
    file = SourceFile(
        source=source, file_name=raw.name, sha256=raw.sha256,
        mapping=f"{mapping.id} {mapping.version}", rows_read=parsed.rows_read,
        rows_skipped=len({p.path for p in parsed.problems}),
    )  # fmt: skip
    proposals = propose(mapping, parsed.observations)
    return Plan(file, mapping, proposals, list(parsed.problems), dict(parsed.aside), treaty_id)


def _with_hint(problems: Sequence[Problem]) -> list[Problem]:
    """Every bad row, then one line on what happened (nothing stored) and what to do."""
    last = Problem(problems[0].file, None, None, "", f"{len(problems)} bad row(s): nothing "
                   "stored; fix the file, or give --skip-bad to store the good rows")  # fmt: skip
    return [*problems, last]


def import_published(
    database: Database,
    source: str,
    path: Path,
    scope: Scope,
    *,
    actor: str,
    bundled: Path,
    mapping_ref: str | None = None,
    treaty: str | None = None,
    skip_bad: bool = False,
) -> ImportReport:
    """Read, map, and store ``path``'s proposals in one transaction."""
    mapping = find_mapping(source, bundled, mapping_ref)
    plan = read_published(
        source, path, mapping, bundled_country_names(bundled), treaty=treaty, skip_bad=skip_bad
    )
    report = ImportReport(plan)
    with database.write() as session:
        batches, infos = _targets(session, plan, scope, report.notes)
        report.import_id, stored = store_proposals(session, plan.file, batches, actor=actor)
    report.stored = [(infos[s.assessment_id], s) for s in stored]
    return report


def _targets(
    session: Session, plan: Plan, scope: Scope, notes: list[str]
) -> tuple[dict[int, list[Proposal]], dict[int, AssessmentInfo]]:
    if scope.assessment_id is not None:
        info = assessment_info(session, scope.assessment_id)
        return _one_assessment(plan, info), {info.id: info}
    wanted = set(scope.countries) if not scope.all_countries else None
    rounds: dict[tuple[str, str], list[AssessmentInfo]] = {}
    for info in list_infos(session):
        rounds.setdefault((info.country_code, info.checklist_id), []).append(info)
    batches: dict[int, list[Proposal]] = {}
    infos: dict[int, AssessmentInfo] = {}
    without: dict[str, list[str]] = {}
    for proposal in plan.proposals:
        if wanted is not None and proposal.country not in wanted:
            continue
        target = working_round(rounds.get((proposal.country, proposal.checklist_id), []))
        if target is None or target.is_final:
            without.setdefault(proposal.checklist_id, []).append(proposal.country)
            continue
        batches.setdefault(target.id, []).append(proposal)
        infos[target.id] = target
    _note_missing(plan, scope, without, notes)
    if wanted is not None and not batches:
        raise CtcapError(f"{plan.file.file_name}: nothing to propose: " + "; ".join(notes))
    return batches, infos


def _one_assessment(plan: Plan, info: AssessmentInfo) -> dict[int, list[Proposal]]:
    if info.is_final:
        raise CtcapError(
            f"assessment {info.id} is final: reopen it, or start the next round "
            f"(`ctcap assessments new --from {info.id}`), to take proposals"
        )
    chosen = [
        p for p in plan.proposals
        if p.country == info.country_code and p.checklist_id == info.checklist_id
    ]  # fmt: skip
    if not chosen:
        raise CtcapError(
            f"{plan.file.file_name}: nothing to propose for {info.country_code} on "
            f"{info.checklist_id} (mapping {plan.file.mapping})"
        )
    return {info.id: chosen}


def _note_missing(
    plan: Plan, scope: Scope, without: dict[str, list[str]], notes: list[str]
) -> None:
    in_file = {p.country for p in plan.proposals}
    for country in scope.countries:
        if country not in in_file:
            notes.append(f"{country} has no mapped value in {plan.file.file_name}")
    for checklist_id, countries in sorted(without.items()):
        unique = sorted(set(countries))
        shown = ", ".join(unique[:8]) + (f" and {len(unique) - 8} more" if len(unique) > 8 else "")
        notes.append(
            f"no draft round of {checklist_id} for {shown}: start one with "
            "`ctcap assessments new` (a final round takes no proposals)"
        )
