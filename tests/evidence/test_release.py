"""A release at a level leaves out, in every format, everything marked above it.

One country, two final rounds: round 1 is GREEN, its names are AMBER and one answer is
RED; round 2 is RED. Released at GREEN, no output may hold round 2, the names, or the
RED answer's rationale and evidence; not in text, not in an SVG chart, not in any part
of an XLSX (hidden sheets, cells, defined names), not in OSCAL. Without a release the
same strings are there, so each check can fail.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.evidence import Confidence, EvidenceEntry, Grade, SourceType
from ctcap.domain.method import AssessmentType, TeamMember
from ctcap.storage import repository as repo
from ctcap.storage.engine import Database, open_database
from evidence.evidence_help import Ran

SECRETS = (
    "SECRET-RATIONALE",
    "SECRET-EVIDENCE",
    "Secret Assessor",
    "Secret Member",
    "SECRET-ROUND",
    "2025-02-03",
    "TLP:AMBER",
    "TLP:RED",
)


@dataclass(frozen=True)
class Released:
    url: str
    path: Path
    first: int
    second: int


def _build(path: Path, checklist: Any) -> Released:
    url = f"sqlite:///{path}"
    database = open_database(url)
    try:
        first = _round(database, checklist, date(2024, 1, 1), "GREEN", "Kenya first round")
        with database.write() as session:
            repo.record_answer(
                session, first, "sltd-reporting", 2, actor="Secret Assessor",
                rationale="SECRET-RATIONALE for the uploads", mark="RED",
                evidence=[EvidenceEntry(ref="SECRET-EVIDENCE report", type=SourceType.INTERVIEW,
                                        date="2023-10", grade=Grade.C)],
                confidence=Confidence.LOW,
            )  # fmt: skip
            repo.record_answer(
                session, first, "sltd-screening", 3, actor="Secret Assessor",
                rationale="Screening at the airports.",
                evidence=[EvidenceEntry(ref="airport SOP", type=SourceType.OFFICIAL_DOCUMENT,
                                        date="2023-12", grade=Grade.B)],
                confidence=Confidence.HIGH,
            )  # fmt: skip
            repo.finalize(session, first, actor="Secret Assessor")
        second = _round(database, checklist, date(2025, 2, 3), "RED", "SECRET-ROUND title")
        with database.write() as session:
            for item in ("sltd-reporting", "sltd-screening"):
                repo.record_answer(
                    session, second, item, 1, actor="Secret Assessor",
                    rationale="SECRET-RATIONALE of the red round",
                )  # fmt: skip
            repo.finalize(session, second, actor="Secret Assessor")
    finally:
        database.close()
    return Released(url, path, first, second)


def _round(database: Database, checklist: Any, as_of: date, mark: str, title: str) -> int:
    with database.write() as session:
        info = repo.create_assessment(
            session, country="KEN", checklist=checklist, as_of=as_of,
            assessor="Secret Assessor", title=title, mark=mark, names_mark="AMBER",
            assessment_type=AssessmentType.ON_SITE_VISIT,
            team=[TeamMember(name="Secret Member", organisation="MOI", role="lead")],
        )  # fmt: skip
    return info.id


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Released:
    from ctcap.loading.checklists import load_checklist
    from ctcap.paths import checklists_dir

    checklist = load_checklist(checklists_dir() / "minimal.yaml", checklists_dir())
    return _build(tmp_path_factory.mktemp("release") / "release.sqlite", checklist)


@pytest.fixture(scope="module")
def session(released: Released) -> Iterator[Any]:
    database = open_database(released.url)
    try:
        with database.read() as opened:
            yield opened
    finally:
        database.close()


def _xlsx_text(data: bytes) -> str:
    """Every part of the workbook, decompressed: cells, shared strings, hidden sheets,
    defined names, properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _outputs(session: Any, release: str | None) -> dict[str, str]:
    from ctcap.interchange.oscal.results import build_assessment_results
    from ctcap.interchange.oscal.schema import RESULTS_SCHEMA, checked_json
    from ctcap.reports.formats import render_gap, render_history, render_portfolio
    from ctcap.reports.gap import build_gap_report
    from ctcap.reports.history import build_history
    from ctcap.reports.portfolio import build_portfolio

    gap = build_gap_report(session, "KEN", release=release)
    history = build_history(session, "KEN", release)
    portfolio = build_portfolio(session, release)
    found: dict[str, str] = {}
    for fmt in ("md", "html", "json", "csv", "xlsx"):
        for name, rendered in (
            ("gap", render_gap(gap, fmt)),
            ("portfolio", render_portfolio(portfolio, fmt)),
        ):
            found[f"{name}.{fmt}"] = (
                _xlsx_text(rendered) if isinstance(rendered, bytes) else rendered
            )
    for fmt in ("md", "json"):
        found[f"history.{fmt}"] = render_history(history, fmt)
    document = build_assessment_results(session, "KEN", release=release)
    found["gap.oscal"] = checked_json(document, RESULTS_SCHEMA, "KEN")
    return found


def test_without_a_release_every_output_holds_what_a_release_would_leave_out(
    session: Any,
) -> None:
    outputs = _outputs(session, None)
    for name in ("gap.md", "gap.html", "gap.json", "gap.csv", "gap.xlsx", "gap.oscal"):
        assert "SECRET-RATIONALE" in outputs[name], name
        assert "TLP:RED" in outputs[name] or '"RED"' in outputs[name], name
    for name in ("gap.md", "gap.html", "gap.xlsx", "gap.json"):
        assert "Secret Assessor" in outputs[name], name
    assert "2025-02-03" in outputs["portfolio.html"] and "2025-02-03" in outputs["history.md"]


def test_released_at_green_no_output_holds_anything_marked_above_it(session: Any) -> None:
    outputs = _outputs(session, "TLP:GREEN")
    for name, text in outputs.items():
        for secret in SECRETS:
            assert secret not in text, (name, secret)
        assert "TLP:GREEN" in text or '"GREEN"' in text, name
    gap = json.loads(outputs["gap.json"])
    assert gap["handling"] == {
        "mark": "GREEN", "label": "TLP:GREEN",
        "levels": ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"], "release": "GREEN",
    }  # fmt: skip
    assert gap["assessment"]["as_of"] == "2024-01-01"  # round 2 is left out: round 1 reported
    assert gap["assessment"]["names_withheld"] == "TLP:GREEN"
    [reporting] = [i for i in gap["items"] if i["item"] == "sltd-reporting"]
    assert reporting["withheld"] == "TLP:GREEN" and reporting["evidence"] == []
    assert reporting["confidence"] == "low" and reporting["flags"] == ["low confidence"]
    [screening] = [i for i in gap["items"] if i["item"] == "sltd-screening"]
    assert screening["evidence"][0]["ref"] == "airport SOP"  # below the level: shown


def test_every_page_sheet_and_row_carries_the_mark(session: Any) -> None:
    from openpyxl import load_workbook

    from ctcap.reports.formats import render_gap, render_portfolio
    from ctcap.reports.gap import build_gap_report
    from ctcap.reports.portfolio import build_portfolio

    gap = build_gap_report(session, "KEN", release="GREEN")
    markdown = str(render_gap(gap, "md")).strip().splitlines()
    assert markdown[0] == markdown[-1] == "**TLP:GREEN · released at TLP:GREEN**"
    rows = str(render_gap(gap, "csv")).splitlines()
    assert rows[0].startswith("handling,") and all(r.startswith("TLP:GREEN,") for r in rows[1:])
    for rendered in (render_gap(gap, "xlsx"), render_portfolio(build_portfolio(session), "xlsx")):
        assert isinstance(rendered, bytes)
        book = load_workbook(io.BytesIO(rendered))
        assert not book.defined_names
        for sheet in book.worksheets:
            assert sheet.sheet_state == "visible"
            assert str(sheet["A1"].value).startswith("TLP:"), sheet.title
            assert sheet.oddHeader.right.text == sheet.oddFooter.right.text
            assert str(sheet.oddHeader.right.text).startswith("TLP:")
            hidden = [d for d in sheet.row_dimensions.values() if d.hidden]
            hidden += [d for d in sheet.column_dimensions.values() if d.hidden]
            assert hidden == [], sheet.title


def test_every_printed_page_of_the_html_carries_the_mark(session: Any, tmp_path: Path) -> None:
    import subprocess

    from pypdf import PdfReader

    from ctcap.reports.formats import render_gap
    from ctcap.reports.gap import build_gap_report

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("headless Chromium is needed to print the HTML report")
    html = tmp_path / "gap.html"
    html.write_text(str(render_gap(build_gap_report(session, "KEN", release="GREEN"), "html")))
    pdf = tmp_path / "gap.pdf"
    subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "TLP:GREEN" in text, f"page {number} has no mark"
        assert "TLP:AMBER" not in text and "SECRET-" not in text


def test_the_cli_release_option_reaches_every_report(
    cli: Callable[..., Ran], released: Released, tmp_path: Path
) -> None:
    for args in (
        ("report", "gap", "--country", "KEN", "--format", "json"),
        ("report", "gap", "--country", "KEN", "--format", "oscal"),
        ("report", "portfolio", "--format", "csv"),
        ("history", "--country", "KEN", "--json"),
    ):
        shown = cli(*args, "--release", "green", db=released.path)
        assert shown.code == 0, shown.err
        assert "SECRET-" not in shown.out and "Secret Assessor" not in shown.out, args
        assert "GREEN" in shown.out
    refused = cli(
        "report", "gap", "--country", "KEN", "--assessment", str(released.second),
        "--release", "GREEN", db=released.path,
    )  # fmt: skip
    assert refused.code == 1 and "marked above the release level TLP:GREEN" in refused.err
    assert "SECRET-" not in refused.err
    nothing = cli("report", "gap", "--country", "KEN", "--release", "CLEAR", db=released.path)
    assert nothing.code == 1
    assert "no assessments for KEN (Kenya) at or below the release level TLP:CLEAR" in nothing.err
