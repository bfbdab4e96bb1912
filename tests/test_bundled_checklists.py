"""The bundled checklists and scales: they load, and their content is what the sources say.

Counts and titles are written out here on purpose, so that an edit to a
checklist that drops, reorders or renames a measure or instrument fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ctcap.domain.model import AssistanceArea, Checklist, ReferenceKind
from ctcap.loading.checklists import checklist_files, load_checklist, load_scales
from ctcap.paths import checklists_dir

BUNDLED = checklists_dir()
CHECKLIST_SCHEMA_LINE = "# yaml-language-server: $schema=schema/checklist.schema.json"
SCALE_SCHEMA_LINE = "# yaml-language-server: $schema=../schema/scale.schema.json"

# Japan, Action Plan for Prevention of Terrorism (10 Dec 2004), chapter 3:
# the official English titles of the 16 measures, in order.
JP_MEASURES = [
    "Tightened Immigration Control by Taking Fingerprints at Landing Examination and Visa "
    "Application",
    "Entry Restriction to Terrorists",
    "Mandatory Advanced Submission of Crew and Passenger List by Airplane/Vessel Captain",
    "Denial of entry of Terrorists by using ICPO's Database on Lost and Stolen Passports",
    "Mandatory Check of Passengers' Passports by Air and Sea Carriers",
    "Assistance to Foreign Governments to Improve Travel Document Examination Capacity by "
    "Dispatching the Document Examination Advisors",
    "Thorough Identification of Foreign Guests by Hotels and Inns",
    "Establishment of System to Control Pathogenic Microorganisms Potentially Used for "
    "Bioterrorism",
    "Tightened Control over Explosive-related material Potentially Used for Bomb Attacks",
    "Tightened Import Control through Designation of Explosives as Prohibited Goods For Import",
    "Measures to fully Implement FATF Recommendations",
    "Tightening of Security Measures for Important Facilities in Emergency Situations",
    "Firmer Counter-Terrorism Measures at Airports and Nuclear Facilities",
    "Stronger Protection over Nuclear Material",
    "Firmer Anti-highjack Measures through Introduction of Sky Marshal Program",
    "Reinforced Terrorism-related Intelligence Gathering through Integrated Efforts of Relevant "
    "Organizations",
]
# The five headings, in order, and how many measures each holds (1-6, 7, 8-10, 11, 12-16).
JP_HEADINGS = [
    ("Firmer Measures to Stop Terrorists at Border", 6),
    ("Firmer Measures to Prevent Activities of Terrorists", 1),
    ("Tightened control of material potentially used for terrorism", 3),
    ("Measures to block terrorist funds", 1),
    ("Enhancing safety of important facilities etc.", 5),
]
# The plan's Japanese original (primary) and the copy of MOFA's English version (secondary).
JP_PLAN_URL = "https://www.kantei.go.jp/jp/singi/sosikihanzai/kettei/041210kettei.pdf"
JP_PLAN_ENGLISH_COPY = "https://vdocuments.us/action-plan-for-prevention-of-terrorism-mofagojp-above-there-was-a-bombing.html"

# The 19 universal instruments, in the UN Counter-Terrorism Committee's order.
# The first 13 are the ones MOFA's 2010 paper counts.
INSTRUMENTS = [
    "Convention on Offences and Certain Other Acts Committed on Board Aircraft",
    "Convention for the Suppression of Unlawful Seizure of Aircraft",
    "Convention for the Suppression of Unlawful Acts against the Safety of Civil Aviation",
    "Convention on the Prevention and Punishment of Crimes against Internationally Protected "
    "Persons, including Diplomatic Agents",
    "International Convention against the Taking of Hostages",
    "Convention on the Physical Protection of Nuclear Material",
    "Protocol for the Suppression of Unlawful Acts of Violence at Airports Serving International "
    "Civil Aviation",
    "Convention for the Suppression of Unlawful Acts against the Safety of Maritime Navigation",
    "Protocol for the Suppression of Unlawful Acts against the Safety of Fixed Platforms Located "
    "on the Continental Shelf",
    "Convention on the Marking of Plastic Explosives for the Purpose of Detection",
    "International Convention for the Suppression of Terrorist Bombings",
    "International Convention for the Suppression of the Financing of Terrorism",
    "International Convention for the Suppression of Acts of Nuclear Terrorism",
    "Amendment to the Convention on the Physical Protection of Nuclear Material",
    "Protocol of 2005 to the Convention for the Suppression of Unlawful Acts against the Safety "
    "of Maritime Navigation",
    "Protocol of 2005 to the Protocol for the Suppression of Unlawful Acts against the Safety of "
    "Fixed Platforms Located on the Continental Shelf",
    "Convention on the Suppression of Unlawful Acts Relating to International Civil Aviation",
    "Protocol Supplementary to the Convention for the Suppression of Unlawful Seizure of Aircraft",
    "Protocol to Amend the Convention on Offences and Certain Other Acts Committed on Board "
    "Aircraft",
]
INSTRUMENT_YEARS = [1963, 1970, 1971, 1973, 1979, 1979, 1988, 1988, 1988, 1991, 1997, 1999,
                    2005, 2005, 2005, 2005, 2010, 2010, 2014]  # fmt: skip

# MOFA 2010: the nine assistance areas, in the paper's order. The area ids of
# ct-capacity-building are these stable assistance-area ids with an "area-" prefix.
CAPACITY_AREAS = [
    "immigration-control",
    "aviation-security",
    "port-maritime-security",
    "customs-cooperation",
    "export-control",
    "law-enforcement-cooperation",
    "terrorist-financing",
    "counter-cbrn",
    "ct-conventions",
]

# The 40 FATF Recommendations (2012 numbering), FATF's titles, in order, and the
# seven sections they sit under (A 1-2, B 3-4, C 5-8, D 9-23, E 24-25, F 26-35, G 36-40).
FATF_RECOMMENDATIONS = [
    "Assessing risks and applying a risk-based approach",
    "National cooperation and coordination",
    "Money laundering offence",
    "Confiscation and provisional measures",
    "Terrorist financing offence",
    "Targeted financial sanctions related to terrorism and terrorist financing",
    "Targeted financial sanctions related to proliferation",
    "Non-profit organisations",
    "Financial institution secrecy laws",
    "Customer due diligence",
    "Record keeping",
    "Politically exposed persons",
    "Correspondent banking",
    "Money or value transfer services",
    "New technologies",
    "Wire transfers",
    "Reliance on third parties",
    "Internal controls and foreign branches and subsidiaries",
    "Higher-risk countries",
    "Reporting of suspicious transactions",
    "Tipping-off and confidentiality",
    "DNFBPs: Customer due diligence",
    "DNFBPs: Other measures",
    "Transparency and beneficial ownership of legal persons",
    "Transparency and beneficial ownership of legal arrangements",
    "Regulation and supervision of financial institutions",
    "Powers of supervisors",
    "Regulation and supervision of DNFBPs",
    "Financial intelligence units",
    "Responsibilities of law enforcement and investigative authorities",
    "Powers of law enforcement and investigative authorities",
    "Cash couriers",
    "Statistics",
    "Guidance and feedback",
    "Sanctions",
    "International instruments",
    "Mutual legal assistance",
    "Mutual legal assistance: freezing and confiscation",
    "Extradition",
    "Other forms of international cooperation",
]
FATF_SECTIONS = [("A", 2), ("B", 2), ("C", 4), ("D", 15), ("E", 2), ("F", 10), ("G", 5)]
# The 11 Immediate Outcomes of the 2013 methodology, in order.
FATF_OUTCOMES = [
    "Risk, policy and coordination",
    "International cooperation",
    "Supervision",
    "Preventive measures",
    "Legal persons and arrangements",
    "Financial intelligence",
    "Money-laundering investigation and prosecution",
    "Confiscation",
    "Terrorist-financing investigation and prosecution",
    "Terrorist-financing preventive measures and financial sanctions",
    "Proliferation-financing financial sanctions",
]

EXPECTED_FILES = {
    "minimal.yaml",
    "jp-2004-urgent-measures.yaml",
    "ct-instruments.yaml",
    "fatf-recommendations.yaml",
    "fatf-immediate-outcomes.yaml",
}
EXPECTED_SCALES = {"capacity-5", "instrument-status", "fatf-compliance", "fatf-effectiveness"}


def _files() -> list[Path]:
    return checklist_files(BUNDLED)


def _load(name: str) -> Checklist:
    return load_checklist(BUNDLED / name, BUNDLED)


@pytest.fixture(scope="module")
def all_checklists() -> list[Checklist]:
    return [load_checklist(path, BUNDLED) for path in _files()]


@pytest.fixture(scope="module")
def measures() -> Checklist:
    return _load("jp-2004-urgent-measures.yaml")


@pytest.fixture(scope="module")
def instruments() -> Checklist:
    return _load("ct-instruments.yaml")


# ---------------------------------------------------------------- every file


def test_expected_files_are_bundled() -> None:
    names = {path.name for path in _files()}
    assert names >= EXPECTED_FILES


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_bundled_checklist_validates(path: Path) -> None:
    checklist = load_checklist(path, BUNDLED)  # raises InputFileError with FILE:LINE:COL
    assert checklist.items()


def test_bundled_scales_validate() -> None:
    scales = load_scales(BUNDLED / "scales")
    assert set(scales) >= EXPECTED_SCALES


def test_instrument_status_scale() -> None:
    scale = load_scales(BUNDLED / "scales")["instrument-status"]
    assert scale.values == [1, 2, 3, 4, 5]
    assert [level.label for level in scale.levels] == [
        "Not signed",
        "Signed",
        "Ratified or acceded",
        "Implemented in domestic law",
        "Applied in practice",
    ]


def test_fatf_compliance_scale() -> None:
    scale = load_scales(BUNDLED / "scales")["fatf-compliance"]
    assert scale.values == [1, 2, 3, 4]
    codes = [level.label.rsplit("(", 1)[1].rstrip(")") for level in scale.levels]
    assert codes == ["NC", "PC", "LC", "C"]


def test_fatf_effectiveness_scale() -> None:
    scale = load_scales(BUNDLED / "scales")["fatf-effectiveness"]
    assert scale.values == [1, 2, 3, 4]
    codes = [level.label.rsplit("(", 1)[1].rstrip(")") for level in scale.levels]
    assert codes == ["LE", "ME", "SE", "HE"]


def test_every_item_has_question_reference_and_all_descriptors(
    all_checklists: list[Checklist],
) -> None:
    for checklist in all_checklists:
        levels = set(checklist.scale.values)
        for item in checklist.items():
            where = f"{checklist.id}/{item.id}"
            assert item.question.strip(), where
            assert len(item.references) >= 1, where
            assert all(ref.title.strip() for ref in item.references), where
            assert set(item.descriptors) == levels, where
            assert all(text.strip() for text in item.descriptors.values()), where
            assert item.target in levels, where


def test_no_two_items_share_a_question(all_checklists: list[Checklist]) -> None:
    seen: dict[str, str] = {}
    for checklist in all_checklists:
        for item in checklist.items():
            key = " ".join(item.question.split()).casefold()
            where = f"{checklist.id}/{item.id}"
            assert key not in seen, f"{where} repeats the question of {seen.get(key)}"
            seen[key] = where


def test_every_checklist_starts_with_schema_line() -> None:
    for path in _files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == CHECKLIST_SCHEMA_LINE, path.name


def test_every_scale_starts_with_schema_line() -> None:
    paths = sorted((BUNDLED / "scales").glob("*.yaml"))
    assert {p.stem for p in paths} >= EXPECTED_SCALES
    for path in paths:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCALE_SCHEMA_LINE, path.name


# ------------------------------------------------- Japan's 16 urgent measures


def test_measures_are_the_sixteen_in_official_order(measures: Checklist) -> None:
    assert measures.scale.id == "capacity-5"
    items = measures.items()
    assert len(items) == 16
    assert [item.title for item in items] == JP_MEASURES
    assert [item.facts.get("measure_number") for item in items] == list(range(1, 17))


def test_measures_sit_under_the_five_headings(measures: Checklist) -> None:
    assert [(area.title, len(area.items)) for area in measures.areas] == JP_HEADINGS
    headings = [item.facts.get("heading") for item in measures.items()]
    assert headings == [1] * 6 + [2] + [3] * 3 + [4] + [5] * 5


def test_measure_ids_are_numbered(measures: Checklist) -> None:
    for number, item in enumerate(measures.items(), start=1):
        assert item.id.startswith(f"m{number:02d}-"), item.id


def test_every_measure_cites_the_plan_and_a_standard(measures: Checklist) -> None:
    for item in measures.items():
        kinds = {ref.url: ref.kind for ref in item.references}
        assert kinds.get(JP_PLAN_URL) is ReferenceKind.PRIMARY, item.id
        assert kinds.get(JP_PLAN_ENGLISH_COPY) is ReferenceKind.SECONDARY, item.id
        standards = [r for r in item.references if r.url not in (JP_PLAN_URL, JP_PLAN_ENGLISH_COPY)]
        assert standards, item.id


def test_measures_follow_the_cross_walk(measures: Checklist) -> None:
    area = {item.facts["measure_number"]: item.assistance_area for item in measures.items()}
    assert {n for n, a in area.items() if a is AssistanceArea.IMMIGRATION_CONTROL} == set(
        range(1, 8)
    )
    assert area[11] is AssistanceArea.TERRORIST_FINANCING
    assert area[13] is AssistanceArea.AVIATION_SECURITY
    assert area[15] is AssistanceArea.AVIATION_SECURITY
    assert area[16] is AssistanceArea.LAW_ENFORCEMENT_COOPERATION
    assert {area[8], area[9], area[14]} == {AssistanceArea.COUNTER_CBRN}
    # Guarding important facilities in emergencies is police work, not port security.
    assert area[12] is AssistanceArea.LAW_ENFORCEMENT_COOPERATION


# ---------------------------------------------------------- the 19 instruments


def test_nineteen_instruments_in_official_order(instruments: Checklist) -> None:
    assert instruments.scale.id == "instrument-status"
    items = sorted(instruments.items(), key=lambda item: item.facts["instrument_number"])
    assert len(items) == 19
    assert [item.facts["instrument_number"] for item in items] == list(range(1, 20))
    assert [item.title for item in items] == INSTRUMENTS
    assert [item.facts["year_adopted"] for item in items] == INSTRUMENT_YEARS


def test_instruments_keep_official_order_within_each_area(instruments: Checklist) -> None:
    for area in instruments.areas:
        numbers = [item.facts["instrument_number"] for item in area.items]
        assert numbers == sorted(numbers), area.id


def test_thirteen_instruments_counted_in_2010(instruments: Checklist) -> None:
    items = instruments.items()
    counted = sorted(i.facts["instrument_number"] for i in items if i.facts["counted_in_2010"])
    assert counted == list(range(1, 14))
    later = [i for i in items if i.facts["instrument_number"] > 13]
    assert [i.facts["counted_in_2010"] for i in later] == [False] * 6
    tagged = sorted(i.facts["instrument_number"] for i in items if "mofa-2010-13" in i.tags)
    assert tagged == counted


# Entry into force as the depositaries (UN Treaty Collection, ICAO, IMO, IAEA) record it.
ENTRY_INTO_FORCE = {
    11: "2001-05-23",
    12: "2002-04-10",
    13: "2007-07-07",
    14: "2016-05-08",
    15: "2010-07-28",
    16: "2010-07-28",
    17: "2018-07-01",
    18: "2018-01-01",
    19: "2020-01-01",
}


def test_instruments_carry_their_entry_into_force(instruments: Checklist) -> None:
    by_number = {i.facts["instrument_number"]: i for i in instruments.items()}
    for number, day in ENTRY_INTO_FORCE.items():
        assert by_number[number].facts.get("entry_into_force") == day, number
        assert "left out" not in by_number[number].guidance, number
    assert all("entry_into_force" in item.facts for item in instruments.items())


def test_every_instrument_maps_to_the_conventions_area(instruments: Checklist) -> None:
    # The rule the checklist's description states: treaty status is area 9's work.
    areas = {item.id: item.assistance_area for item in instruments.items()}
    assert set(areas.values()) == {AssistanceArea.CT_CONVENTIONS}, areas
    assert "Mapping rule" in instruments.description


def test_instrument_levels_follow_what_each_treaty_requires(instruments: Checklist) -> None:
    amendment = instruments.item("i14-cppnm-amendment-2005")
    # never open for signature: no signature can count as a step
    assert "never open for signature" in amendment.descriptors[2]
    assert "signed" not in amendment.descriptors[1]
    mp14 = instruments.item("i19-montreal-protocol-2014")
    # landing and operator jurisdiction is a duty; offences for unruly behaviour are not
    assert "lands" in mp14.descriptors[4] and "operator" in mp14.descriptors[4]
    assert "unruly" not in mp14.descriptors[3] + mp14.descriptors[4]


def test_every_instrument_has_year_and_depositary(instruments: Checklist) -> None:
    for item in instruments.items():
        year = item.facts.get("year_adopted")
        assert isinstance(year, int) and not isinstance(year, bool), item.id
        assert 1963 <= year <= 2014, item.id
        depositary = item.facts.get("depositary")
        assert isinstance(depositary, str) and depositary.strip(), item.id


# ------------------------------------------------- ct-capacity-building (other author)


def test_capacity_building_has_the_nine_areas() -> None:
    path = BUNDLED / "ct-capacity-building.yaml"
    if not path.exists():
        pytest.skip("checklists/ct-capacity-building.yaml is not written yet")
    checklist = load_checklist(path, BUNDLED)
    assert [area.value for area in AssistanceArea] == CAPACITY_AREAS
    assert [area.id for area in checklist.areas] == [f"area-{slug}" for slug in CAPACITY_AREAS]
    for area in checklist.areas:
        assert 5 <= len(area.items) <= 8, f"{area.id} has {len(area.items)} items"


# ------------------------------------------------------- facts corrected in 1.1


@pytest.fixture(scope="module")
def capacity() -> Checklist:
    return _load("ct-capacity-building.yaml")


def test_japans_cargo_rules_are_told_apart(measures: Checklist, capacity: Checklist) -> None:
    cargo = capacity.item("cust-advance-cargo-info")
    assert "24 hours before arrival" in (cargo.example or "")
    assert "10 March 2014" in (cargo.example or "")
    assert "24 hours before departure from the port of loading" in (cargo.example or "")
    api = measures.item("m03-advance-passenger-and-crew-data")
    assert "24 hours before arrival" in (api.example or "")


def test_fatf_numbers_are_stated_without_hedges(capacity: Checklist) -> None:
    couriers = capacity.item("tf-cash-couriers")
    assert "R.32" in couriers.guidance and "confirm" not in couriers.guidance
    prosecution = capacity.item("tf-investigation-prosecution")
    assert "IO.9" in prosecution.guidance and "confirm" not in prosecution.guidance


def test_nuclear_security_benchmark_is_revision_5(measures: Checklist, capacity: Checklist) -> None:
    for item in (
        measures.item("m14-nuclear-material-protection"),
        capacity.item("cbrn-nuclear-security"),
    ):
        assert "Revision 5" in item.guidance, item.id
        assert any("Revision 5" in ref.title for ref in item.references), item.id


def test_precursor_control_is_benchmarked_on_precursors(measures: Checklist) -> None:
    item = measures.item("m09-explosive-precursor-control")
    titles = " ".join(ref.title for ref in item.references)
    assert "Programme Global Shield" in titles and "2370" in titles
    assert not any(ref.clause and "Chemical events" in ref.clause for ref in item.references)


def test_a_missing_audit_is_no_information_not_no_capacity(capacity: Checklist) -> None:
    item = capacity.item("av-usap-results")
    assert "no audit" not in item.descriptors[1].lower()
    assert '"no information"' in item.guidance


def test_jee_and_spar_evidence_carries_its_caveats(capacity: Checklist) -> None:
    item = capacity.item("cbrn-jee-spar-results")
    assert "not their meanings" in item.guidance and "self" in item.question
    area = capacity.area_of("cbrn-jee-spar-results")
    assert "self-report" in area.description


def test_capacity_scale_levels_one_and_two_differ() -> None:
    scale = load_scales(BUNDLED / "scales")["capacity-5"]
    first, second = (level.description for level in scale.levels[:2])
    assert "Nothing is applied" in first and "are applied" in second
    assert "JEE" in scale.description and "not their meanings" in scale.description


def test_the_2010_paper_is_cited_as_accepting_trainees(capacity: Checklist) -> None:
    assert "accepting trainees" in " ".join(capacity.description.split())
    assert "training of trainees" not in capacity.description


# ------------------------------------------------------------- FATF checklists


def test_forty_recommendations_in_fatf_order_and_sections() -> None:
    checklist = _load("fatf-recommendations.yaml")
    assert checklist.scale.id == "fatf-compliance"
    items = checklist.items()
    assert [item.title for item in items] == FATF_RECOMMENDATIONS
    assert [item.facts["recommendation_number"] for item in items] == list(range(1, 41))
    assert [(a.id.split("-")[1].upper(), len(a.items)) for a in checklist.areas] == FATF_SECTIONS
    for area in checklist.areas:
        section = area.id.split("-")[1].upper()
        assert all(item.facts["section"] == section for item in area.items), area.id
    for number, item in enumerate(items, start=1):
        assert item.id.startswith(f"r{number:02d}-"), item.id
        assert item.target == 3
        assert item.weight == (2 if 5 <= number <= 8 else 1), item.id
    area = {item.facts["recommendation_number"]: item.assistance_area for item in items}
    assert {area[n] for n in (5, 6, 8)} == {AssistanceArea.TERRORIST_FINANCING}
    assert area[7] is AssistanceArea.EXPORT_CONTROL
    assert area[36] is AssistanceArea.CT_CONVENTIONS
    assert {area[n] for n in (37, 38, 39, 40)} == {AssistanceArea.LAW_ENFORCEMENT_COOPERATION}


def test_eleven_immediate_outcomes_in_order() -> None:
    checklist = _load("fatf-immediate-outcomes.yaml")
    assert checklist.scale.id == "fatf-effectiveness"
    items = checklist.items()
    assert [item.title for item in items] == FATF_OUTCOMES
    assert [item.facts["immediate_outcome"] for item in items] == list(range(1, 12))
    assert [item.weight for item in items] == [1] * 8 + [2, 2, 1]
    assert all(item.id.startswith(f"io{n:02d}-") for n, item in enumerate(items, start=1))


def test_fatf_checklists_are_not_in_the_demo() -> None:
    from ctcap.demo.story import NOT_IN_DEMO

    assert {"fatf-recommendations", "fatf-immediate-outcomes"} <= NOT_IN_DEMO
