"""Headless Chromium renders the HTML reports to screenshots that are not blank.

Chromium comes from Debian (``apt-get install -y chromium``). Without it the test
skips locally, and fails where ``CTCAP_REQUIRE_BROWSER`` or ``CI`` is set.
"""

from __future__ import annotations

import os
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from ctcap.reports.gap import build_gap_report
from ctcap.reports.portfolio import build_portfolio
from ctcap.reports.render.html import render_gap_html, render_portfolio_html

from .conftest import CHECKLISTS as REPO_CHECKLISTS
from .conftest import ReportDb

CHROMIUM = Path("/usr/bin/chromium")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found (apt-get install -y chromium)"
    if os.environ.get("CTCAP_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(f"the browser check must run here but cannot: {reason}")
    pytest.skip(reason)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered scanlines of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                pick = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pick) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r) for r in rows]


def colours(data: bytes, step: int = 4) -> set[bytes]:
    width, _height, rows = png_pixels(data)
    channels = len(rows[0]) // width
    found = set()
    for row in rows[::step]:
        for x in range(0, width, step):
            found.add(row[x * channels : x * channels + 3])
    return found


def screenshot(html_file: Path, png: Path, profile: Path) -> bytes:
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            "--window-size=1200,1600",
            html_file.resolve().as_uri(),
        ],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert png.exists(), "Chromium wrote no screenshot"
    return png.read_bytes()


def test_png_reader_sees_a_blank_image_as_blank() -> None:
    width, height = 8, 4
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    assert colours(png, step=1) == {b"\xff\xff\xff"}


@pytest.mark.parametrize("which", ["gap", "portfolio"])
def test_chromium_renders_the_html(report_db: ReportDb, tmp_path: Path, which: str) -> None:
    _require_chromium()
    from ctcap.storage.engine import open_database

    database = open_database(report_db.url)
    try:
        with database.read() as session:
            built: Any = (
                build_gap_report(session, "KEN") if which == "gap" else build_portfolio(session)
            )
    finally:
        database.close()
    html = render_gap_html(built) if which == "gap" else render_portfolio_html(built)
    page = tmp_path / f"{which}.html"
    page.write_text(html, encoding="utf-8")
    data = screenshot(page, tmp_path / f"{which}.png", tmp_path / "profile")
    found = colours(data)
    # A blank page is one colour; the report has text, level colours and chart strokes.
    assert len(found) > 20, f"screenshot looks blank: {len(found)} colours"
    # The charts were drawn: the assistance bars' colour, or a heatmap level colour.
    expected = (0xC2, 0x41, 0x0C) if which == "gap" else (0x91, 0xCF, 0x60)
    assert any(all(abs(c[n] - expected[n]) < 8 for n in range(3)) for c in found)


def test_chromium_renders_the_agreement_report(tmp_path: Path) -> None:
    """A revealed panel's agreement: the members' answers drawn in their levels' colours."""
    _require_chromium()
    from datetime import date

    from ctcap.loading.checklists import load_checklist
    from ctcap.reports.agreement import build_agreement_report
    from ctcap.reports.render.html import render_agreement_html
    from ctcap.storage import panels, repository
    from ctcap.storage.engine import open_database

    checklist = load_checklist(REPO_CHECKLISTS / "minimal.yaml", REPO_CHECKLISTS)
    database = open_database(f"sqlite:///{tmp_path / 'panel.sqlite'}")
    try:
        with database.write() as session:
            aid = repository.create_assessment(
                session, country="KEN", checklist=checklist, as_of=date(2026, 3, 1),
                assessor="ana",
            ).id  # fmt: skip
            panels.create_panel(session, aid, lead="ana", members=["ben", "cy"], actor="ana")
            for member, levels in {"ana": (1, 5), "ben": (1, 2), "cy": (2, 5)}.items():
                for item, level in zip(("sltd-reporting", "sltd-screening"), levels, strict=True):
                    panels.record_member_answer(session, aid, member, item, level)
            panels.reveal(session, aid, actor="ana")
        with database.read() as session:
            html = render_agreement_html(build_agreement_report(session, aid, "ana"))
    finally:
        database.close()
    page = tmp_path / "agreement.html"
    page.write_text(html, encoding="utf-8")
    found = colours(screenshot(page, tmp_path / "agreement.png", tmp_path / "profile"))
    assert len(found) > 20, f"screenshot looks blank: {len(found)} colours"
    top = checklist.scale.level(5).colour.lstrip("#")
    expected = tuple(int(top[n : n + 2], 16) for n in (0, 2, 4))
    assert any(all(abs(c[n] - expected[n]) < 8 for n in range(3)) for c in found)


def test_chromium_renders_self_against_external(tmp_path: Path) -> None:
    """A self-assessment against an external round: both answers drawn in their colours."""
    _require_chromium()
    from datetime import date

    from ctcap.loading.checklists import load_checklist
    from ctcap.reports.render.html import render_self_external_html
    from ctcap.reports.self_external import build_self_external
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    checklist = load_checklist(REPO_CHECKLISTS / "minimal.yaml", REPO_CHECKLISTS)
    database = open_database(f"sqlite:///{tmp_path / 'pair.sqlite'}")
    try:
        ids = []
        with database.write() as session:
            for origin, levels in (("self", (5, 4)), ("external", (2, 1))):
                info = repository.create_assessment(
                    session, country="KEN", checklist=checklist, as_of=date(2026, 3, 1),
                    assessor="ana", origin=origin,
                )  # fmt: skip
                for item, level in zip(("sltd-reporting", "sltd-screening"), levels, strict=True):
                    repository.record_answer(session, info.id, item, level, actor="ana")
                ids.append(info.id)
        with database.read() as session:
            html = render_self_external_html(build_self_external(session, *ids))
    finally:
        database.close()
    page = tmp_path / "compare.html"
    page.write_text(html, encoding="utf-8")
    found = colours(screenshot(page, tmp_path / "compare.png", tmp_path / "profile"))
    assert len(found) > 20, f"screenshot looks blank: {len(found)} colours"
    for value in (5, 1):  # the self round's top answer and the external round's lowest
        colour = checklist.scale.level(value).colour.lstrip("#")
        expected = tuple(int(colour[n : n + 2], 16) for n in (0, 2, 4))
        assert any(all(abs(c[n] - expected[n]) < 8 for n in range(3)) for c in found), value
