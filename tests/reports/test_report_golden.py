"""Golden files: the Markdown, JSON and CSV of the demo data, byte for byte.

After an intended change (to a renderer, the demo, or a bundled checklist), rewrite
them with ``CTCAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports/test_report_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctcap.reports.gap import build_gap_report
from ctcap.reports.history import build_history
from ctcap.reports.portfolio import build_portfolio
from ctcap.reports.render.csv import render_gap_csv, render_portfolio_csv
from ctcap.reports.render.json import render_gap_json, render_history_json, render_portfolio_json
from ctcap.reports.render.md import render_gap_md, render_history_md, render_portfolio_md

from .conftest import CHECKLISTS

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from ctcap.demo.story import build_demo
    from ctcap.loading.checklists import checklist_files, load_many
    from ctcap.storage.engine import open_database

    checklists, problems = load_many(checklist_files(CHECKLISTS), CHECKLISTS)
    assert not problems
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    try:
        build_demo(database, checklists)
        with database.read() as session:
            yield session
    finally:
        database.close()


def _gap(country: str, checklist: str | None = None) -> Callable[[Any], Any]:
    return lambda session: build_gap_report(session, country, checklist_id=checklist)


CASES: list[tuple[str, Callable[[Any], Any], Callable[[Any], str]]] = [
    ("gap-XAA.md", _gap("XAA"), render_gap_md),
    ("gap-XAA.json", _gap("XAA"), render_gap_json),
    ("gap-XAA.csv", _gap("XAA"), render_gap_csv),
    ("gap-XDD-ct-capacity-building.md", _gap("XDD", "ct-capacity-building"), render_gap_md),
    ("gap-XDD-ct-capacity-building.json", _gap("XDD", "ct-capacity-building"), render_gap_json),
    ("gap-XDD-ct-capacity-building.csv", _gap("XDD", "ct-capacity-building"), render_gap_csv),
    ("history-XCC.md", lambda s: build_history(s, "XCC"), render_history_md),
    ("history-XCC.json", lambda s: build_history(s, "XCC"), render_history_json),
    ("history-XBB.md", lambda s: build_history(s, "XBB"), render_history_md),
    ("portfolio.md", build_portfolio, render_portfolio_md),
    ("portfolio.json", build_portfolio, render_portfolio_json),
    ("portfolio.csv", build_portfolio, render_portfolio_csv),
]


@pytest.mark.parametrize(("name", "build", "render"), CASES, ids=[c[0] for c in CASES])
def test_golden(
    demo_session: Any, name: str, build: Callable[[Any], Any], render: Callable[[Any], str]
) -> None:
    built = build(demo_session)
    assert built.synthetic
    data = render(built).encode("utf-8")
    assert b"SYNTHETIC DATA" in data
    path = GOLDEN / name
    if os.environ.get("CTCAP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing: run with CTCAP_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        import difflib

        diff = "\n".join(
            list(
                difflib.unified_diff(
                    expected.decode().splitlines(),
                    data.decode().splitlines(),
                    "golden",
                    "now",
                    lineterm="",
                )
            )[:40]
        )
        pytest.fail(
            f"{name} differs from its golden file (CTCAP_UPDATE_GOLDEN=1 to accept):\n{diff}"
        )
