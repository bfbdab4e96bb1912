"""IATI 2.03: what ctcap writes validates against the official schema, and reads back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import ItemLink, Status
from ctcap.errors import InputFileError
from ctcap.interchange.iati.export import Exportable, activities_xml, incomplete
from ctcap.interchange.iati.parse import read_activities
from ctcap.storage.engine import open_database
from ctcap.storage.project_reading import before_after
from ctcap.storage.projects import add_project

from .conftest import project, rounds

SCHEMA = Path(__file__).with_name("iati-schema-2.03") / "iati-activities-schema.xsd"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    # The vendored files import each other by relative path: nothing is fetched.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


def _exported(tmp_path: Path, bundled, *projects):  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 'i.sqlite'}")
    rounds(database, bundled["minimal"], "KEN", [(date(2023, 6, 30), 2), (date(2025, 6, 30), 3)])
    with database.write() as session:
        records = [add_project(session, p, actor="ana", checklists=bundled) for p in projects]
        changes = before_after(session, records)
    database.close()
    titles = {"minimal:sltd-reporting": "SLTD reporting"}
    items = [Exportable(r.project, changes[r.id], titles) for r in records]
    return activities_xml(items, "10", NOW)


def test_export_validates_against_the_official_xsd(tmp_path: Path, bundled, schema) -> None:  # type: ignore[no-untyped-def]
    regional = project("XM-TEST-2", recipient_country=None, recipient_region="ASEAN", links=(),
                       scheme=None, parent="XM-TEST-1", decided="2023-11",
                       title="Hostile <b>&amp;</b> ' \" ‮title", area=None)  # fmt: skip
    xml = _exported(tmp_path, bundled, project(), regional)
    document = etree.fromstring(xml)
    schema.assertValid(document)
    indicator = document.find("iati-activity/result/indicator")
    assert indicator is not None and indicator.get("measure") == "4"  # Ordinal
    reference = indicator.find("reference")
    assert reference is not None and reference.get("code") == "minimal:sltd-reporting"
    assert reference.get("vocabulary") == "99"
    baseline = indicator.find("baseline")
    assert baseline is not None and (baseline.get("year"), baseline.get("value")) == ("2023", "2")
    assert indicator.find("period/target").get("value") == "4"  # type: ignore[union-attr]
    assert indicator.find("period/actual").get("value") == "3"  # type: ignore[union-attr]
    assert document.findtext("iati-activity/recipient-country[@code='KE']") is not None
    titles = [t.text for t in document.iterfind("iati-activity/title/narrative")]
    assert titles[1] == "Hostile <b>&amp;</b> ' \" \u202etitle"  # escaped, kept as written


def test_export_then_import_gives_the_same_projects(tmp_path: Path, bundled) -> None:  # type: ignore[no-untyped-def]
    original = [
        project(),
        project("XM-TEST-2", recipient_country=None, recipient_region="ASEAN", links=(),
                decided="2010-06", approximate=True, area=AssistanceArea.AVIATION_SECURITY,
                status=Status.IMPLEMENTATION, source="MOFA (2010)", actual_end=None),
    ]  # fmt: skip
    path = tmp_path / "out.xml"
    path.write_bytes(_exported(tmp_path, bundled, *original))
    batch = read_activities(path, {})
    assert batch.unknown == []
    assert [imported.project for imported in batch.projects] == original
    assert batch.projects[1].where.line is not None and batch.projects[1].where.line > 1


def test_incomplete_projects_are_named_not_guessed() -> None:
    lacking = project(status=None, actual_start="2024", actual_end=None, description="")
    missing = incomplete(lacking, None)
    assert "status" in missing and "description" in missing
    assert any("full planned or actual date" in m for m in missing)
    assert any("--org-type" in m for m in missing)
    assert incomplete(project(), "10") == []


FOREIGN = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier>XM-DAC-3-1-ABC</iati-identifier>
  <reporting-org ref="XM-DAC-3-1" type="10"><narrative>Some agency</narrative></reporting-org>
  <title><narrative>Customs training</narrative></title>
  <description type="1"><narrative>Border customs</narrative></description>
  <participating-org role="1" ref="XM-DAC-3"><narrative>A donor</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2021-04-01"/>
  <recipient-country code="UZ"/>
  <sector vocabulary="1" code="33120"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2021-03-01"/>
   <value value-date="2021-03-01">1500.50</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2021-05-01"/>
   <value value-date="2021-05-01">500</value></transaction>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-DAC-3-1-DEF</iati-identifier>
  <title><narrative>Two countries</narrative></title>
  <recipient-country code="UZ"/><recipient-country code="KZ"/>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-DAC-3-1-GHI</iati-identifier>
  <title><narrative>Nowhere</narrative></title>
  <recipient-country code="QQ"/>
 </iati-activity>
</iati-activities>
"""


def test_foreign_activities_and_the_ones_ctcap_cannot_place(tmp_path: Path) -> None:
    path = tmp_path / "foreign.xml"
    path.write_text(FOREIGN)
    batch = read_activities(path, {"33120": AssistanceArea.CUSTOMS_COOPERATION})
    (only,) = batch.projects
    found = only.project
    assert (found.identifier, found.recipient_country, found.status) == (
        "XM-DAC-3-1-ABC", "UZB", Status.IMPLEMENTATION)  # fmt: skip
    assert found.area == AssistanceArea.CUSTOMS_COOPERATION
    assert (found.money.currency, str(found.money.committed), str(found.money.disbursed)) == (
        "EUR", "1500.50", "500.00")  # fmt: skip
    assert found.funding_org == "A donor" and found.actual_start == "2021-04-01"
    assert [(p.line, p.path) for p in batch.unknown] == [
        (18, "iati-activity XM-DAC-3-1-DEF"), (23, "iati-activity XM-DAC-3-1-GHI")]  # fmt: skip
    assert "several recipients" in batch.unknown[0].message
    assert "'QQ' is not an ISO 3166-1" in batch.unknown[1].message


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"<iati-activities><iati-activity>", "bad.xml:1:1: not well-formed XML"),
        (b"", "empty file"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<iati-activities/>',
         "bad.xml:2:1: a document type declaration (DTD) is not accepted"),
        (b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>', "DTD"),
        (b"<activities/>", "not an IATI activities file"),
        (b"<iati-activities version='2.03'/>", "no activities"),
        (b"<iati-activities><iati-activity><title/></iati-activity></iati-activities>",
         "iati-identifier: missing or empty"),
    ],
)  # fmt: skip
def test_malformed_xml_is_one_located_problem(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as refused:
        read_activities(path, {}, display="bad.xml")
    assert len(refused.value.problems) == 1 and needle in str(refused.value)


def test_links_come_back_from_indicator_references(tmp_path: Path, bundled) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "links.xml"
    path.write_bytes(_exported(tmp_path, bundled, project()))
    (imported,) = read_activities(path, {}).projects
    assert imported.project.links == (ItemLink("minimal", "sltd-reporting"),)
