"""Capacity-building projects: the assistance a donor gives, and the checklist items it aims at.

Modelled on the IATI activity standard 2.03: an identifier in IATI style, the reporting,
funding and implementing organisations, status codes from IATI's ActivityStatus list,
planned and actual dates, and money as budget, commitment and disbursement. Dates may be
as precise as the source is (``2009``, ``2009-09`` or ``2009-09-15``): a paper that says
"in September 2009" gives a month, and ctcap never invents the day.

Pure: the caller passes the ISO 4217 codes it knows (``check_project``), so that the
currency list comes from pycountry without the domain importing it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import IntEnum, StrEnum

from .model import AssistanceArea


class Scheme(StrEnum):
    """How the assistance is given: the paper's kinds, plus contributions to a fund."""

    GRANT_AID = "grant-aid"
    TECHNICAL_COOPERATION = "technical-cooperation"
    EXPERT_DISPATCH = "expert-dispatch"
    EQUIPMENT = "equipment"
    SEMINAR = "seminar"
    TRAINEES_ACCEPTED = "trainees-accepted"
    FUND_CONTRIBUTION = "fund-contribution"


# The OECD DAC aid type (IATI AidType codelist) each scheme is reported as.
AID_TYPES: dict[Scheme, str] = {
    Scheme.GRANT_AID: "C01",  # project-type interventions
    Scheme.TECHNICAL_COOPERATION: "D02",  # other technical assistance
    Scheme.EXPERT_DISPATCH: "D01",  # donor country personnel
    Scheme.EQUIPMENT: "C01",
    Scheme.SEMINAR: "D02",
    Scheme.TRAINEES_ACCEPTED: "E01",  # scholarships/training in donor country
    Scheme.FUND_CONTRIBUTION: "B03",  # contributions to specific-purpose programmes and funds
}


class Status(IntEnum):
    """IATI ActivityStatus codes."""

    PIPELINE = 1
    IMPLEMENTATION = 2
    FINALISATION = 3
    CLOSED = 4
    CANCELLED = 5
    SUSPENDED = 6

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.PIPELINE: "Pipeline/identification",
    Status.IMPLEMENTATION: "Implementation",
    Status.FINALISATION: "Finalisation",
    Status.CLOSED: "Closed",
    Status.CANCELLED: "Cancelled",
    Status.SUSPENDED: "Suspended",
}

# Regions a project may name instead of one country (IATI region vocabulary 99: the
# reporting organisation's own codes). Regional assistance is never split among members.
REGIONS: dict[str, str] = {
    "ASEAN": "Association of Southeast Asian Nations",
    "SOUTHEAST-ASIA": "Southeast Asia",
    "SOUTH-ASIA": "South Asia",
    "CENTRAL-ASIA": "Central Asia",
}

IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{2,149}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Characters XML 1.0 cannot carry, and terminal controls: refused in any text field.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MAX_AMOUNT = Decimal("1e15")
CENT = Decimal("0.01")


def check_partial_date(text: str) -> str | None:
    """None when ``text`` is YYYY, YYYY-MM or YYYY-MM-DD naming a real date, else why not."""
    if not _PARTIAL_DATE.match(text):
        return f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return f"{text!r} is not a real date"
    return None


def earliest(text: str) -> date:
    """The first day a partial date can mean: 2009-09 → 2009-09-01."""
    parts = [int(part) for part in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(text: str) -> date:
    """The last day a partial date can mean: 2009-09 → 2009-09-30."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    month = parts[1] if len(parts) > 1 else 12
    return date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def parse_amount(text: str) -> Decimal:
    """A non-negative amount with at most two decimals; ``1,000`` and ``_`` are refused."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount (digits, at most two decimals)") from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValueError(f"{text!r} is not an amount between 0 and 10^15")
    if value != value.quantize(CENT):
        raise ValueError(f"{text!r} has more than two decimals")
    return value.quantize(CENT)


@dataclass(frozen=True, order=True)
class ItemLink:
    """A checklist item the project addresses: links are to item ids, not to rounds."""

    checklist_id: str
    item_id: str

    def __str__(self) -> str:
        return f"{self.checklist_id}:{self.item_id}"


@dataclass(frozen=True)
class Money:
    """Budget, commitment and disbursement in one currency (any may be unknown)."""

    currency: str | None = None
    budget: Decimal | None = None
    committed: Decimal | None = None
    disbursed: Decimal | None = None

    def is_empty(self) -> bool:
        return self.budget is None and self.committed is None and self.disbursed is None


@dataclass(frozen=True)
class Project:
    """One project as recorded. Empty fields are unknown, never guessed."""

    identifier: str
    title: str
    funding_org: str
    reporting_org: str = ""
    reporting_org_ref: str = ""
    funding_org_ref: str = ""
    implementing_org: str = ""
    implementing_org_ref: str = ""
    description: str = ""
    programme: str = ""  # the aid instrument or fund, e.g. "Japan-ASEAN Integration Fund"
    scheme: Scheme | None = None
    status: Status | None = None
    recipient_country: str | None = None  # ISO 3166-1 alpha-3
    recipient_region: str | None = None  # a key of REGIONS
    parent: str | None = None  # the identifier of the project this one is part of
    area: AssistanceArea | None = None
    decided: str | None = None  # partial dates
    planned_start: str | None = None
    planned_end: str | None = None
    actual_start: str | None = None
    actual_end: str | None = None
    money: Money = field(default_factory=Money)
    donor_money: Money = field(default_factory=Money)  # the same, in the donor's currency
    approximate: bool = False  # the source gives the amounts as "approximately"
    source: str = ""  # where the facts come from, e.g. a document and its section
    synthetic: bool = False
    note: str = ""
    links: tuple[ItemLink, ...] = ()

    @property
    def start(self) -> str | None:
        """When the work began, as well as known: actual, else planned, else the decision."""
        return self.actual_start or self.planned_start or self.decided

    @property
    def end(self) -> str | None:
        """When the work ended, as well as known: actual, else planned end."""
        return self.actual_end or self.planned_end

    @property
    def recipient(self) -> str:
        return self.recipient_country or self.recipient_region or ""


_TEXT_FIELDS = (
    "identifier",
    "title",
    "funding_org",
    "reporting_org",
    "reporting_org_ref",
    "funding_org_ref",
    "implementing_org",
    "implementing_org_ref",
    "description",
    "programme",
    "source",
    "note",
)
_DATE_FIELDS = ("decided", "planned_start", "planned_end", "actual_start", "actual_end")
_SHORT_LIMIT = 300


def _check_text(project: Project) -> list[tuple[str, str]]:
    problems = []
    for name in _TEXT_FIELDS:
        value: str = getattr(project, name)
        if _CONTROL.search(value):
            problems.append((name, "contains a control character"))
        elif name not in ("description", "note", "source") and len(value) > _SHORT_LIMIT:
            problems.append((name, f"longer than {_SHORT_LIMIT} characters"))
        elif len(value) > 20_000:
            problems.append((name, "longer than 20,000 characters"))
    for name in ("title", "funding_org"):
        if not getattr(project, name).strip():
            problems.append((name, "must not be empty"))
    if not IDENTIFIER.match(project.identifier):
        problems.append(
            (
                "identifier",
                "must be 3–150 letters, digits and . _ : / - (IATI style, e.g. "
                "XM-DAC-701-2009-001)",
            )
        )
    return problems


def _check_dates(project: Project) -> list[tuple[str, str]]:
    problems = []
    for name in _DATE_FIELDS:
        value = getattr(project, name)
        if value is not None and (why := check_partial_date(value)) is not None:
            problems.append((name, why))
    if problems:
        return problems
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        first, last = getattr(project, start), getattr(project, end)
        if first is not None and last is not None and latest(last) < earliest(first):
            problems.append((end, f"{last} is before {start.replace('_', ' ')} {first}"))
    return problems


def _check_money(money: Money, name: str, currencies: Collection[str]) -> list[tuple[str, str]]:
    problems = []
    if money.currency is not None and money.currency not in currencies:
        problems.append((f"{name}.currency", f"unknown currency {money.currency!r} (ISO 4217)"))
    if money.currency is None and not money.is_empty():
        problems.append((f"{name}.currency", "amounts need a currency"))
    for part in ("budget", "committed", "disbursed"):
        value = getattr(money, part)
        if value is not None and (value < 0 or value >= MAX_AMOUNT):
            problems.append((f"{name}.{part}", "must be between 0 and 10^15"))
    return problems


def check_project(project: Project, currencies: Collection[str]) -> list[tuple[str, str]]:
    """Every problem with ``project`` as (field, message); empty when it may be stored.

    Recipient countries and linked items are checked by storage, which knows them.
    """
    problems = _check_text(project) + _check_dates(project)
    problems += _check_money(project.money, "money", currencies)
    problems += _check_money(project.donor_money, "donor_money", currencies)
    if project.recipient_country and project.recipient_region:
        problems.append(("recipient_region", "give a recipient country or a region, not both"))
    if project.recipient_region is not None and project.recipient_region not in REGIONS:
        known = ", ".join(REGIONS)
        problems.append(
            ("recipient_region", f"unknown region {project.recipient_region!r} (known: {known})")
        )
    if project.parent is not None and project.parent == project.identifier:
        problems.append(("parent", "a project cannot be its own parent"))
    if len(set(project.links)) != len(project.links):
        problems.append(("links", "an item is linked twice"))
    return problems
