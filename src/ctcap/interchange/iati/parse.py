"""IATI 2.x activity XML → projects, each located by file and line.

Reads what the register holds: identifier, organisations, title, description, status,
dates, one recipient country or region, budgets and commitment/disbursement transactions,
the parent activity, DAC sectors (through the CRS mapping's purpose codes), and result
indicators whose reference (vocabulary 99) is a ``checklist:item`` id. A ``ctcap:project``
extension written by ctcap's export restores what IATI has no element for. Elements ctcap
cannot place (a country ISO does not know, several recipients, mixed currencies) are
reported with their line, never dropped silently.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import (
    AID_TYPES,
    REGIONS,
    ItemLink,
    Money,
    Project,
    Scheme,
    Status,
    parse_amount,
)
from ctcap.errors import InputFileError, Problem

from ..records import ImportBatch, Imported
from ..xml_safe import read_xml
from .export import CTCAP

_SCHEMES_BY_AID_TYPE = {
    code: scheme
    for scheme, code in AID_TYPES.items()
    if list(AID_TYPES.values()).count(code) == 1  # only where the aid type names one scheme
}
_DATES = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}


class _Skip(Exception):
    """An activity ctcap cannot place; the batch reports it."""


def _text(element: etree._Element | None, path: str = "narrative") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return int(line) if line else None


def _alpha3(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=code.strip().upper())
    return str(found.alpha_3) if found is not None else None


def _amount(element: etree._Element, file: str) -> Decimal:
    try:
        return parse_amount((element.text or "").strip())
    except ValueError as exc:
        raise InputFileError([Problem(file, _line(element), None, "value", str(exc))]) from None


def _recipient(activity: etree._Element) -> dict[str, Any]:
    countries = activity.findall("recipient-country")
    regions = activity.findall("recipient-region")
    if len(countries) + len(regions) > 1:
        raise _Skip("several recipients: ctcap records one country or region per project")
    if countries:
        code = countries[0].get("code", "")
        alpha3 = _alpha3(code)
        if alpha3 is None:
            raise _Skip(f"recipient-country {code!r} is not an ISO 3166-1 alpha-2 code")
        return {"recipient_country": alpha3}
    if regions:
        code = regions[0].get("code", "")
        if regions[0].get("vocabulary") != "99" or code not in REGIONS:
            raise _Skip(
                f"recipient-region {code!r} is not one of ctcap's regions "
                f"({', '.join(REGIONS)}, vocabulary 99)"
            )
        return {"recipient_region": code}
    return {}


def _money(activity: etree._Element, file: str) -> Money:
    default = activity.get("default-currency")
    sums: dict[str, Decimal] = {}
    currencies = set()
    parts = [("budget", b.find("value")) for b in activity.findall("budget")]
    for transaction in activity.findall("transaction"):
        kind = transaction.find("transaction-type")
        code = kind.get("code") if kind is not None else None
        if code in ("2", "3"):
            parts.append(("committed" if code == "2" else "disbursed", transaction.find("value")))
    for part, value in parts:
        if value is None:
            continue
        currencies.add(value.get("currency") or default)
        sums[part] = sums.get(part, Decimal(0)) + _amount(value, file)
    if len(currencies) > 1:
        raise _Skip(f"amounts in several currencies ({', '.join(sorted(map(str, currencies)))})")
    currency = next(iter(currencies)) if currencies else default
    return Money(currency, sums.get("budget"), sums.get("committed"), sums.get("disbursed"))


def _links(activity: etree._Element) -> tuple[ItemLink, ...]:
    links = []
    for reference in activity.findall("result/indicator/reference"):
        code = reference.get("code", "")
        if reference.get("vocabulary") == "99" and code.count(":") == 1:
            links.append(ItemLink(*code.split(":")))
    return tuple(dict.fromkeys(links))


def _area(activity: etree._Element, purposes: dict[str, AssistanceArea]) -> AssistanceArea | None:
    areas = {
        purposes[code]
        for sector in activity.findall("sector")
        if sector.get("vocabulary", "1") == "1" and (code := sector.get("code", "")) in purposes
    }
    return areas.pop() if len(areas) == 1 else None


def _extension(activity: etree._Element, project: Project, file: str) -> Project:
    extra = activity.find(CTCAP + "project")
    if extra is None:
        return project
    changes: dict[str, Any] = {}
    for name in ("decided", "planned_start", "planned_end", "actual_start", "actual_end", "parent"):
        if extra.get(name) is not None:
            changes[name] = extra.get(name)
    try:
        if extra.get("scheme"):
            changes["scheme"] = Scheme(extra.get("scheme"))
        if extra.get("area"):
            changes["area"] = AssistanceArea(extra.get("area"))
    except ValueError as exc:
        raise InputFileError(
            [Problem(file, _line(extra), None, "ctcap:project", str(exc))]
        ) from None
    changes["programme"] = extra.get("programme", "")
    changes["approximate"] = extra.get("approximate") == "true"
    changes["synthetic"] = extra.get("synthetic") == "true"
    for tag, name in (("money", "money"), ("donor-money", "donor_money")):
        element = extra.find(CTCAP + tag)
        if element is not None:
            amounts = {
                part: parse_amount(element.get(part, "")) if element.get(part) else None
                for part in ("budget", "committed", "disbursed")
            }
            changes[name] = Money(element.get("currency"), **amounts)
    for tag in ("source", "note"):
        changes[tag] = (extra.findtext(CTCAP + tag) or "").strip()
    return replace(project, **changes)


def _activity(activity: etree._Element, file: str, purposes: dict[str, AssistanceArea]) -> Project:
    identifier = (activity.findtext("iati-identifier") or "").strip()
    if not identifier:
        raise InputFileError(
            [Problem(file, _line(activity), None, "iati-identifier", "missing or empty")]
        )
    reporting = activity.find("reporting-org")
    orgs = {org.get("role"): org for org in reversed(activity.findall("participating-org"))}
    funding, implementing = orgs.get("1"), orgs.get("4")
    status = activity.find("activity-status")
    dates: dict[str, Any] = {
        _DATES[d.get("type", "")]: d.get("iso-date", "")
        for d in activity.findall("activity-date")
        if d.get("type") in _DATES
    }
    aid_type = activity.find("default-aid-type")
    parent = next(
        (r.get("ref") for r in activity.findall("related-activity") if r.get("type") == "1"), None
    )
    status_code = status.get("code") if status is not None else None
    project = Project(
        identifier=identifier,
        title=_text(activity.find("title")),
        description=_text(activity.find("description")),
        reporting_org=_text(reporting),
        reporting_org_ref=reporting.get("ref", "") if reporting is not None else "",
        funding_org=_text(funding) or (funding.get("ref", "") if funding is not None else ""),
        funding_org_ref=funding.get("ref", "") if funding is not None else "",
        implementing_org=_text(implementing),
        implementing_org_ref=implementing.get("ref", "") if implementing is not None else "",
        status=Status(int(status_code)) if status_code in {"1", "2", "3", "4", "5", "6"} else None,
        scheme=_SCHEMES_BY_AID_TYPE.get(aid_type.get("code", "")) if aid_type is not None else None,
        area=_area(activity, purposes),
        parent=parent,
        money=_money(activity, file),
        links=_links(activity),
        **dates,
        **_recipient(activity),
    )
    return _extension(activity, project, file)


def read_activities(
    path: Path, purposes: dict[str, AssistanceArea], display: str | None = None
) -> ImportBatch:
    """Every ``iati-activity`` of ``path``; unplaceable ones go to ``unknown``."""
    file = display or str(path)
    root = read_xml(path, file)
    if root.tag != "iati-activities":
        raise InputFileError(
            [
                Problem(
                    file,
                    _line(root),
                    None,
                    root.tag,
                    "not an IATI activities file (root must be iati-activities)",
                )
            ]
        )
    batch = ImportBatch()
    for activity in root.iterfind("iati-activity"):
        where = Problem(file, _line(activity), None, "iati-activity", "")
        try:
            batch.projects.append(Imported(_activity(activity, file, purposes), where))
        except _Skip as exc:
            identifier = (activity.findtext("iati-identifier") or "?").strip()
            batch.unknown.append(
                Problem(file, _line(activity), None, f"iati-activity {identifier}", str(exc))
            )
    if not batch.projects and not batch.unknown:
        raise InputFileError([Problem(file, _line(root), None, "iati-activities", "no activities")])
    return batch
