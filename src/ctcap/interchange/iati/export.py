"""Projects as IATI 2.03 activity XML; each linked gap a result indicator.

A linked item becomes an indicator of one outcome result: measure 4 (Ordinal, IATI's
IndicatorMeasure codelist: the scale's levels are ordered, not quantities), reference
vocabulary 99 (the reporting organisation's own) with code ``CHECKLIST:ITEM``, the
baseline the level in the latest final round before the project started, the target the
item's target level and the actual the level in the first final round after it ended.

IATI requires some things ctcap may not know (a status, a full date, a description, the
reporting organisation's identifier and type); a project that lacks one is not
exported with a guess, it is reported as incomplete (``incomplete``). Everything IATI has
no element for (scheme, assistance area, partial dates, amounts without a full date, the
donor-currency amounts, source, synthetic) travels in a ``ctcap:project`` extension
element, so that importing the file again gives the same projects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from ctcap.domain.before_after import ItemChange
from ctcap.domain.projects import AID_TYPES, REGIONS, Money, Project

NS = "https://ctcap.example/iati-extension/1"  # a namespace name, never fetched
CTCAP = f"{{{NS}}}"
IATI_VERSION = "2.03"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE_TYPES = (
    ("planned_start", "1"),
    ("actual_start", "2"),
    ("planned_end", "3"),
    ("actual_end", "4"),
)


@dataclass(frozen=True)
class Exportable:
    project: Project
    changes: Sequence[ItemChange]
    item_titles: Mapping[str, str]  # "checklist:item" → the item's title


def _full(text: str | None) -> str | None:
    return text if text is not None and len(text) == 10 else None


def incomplete(project: Project, org_type: str | None) -> list[str]:
    """What IATI requires that ``project`` does not have (empty: it can be exported)."""
    missing = []
    if not project.reporting_org_ref:
        missing.append("reporting organisation identifier")
    if not project.reporting_org:
        missing.append("reporting organisation name")
    if not org_type:
        missing.append("reporting organisation type (--org-type)")
    if not project.description.strip():
        missing.append("description")
    if project.status is None:
        missing.append("status")
    if not any(_full(getattr(project, name)) for name, _ in _DATE_TYPES):
        missing.append("a full planned or actual date (YYYY-MM-DD)")
    if not project.identifier.startswith(project.reporting_org_ref + "-"):
        missing.append("an identifier starting with the reporting organisation's identifier")
    return missing


def _narrative(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, "narrative").text = text
    return element


def _org(parent: etree._Element, role: str, name: str, ref: str) -> None:
    element = etree.SubElement(parent, "participating-org", role=role)
    if ref:
        element.set("ref", ref)
    etree.SubElement(element, "narrative").text = name


def _value(parent: etree._Element, amount: str, currency: str, value_date: str) -> None:
    value = etree.SubElement(parent, "value", currency=currency)
    value.set("value-date", value_date)
    value.text = amount


def _money(activity: etree._Element, project: Project) -> None:
    money, start, end = project.money, _full(project.start), _full(project.end)
    if money.currency and money.budget is not None and start and end:
        budget = etree.SubElement(activity, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start").set("iso-date", start)
        etree.SubElement(budget, "period-end").set("iso-date", end)
        _value(budget, str(money.budget), money.currency, start)
    when = _full(project.decided) or start
    for code, amount in (("2", money.committed), ("3", money.disbursed)):
        if money.currency and amount is not None and when:
            transaction = etree.SubElement(activity, "transaction")
            etree.SubElement(transaction, "transaction-type", code=code)
            etree.SubElement(transaction, "transaction-date").set("iso-date", when)
            _value(transaction, str(amount), money.currency, when)


def _indicator(result: etree._Element, change: ItemChange, title: str, project: Project) -> None:
    indicator = etree.SubElement(result, "indicator", measure="4", ascending="1")
    _narrative(indicator, "title", title)
    code = f"{change.checklist_id}:{change.item_id}"
    etree.SubElement(indicator, "reference", vocabulary="99", code=code)
    if change.before is not None and change.level_before is not None:
        baseline = etree.SubElement(indicator, "baseline", year=str(change.before.as_of.year))
        baseline.set("iso-date", change.before.as_of.isoformat())
        baseline.set("value", str(change.level_before))
    start, end = _full(project.start), _full(project.end)
    if start and end and change.target is not None:
        period = etree.SubElement(indicator, "period")
        etree.SubElement(period, "period-start").set("iso-date", start)
        etree.SubElement(period, "period-end").set("iso-date", end)
        etree.SubElement(period, "target", value=str(change.target))
        if change.level_after is not None:
            actual = etree.SubElement(period, "actual", value=str(change.level_after))
            assert change.after is not None
            _narrative(
                actual,
                "comment",
                f"ctcap round of {change.after.as_of.isoformat()}; "
                f"outcome {change.outcome.value} (association, not attribution)",
            )


def _extension(activity: etree._Element, project: Project) -> None:
    extra = etree.SubElement(activity, CTCAP + "project", nsmap={"ctcap": NS})
    fields = {
        "scheme": project.scheme.value if project.scheme else None,
        "area": project.area.value if project.area else None,
        "programme": project.programme or None,
        "decided": project.decided,
        "approximate": "true" if project.approximate else None,
        "synthetic": "true" if project.synthetic else "false",
        "parent": project.parent,
        **{name: getattr(project, name) for name, _ in _DATE_TYPES},
    }
    for name, value in fields.items():
        if value is not None:
            extra.set(name, value)
    for tag, money in (("money", project.money), ("donor-money", project.donor_money)):
        if not money.is_empty() or money.currency:
            _money_extension(extra, tag, money)
    for tag, text in (("source", project.source), ("note", project.note)):
        if text:
            etree.SubElement(extra, CTCAP + tag).text = text


def _money_extension(parent: etree._Element, tag: str, money: Money) -> None:
    element = etree.SubElement(parent, CTCAP + tag)
    if money.currency:
        element.set("currency", money.currency)
    for part in ("budget", "committed", "disbursed"):
        if (amount := getattr(money, part)) is not None:
            element.set(part, str(amount))


def activity(item: Exportable, org_type: str, now: datetime) -> etree._Element:
    project = item.project
    element = etree.Element("iati-activity")
    element.set("last-updated-datetime", now.isoformat(timespec="seconds"))
    element.set(_XML_LANG, "en")
    if project.money.currency:
        element.set("default-currency", project.money.currency)
    etree.SubElement(element, "iati-identifier").text = project.identifier
    reporting = etree.SubElement(element, "reporting-org", ref=project.reporting_org_ref)
    reporting.set("type", org_type)
    etree.SubElement(reporting, "narrative").text = project.reporting_org
    _narrative(element, "title", project.title)
    _narrative(element, "description", project.description).set("type", "1")
    _org(element, "1", project.funding_org, project.funding_org_ref)
    if project.implementing_org:
        _org(element, "4", project.implementing_org, project.implementing_org_ref)
    assert project.status is not None
    etree.SubElement(element, "activity-status", code=str(int(project.status)))
    for name, code in _DATE_TYPES:
        if (day := _full(getattr(project, name))) is not None:
            etree.SubElement(element, "activity-date", type=code).set("iso-date", day)
    _recipient(element, project)
    if project.scheme is not None:
        etree.SubElement(element, "default-aid-type", code=AID_TYPES[project.scheme])
    _money(element, project)
    if project.parent:
        etree.SubElement(element, "related-activity", ref=project.parent, type="1")
    if item.changes:
        result = etree.SubElement(element, "result", type="2")
        _narrative(result, "title", "Capacity gaps the project addresses (ctcap checklist items)")
        for change in item.changes:
            key = f"{change.checklist_id}:{change.item_id}"
            _indicator(result, change, item.item_titles.get(key, key), project)
    _extension(element, project)
    return element


def _recipient(element: etree._Element, project: Project) -> None:
    if project.recipient_country:
        import pycountry

        country = pycountry.countries.get(alpha_3=project.recipient_country)
        if country is not None:
            etree.SubElement(element, "recipient-country", code=country.alpha_2)
    elif project.recipient_region:
        region = etree.SubElement(
            element, "recipient-region", code=project.recipient_region, vocabulary="99"
        )
        etree.SubElement(region, "narrative").text = REGIONS[project.recipient_region]


def activities_xml(
    items: Sequence[Exportable], org_type: str, now: datetime | None = None
) -> bytes:
    """One ``iati-activities`` document (UTF-8 bytes) of ``items``, which must be complete."""
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    root = etree.Element("iati-activities", version=IATI_VERSION)
    root.set("generated-datetime", moment.isoformat())
    for item in items:
        root.append(activity(item, org_type, moment))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
