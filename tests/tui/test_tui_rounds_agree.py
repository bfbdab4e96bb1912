"""One history, three faces: the TUI's arrows, ``history --json`` and the gap report agree.

KEN has, on the test checklist: a final 2024 round, a final 2025 round, an abandoned
2025 draft, and a 2026 round started with ``new --from`` the 2024 round on version 2.0,
where one item is reworded. The 2026 round's previous round is the 2024 one it was
started from (``domain.rounds``), not the later 2025 final nor the draft: every face
must measure its changes against the same round.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ctcap.domain.answers import Special

from .conftest import REPO, load_test_checklist

FIRST = {  # 2024, final: what the 2026 round is measured against
    "sltd-reporting": 2,
    "sltd-screening": 3,
    "api-pnr": 2,
    "port-security": Special.NOT_APPLICABLE,
    "fiu": 3,
    "freezing": 2,
    "convention-1999": 4,
}
SECOND = {**FIRST, "sltd-reporting": 4, "fiu": 1, "freezing": 4}  # 2025, final
ABANDONED = {"sltd-reporting": 1, "fiu": 5}  # 2025 draft
# Scored in the TUI on the 2026 round (carried from 2024 where unchanged).
TYPED = {"sltd-reporting": "4", "fiu": "1", "api-pnr": "3", "convention-1999": "2"}
IMPROVED = {"sltd-reporting", "api-pnr"}
REGRESSED = {"fiu", "convention-1999"}


def _version_two(directory: Path) -> Any:
    """The test checklist as version 2.0, with the API/PNR question reworded."""
    text = (directory / "tui-six.yaml").read_text()
    text = text.replace('version: "1.0"', 'version: "2.0"', 1)
    marker = "      - id: api-pnr\n"
    head, tail = text.split(marker, 1)
    lines = tail.split("\n")
    for n, line in enumerate(lines):
        if line.strip().startswith("question:"):
            lines[n] = "        question: Do carriers send passenger data before arrival, by law?"
            break
    path = directory.parent / "v2" / "tui-six.yaml"
    path.parent.mkdir()
    path.write_text(head + marker + "\n".join(lines))
    from ctcap.loading.checklists import load_checklist

    return load_checklist(path, directory)


def _seed(url: str, checklists: Path) -> dict[str, int]:
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database
    from ctcap.storage.rounds import start_next_round

    v1, v2 = load_test_checklist(checklists, "tui-six"), _version_two(checklists)
    db = open_database(url)
    ids: dict[str, int] = {}
    try:
        with db.write() as session:
            for key, as_of, answers, final in (
                ("2024", date(2024, 3, 1), FIRST, True),
                ("2025", date(2025, 3, 1), SECOND, True),
                ("draft", date(2025, 9, 1), ABANDONED, False),
            ):
                info = repository.create_assessment(
                    session, country="KEN", checklist=v1, as_of=as_of, assessor="amina"
                )
                for item_id, response in answers.items():
                    repository.record_answer(session, info.id, item_id, response, actor="amina")
                if final:
                    repository.finalize(session, info.id, actor="amina")
                ids[key] = info.id
            nxt = start_next_round(session, ids["2024"], v2, date(2026, 3, 1), "tester")
            ids["2026"] = nxt.info.id
            assert nxt.rescore == ("api-pnr",)
    finally:
        db.close()
    return ids


def _cli(url: str, *args: str) -> Any:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    command = [sys.executable, "-m", "ctcap", f"--db={url}", *args]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_tui_history_and_gap_report_measure_against_the_same_round(
    tui_app: Any, tui_db_url: str, tui_checklists: Path, helpers: Any
) -> None:
    import asyncio

    ids = _seed(tui_db_url, tui_checklists)

    async def score_in_the_tui() -> dict[str, str]:
        app = tui_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await helpers.loaded(app, pilot)
            app.open_country("KEN")  # its working round: the 2026 draft
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            assert screen.assessment_id == ids["2026"]
            for item_id, key in TYPED.items():
                screen.jump_to_item(item_id)
                await pilot.pause()
                await pilot.press(key)
            await helpers.settle(app, pilot)
            tree = screen.query_one("#tree")
            marks = {}
            for item_id, node in tree.item_nodes.items():
                text = str(node.label)
                marks[item_id] = "▲" if "▲" in text[:3] else "▼" if "▼" in text[:3] else ""
            await pilot.press("q")
            await app.action_quit()
        return marks

    marks = asyncio.run(score_in_the_tui())
    assert {i for i, m in marks.items() if m == "▲"} == IMPROVED
    assert {i for i, m in marks.items() if m == "▼"} == REGRESSED

    history = _cli(tui_db_url, "history", "--country", "KEN", "--json")
    [track] = [t for t in history["checklists"] if t["checklist"] == "tui-six"]
    [latest] = [c for c in track["comparisons"] if c["to"] == ids["2026"]]
    assert latest["from"] == ids["2024"]
    assert {c["item"] for c in latest["improved"]} == IMPROVED
    assert {c["item"] for c in latest["regressed"]} == REGRESSED
    reworded = latest["checklist_changes"]["reworded"]
    assert [r["item"] for r in reworded] == ["api-pnr"]

    gap = _cli(
        tui_db_url,
        "report",
        "gap",
        "--country",
        "KEN",
        "--assessment",
        str(ids["2026"]),
        "--format",
        "json",
    )
    changes = {row["item"]: row["change"] for row in gap["items"]}
    assert {i for i, c in changes.items() if c > 0} == IMPROVED
    assert {i for i, c in changes.items() if c < 0} == REGRESSED
    assert {c["item"] for c in gap["improved"]} == IMPROVED
    assert {c["item"] for c in gap["regressed"]} == REGRESSED
