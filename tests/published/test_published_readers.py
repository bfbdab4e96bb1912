"""Reading the published files: the real layouts, bad files, bad rows, hostile cells."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.answers import Special
from ctcap.errors import InputFileError
from ctcap.interchange.published import read_published
from ctcap.interchange.published.mappings import bundled_country_names, find_mapping

from .conftest import CHECKLISTS, DATA, fatf_rows, write_csv, write_fatf_xlsx


@functools.cache
def _mapping(source: str) -> Any:
    return find_mapping(source, CHECKLISTS)


def _plan(source: str, path: Path, **options: Any) -> Any:
    names = bundled_country_names(CHECKLISTS)
    return read_published(source, path, _mapping(source), names, **options)


def _proposed(plan: Any) -> dict[tuple[str, str], Any]:
    return {(p.country, p.item_id): p.response for p in plan.proposals}


def _problems(source: str, path: Path, **options: Any) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        _plan(source, path, **options)
    return [str(p) for p in caught.value.problems]


# WHO GHO ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gho-spar.json", "gho-spar.csv"])
def test_gho_latest_year_lowest_of_two_capacities(name: str) -> None:
    plan = _plan("who-gho", DATA / name)
    # KEN: C14 60 (2023; 40 in 2022 is older) → 3, C15 80 → 4, lowest 3. NPL: C14 20 → 1.
    assert _proposed(plan) == {
        ("KEN", "cbrn-jee-spar-results"): 3,
        ("NPL", "cbrn-jee-spar-results"): 1,
    }
    ken = next(p for p in plan.proposals if p.country == "KEN")
    assert [(e.key, e.value, e.data_date) for e in ken.evidence] == [
        ("IHRSPAR2_C14", "60", "2023"),
        ("IHRSPAR2_C15", "80", "2023"),
    ]
    assert plan.aside["places that are not countries (regions, groups, the world)"] >= 1
    assert plan.aside["records without a value"] == 1
    assert plan.file.sha256 and plan.file.file_name == name


def test_gho_json_locates_bad_records(tmp_path: Path) -> None:
    document = json.loads((DATA / "gho-spar.json").read_text())
    document["value"][1]["SpatialDim"] = "XYZ"
    document["value"][2]["NumericValue"] = 140
    document["value"][3]["TimeDim"] = "soon"
    del document["value"][0]["IndicatorCode"]
    path = tmp_path / "gho.json"
    path.write_text(json.dumps(document))
    problems = _problems("who-gho", path)
    assert problems[:4] == [
        "gho.json: value[0]: missing 'IndicatorCode'",
        "gho.json: value[1]: SpatialDim: unknown country 'XYZ'",
        "gho.json: value[2]: NumericValue: 140 is outside 0–100",
        "gho.json: value[3]: TimeDim: 'soon' is not a year",
    ]
    assert problems[-1].endswith("4 bad row(s): nothing stored; fix the file, or give "
                                 "--skip-bad to store the good rows")  # fmt: skip


def test_gho_skip_bad_keeps_the_good_rows(tmp_path: Path) -> None:
    document = json.loads((DATA / "gho-spar.json").read_text())
    document["value"][3]["SpatialDim"] = "ZZZ"  # NPL's only value
    path = tmp_path / "gho.json"
    path.write_text(json.dumps(document))
    plan = _plan("who-gho", path, skip_bad=True)
    assert _proposed(plan) == {("KEN", "cbrn-jee-spar-results"): 3}
    assert [str(p) for p in plan.bad_rows] == [
        "gho.json: value[3]: SpatialDim: unknown country 'ZZZ'"
    ]


def test_gho_csv_missing_column_names_what_it_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gho.csv", [["Country", "Year", "Value"], ["KEN", "2023", "60"]])
    [line] = _problems("who-gho", path)
    assert line.startswith("gho.csv: line 1: missing column 'IndicatorCode'")
    assert "found 'Country', 'Year', 'Value'" in line


def test_gho_two_values_for_one_year_are_a_problem(tmp_path: Path) -> None:
    rows = [
        ["IndicatorCode", "SpatialDim", "TimeDim", "NumericValue"],
        ["IHRSPAR2_C14", "KEN", "2023", "60"],
        ["IHRSPAR2_C14", "KEN", "2023", "40"],
    ]
    problems = _problems("who-gho", write_csv(tmp_path / "g.csv", rows))
    assert problems[0] == (
        "g.csv: line 3: KEN IHRSPAR2_C14 has two values dated 2023 (line 2, line 3)"
    )


def test_gho_file_without_a_mapped_indicator_is_refused(tmp_path: Path) -> None:
    rows = [
        ["IndicatorCode", "SpatialDim", "TimeDim", "NumericValue"],
        ["SDGIHR2021", "KEN", "2023", "58"],
    ]
    [line] = _problems("who-gho", write_csv(tmp_path / "g.csv", rows))
    assert "no country value of any mapped indicator (IHRSPAR2_C14, IHRSPAR2_C15)" in line


# FATF -------------------------------------------------------------------------------------


def _fatf_expectations(plan: Any) -> None:
    proposed = _proposed(plan)
    assert proposed[("KEN", "r05-terrorist-financing-offence")] == 4  # C
    assert proposed[("KEN", "r06-tfs-terrorism")] == 2  # PC
    assert proposed[("KEN", "tf-offence")] == 4  # C → 4 on capacity-5
    assert proposed[("KEN", "tf-freeze-legal-basis")] == 3  # PC → 3
    assert proposed[("KEN", "io09-tf-investigation-prosecution")] == 2  # ME
    assert proposed[("KEN", "tf-investigation-prosecution")] == 3  # ME → 3
    assert proposed[("NPL", "r21-tipping-off-confidentiality")] is Special.NOT_APPLICABLE
    assert proposed[("BOL", "io01-risk-policy-coordination")] == 2
    per_country = {c: sum(1 for k in proposed if k[0] == c) for c in ("KEN", "NPL", "BOL")}
    assert per_country == {"KEN": 54, "NPL": 54, "BOL": 54}  # 40 + 11 + 3 capacity items


def test_fatf_csv_with_io1_and_r1_headers() -> None:
    plan = _plan("fatf", DATA / "fatf-ratings.csv")
    _fatf_expectations(plan)
    ken = next(p for p in plan.proposals if p.item_id == "tf-offence" and p.country == "KEN")
    assert [(e.key, e.value, e.data_date, e.location) for e in ken.evidence] == [
        ("R.5", "C", "2023-05", "line 2")
    ]


def test_fatf_xlsx_on_two_sheets_with_dotted_headers(fatf_xlsx: Path) -> None:
    plan = _plan("fatf", fatf_xlsx)
    _fatf_expectations(plan)
    ken = next(p for p in plan.proposals if p.item_id == "tf-offence" and p.country == "KEN")
    assert ken.evidence[0].location == "sheet 'Technical compliance' row 3"
    assert ken.evidence[0].data_date == "2023-05-31"


def test_fatf_title_and_note_rows_are_read_past(tmp_path: Path) -> None:
    rows = fatf_rows()
    rows.insert(1, ["FATF members", "", "", ""])
    rows.append(["Note: ratings as published on the date of each report", "", "", ""])
    plan = _plan("fatf", write_csv(tmp_path / "f.csv", rows))
    assert plan.bad_rows == [] and plan.aside == {"rows without any rating (titles, notes)": 2}
    _fatf_expectations(plan)


def test_fatf_unknown_countries_ratings_and_dates_name_file_and_row(tmp_path: Path) -> None:
    rows = fatf_rows()
    rows[1][0] = "Atlantis"
    rows[2][4 + 11 + 4] = "XX"  # NPL R.5
    rows[2][4] = "LC"  # NPL IO.1: a compliance rating where effectiveness is rated
    rows[3][2] = "someday"
    problems = _problems("fatf", write_csv(tmp_path / "f.csv", rows))
    assert problems[:4] == [
        "f.csv: line 2: unknown country 'Atlantis'",
        "f.csv: line 3: IO.1: unknown rating 'LC' (HE, SE, ME, LE)",
        "f.csv: line 3: R.5: unknown rating 'XX' (C, LC, PC, NC, NA)",
        "f.csv: line 4: report date 'someday' is not a date",
    ]


def test_fatf_unknown_column_refused_or_skipped(tmp_path: Path) -> None:
    rows = fatf_rows()
    for row in rows:
        row.append("x")
    rows[0][-1] = "R.41"
    path = write_csv(tmp_path / "f.csv", rows)
    [line] = _problems("fatf", path)
    assert line.startswith("f.csv: line 1: unknown column 'R.41'")
    plan = _plan("fatf", path, skip_bad=True)
    assert [str(p) for p in plan.bad_rows] == [line]
    _fatf_expectations(plan)


def test_fatf_hostile_cells_are_data_never_formulas(tmp_path: Path) -> None:
    rows = fatf_rows()
    rows[1][0] = '=HYPERLINK("http://evil.example","Kenya")'  # a formula in the workbook
    rows[2][0] = "Nepal\u202e"  # a right-to-left override
    rows[3][4 + 11] = "@SUM(1+1)"
    problems = _problems("fatf", write_fatf_xlsx(tmp_path / "f.xlsx", rows))
    assert problems[0] == (
        "f.xlsx: sheet 'Effectiveness' row 3: unknown country "
        '\'=HYPERLINK("http://evil.example","Kenya…\''  # 40 characters, the mark included
    )
    assert problems[1] == "f.xlsx: sheet 'Effectiveness' row 4: unknown country 'Nepal⟨U+202E⟩'"
    assert any("R.1: unknown rating '@SUM(1+1)'" in p for p in problems)


def test_control_characters_in_cells_are_shown_escaped(tmp_path: Path) -> None:
    rows = fatf_rows()
    rows[1][0] = "Kenya\x1b[2J\x07"
    rows[2][4] = "ME\r\nLE"
    problems = _problems("fatf", write_csv(tmp_path / "f.csv", rows))
    assert problems[0] == "f.csv: line 2: unknown country 'Kenya␛[2J␇'"
    assert problems[1] == "f.csv: line 3: IO.1: unknown rating 'ME␍␊LE' (HE, SE, ME, LE)"
    assert all(ch not in "".join(problems) for ch in "\x1b\x07\r")


# UN Treaty Collection ---------------------------------------------------------------------


def test_untc_title_line_names_the_treaty_and_dates_map_to_levels() -> None:
    plan = _plan("untc", DATA / "untc-XVIII-11.csv")
    assert plan.treaty == "XVIII-11"
    item = "i12-terrorist-financing-convention-1999"
    assert _proposed(plan) == {
        ("KEN", item): 3,  # accession
        ("NPL", item): 2,  # signature only
        ("BOL", item): 3,  # alias from the reviewed names list
        ("DNK", item): 3,  # footnote number after the name
        ("CIV", item): 3,  # typographic apostrophe, acceptance (A)
    }
    ken = next(p for p in plan.proposals if p.country == "KEN")
    evidence = ken.evidence[0]
    assert (evidence.value, evidence.data_date) == ("accession 2003-06-27", "2003-06-27")
    nepal = next(p for p in plan.proposals if p.country == "NPL")
    assert nepal.evidence[0].value == "signed 2001-12-28"


def test_untc_notes_below_the_table_are_read_past(tmp_path: Path) -> None:
    text = (DATA / "untc-XVIII-11.csv").read_text(encoding="utf-8")
    path = tmp_path / "status.csv"
    path.write_text(text + "Notes:,,\n1/ With a declaration on signature.,,\n", encoding="utf-8")
    plan = _plan("untc", path)
    assert len(plan.proposals) == 5 and plan.bad_rows == []
    assert plan.aside == {"rows without dates that name no country (notes, declarations)": 2}


def test_untc_needs_the_treaty_named(tmp_path: Path) -> None:
    lines = (DATA / "untc-XVIII-11.csv").read_text(encoding="utf-8").splitlines()[2:]
    path = tmp_path / "status.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [line] = _problems("untc", path)
    assert "name the treaty with --treaty (XVIII-9, XVIII-11, XVIII-15)" in line
    assert _plan("untc", path, treaty="XVIII-9").treaty == "XVIII-9"
    [line] = _problems("untc", DATA / "untc-XVIII-11.csv", treaty="XVIII-9")
    assert "--treaty XVIII-9 but the title line names XVIII-11" in line
    [line] = _problems("untc", path, treaty="XVIII-99")
    assert "treaty 'XVIII-99' is not in mapping untc-treaties" in line


def test_untc_bad_rows(tmp_path: Path) -> None:
    rows = [
        ["Participant", "Signature", "Ratification, Accession(a), Succession(d)"],
        ["Narnia", "", "1 Jan 2001"],
        ["Kenya", "31 Feb 2001", ""],
        ["Nepal", "", ""],
        ["Kenya", "", "1 Jan 2001 a"],
        ["Chad", "", "2001-01-01 a"],
        ["Chad", "", "2002-01-01"],
    ]
    problems = _problems("untc", write_csv(tmp_path / "s.csv", rows), treaty="XVIII-11")
    assert problems[:4] == [
        "s.csv: line 2: unknown participant 'Narnia'",
        "s.csv: line 3: '31 Feb 2001' is not a date",
        "s.csv: line 4: 'Nepal' has no date",
        "s.csv: line 7: TCD is listed twice (also line 6)",
    ]


# Wrong kinds of file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "content", "message"),
    [
        ("fatf", b'{"value": []}',
         "this is JSON, not a FATF ratings table (an XLSX workbook or CSV text)"),
        ("untc", None,
         "this is an XLSX workbook, not a UN Treaty Collection status table (CSV text)"),
        ("who-gho", None, "this is an XLSX workbook, not WHO GHO data (JSON or CSV text)"),
        ("fatf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (NUL byte)"),
        ("untc", "Participant,Signature,Ratification\nK\xf6ln,,".encode("latin-1"),
         "not UTF-8 text (byte 0xf6)"),
        ("who-gho", b'{"value": [', "not valid JSON"),
        ("who-gho", b'{"data": []}', 'no "value" list: not a GHO OData response'),
        ("fatf", b"PK\x03\x04 not really a zip", "not a readable XLSX workbook"),
        ("fatf", b"a,b\n1,2\n", "not a FATF consolidated ratings table"),
        ("untc", b"a,b\n1,2\n", "not a UN Treaty Collection status table"),
        ("fatf", b"  \n", "the file is empty"),
    ],
)  # fmt: skip
def test_wrong_files_are_refused_in_one_line(
    tmp_path: Path, fatf_xlsx: Path, source: str, content: bytes | None, message: str
) -> None:
    path = fatf_xlsx if content is None else tmp_path / "download.dat"
    if content is not None:
        path.write_bytes(content)
    [line] = _problems(source, path)
    assert message in line, line


def test_a_workbook_that_unpacks_too_large_is_refused(
    fatf_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctcap.interchange.published import files

    monkeypatch.setattr(files, "MAX_UNPACKED", 1000)
    [line] = _problems("fatf", fatf_xlsx)
    assert line == "fatf-ratings.xlsx: the workbook unpacks to more than 0 MB"
