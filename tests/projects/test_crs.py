"""OECD CRS rows through the reviewed mapping: placed, or reported with file and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ctcap.domain.model import AssistanceArea
from ctcap.errors import InputFileError
from ctcap.interchange.crs.parse import read_crs
from ctcap.loading.projects import CrsMapping, load_crs_mapping

from .conftest import CHECKLISTS

HEADER = (
    "Year,DonorName,RecipientName,FlowName,PurposeCode,ProjectTitle,USD_Commitment,"
    "USD_Disbursement,Extra\n"
)


@pytest.fixture(scope="module")
def mapping() -> CrsMapping:
    return load_crs_mapping(CHECKLISTS / "mappings" / "projects" / "crs.yaml")[0]


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "crs.csv"
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_rows_become_projects_and_unknown_rows_are_located(tmp_path: Path, mapping) -> None:  # type: ignore[no-untyped-def]
    path = _csv(
        tmp_path,
        '2009,Japan,Viet Nam,ODA Grants,33120,"Customs, Haiphong",7.9,0.25,x',
        "2010,Japan,Lao People's Democratic Republic,ODA Grants,21050,Airport,1.5,,x",
        "2010,Japan,Atlantis,ODA Grants,33120,Nowhere,1,1,x",
        "2010,Japan,Indonesia,ODA Grants,99999,Unmapped purpose,1,1,x",
        "2011,Japan,Far East Asia regional,ODA Grants,12345,Both unknown,1,1,x",
    )
    batch = read_crs(path, mapping, display="crs.csv")
    first, second = (imported.project for imported in batch.projects)
    assert (first.recipient_country, first.area, first.title) == (
        "VNM", AssistanceArea.CUSTOMS_COOPERATION, "Customs, Haiphong")  # fmt: skip
    assert first.money.currency == "USD"
    assert first.money.committed == Decimal("7900000.00")  # amounts are USD millions
    assert first.money.disbursed == Decimal("250000.00")
    assert first.decided == "2009" and first.funding_org == "Japan"
    assert first.identifier.startswith("crs-") and first.scheme is None
    assert (second.recipient_country, second.money.disbursed) == ("LAO", None)
    located = [f"{p.file}:{p.line} {p.path}" for p in batch.unknown]
    assert located == [
        "crs.csv:4 RecipientName", "crs.csv:5 PurposeCode", "crs.csv:6 RecipientName",
        "crs.csv:6 PurposeCode",
    ]  # fmt: skip
    assert "'Atlantis' is in neither the mapping nor ISO 3166-1" in batch.unknown[0].message


def test_the_same_row_gets_the_same_identifier(tmp_path: Path, mapping) -> None:  # type: ignore[no-untyped-def]
    row = "2009,Japan,Viet Nam,ODA Grants,33120,Customs,7.9,0.25,x"
    once = read_crs(_csv(tmp_path, row), mapping).projects[0].project.identifier
    other = read_crs(_csv(tmp_path, row.replace("7.9", "8.0")), mapping).projects[0]
    assert read_crs(_csv(tmp_path, row), mapping).projects[0].project.identifier == once
    assert other.project.identifier == once  # amounts are not part of a row's identity


@pytest.mark.parametrize(
    ("rows", "header", "needle"),
    [
        (("2009,Japan,Viet Nam",), HEADER, "crs.csv:2:1: row has a different number of fields"),
        ((), "Year,DonorName\n", "crs.csv:1:1: header: missing column(s): RecipientName"),
        (("2009,Japan,Viet Nam,ODA,33120,T,seven,,x",), HEADER,
         "crs.csv:2:1: USD_Commitment: 'seven' is not an amount"),
        (("2009,Japan,Viet Nam,ODA,33120,T,-1,,x",), HEADER, "USD_Commitment"),
        (("09,Japan,Viet Nam,ODA,33120,T,1,,x",), HEADER, "crs.csv:2:1: Year: '09' is not a year"),
        ((), HEADER, "no rows"),
    ],
)  # fmt: skip
def test_malformed_csv_is_one_located_problem(
    tmp_path: Path,
    mapping,
    rows: tuple[str, ...],
    header: str,
    needle: str,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(InputFileError) as refused:
        read_crs(_csv(tmp_path, *rows, header=header), mapping, display="crs.csv")
    assert len(refused.value.problems) == 1 and needle in str(refused.value)


def test_binary_and_non_utf8_files_are_refused(tmp_path: Path, mapping) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bin.csv"
    path.write_bytes(b"Year\x00\x01\x02")
    with pytest.raises(InputFileError, match="binary data"):
        read_crs(path, mapping)
    path.write_bytes(HEADER.encode() + "2009,Japan,Côte\n".encode("latin-1"))
    with pytest.raises(InputFileError, match=r":2:1: not UTF-8"):
        read_crs(path, mapping)


def test_the_mapping_is_reviewed_data_with_reasons() -> None:
    mapping, _ = load_crs_mapping(CHECKLISTS / "mappings" / "projects" / "crs.yaml")
    assert mapping.amount_unit == 1_000_000 and mapping.currency == "USD"
    assert all(spec.why and spec.name for spec in mapping.purpose_codes.values())
    assert {spec.area for spec in mapping.purpose_codes.values()} <= set(AssistanceArea)
