"""Graded evidence, confidence and handling marks in the terminal app."""

from __future__ import annotations

import asyncio
from typing import Any

from ctcap.domain.evidence import Confidence, Grade, SourceType
from ctcap.storage import repository
from ctcap.storage.engine import open_database


def _kenya(url: str) -> Any:
    db = open_database(url)
    try:
        with db.read() as session:
            infos = repository.list_assessments(session, "KEN")
            return repository.get_assessment(session, infos[-1].id)
    finally:
        db.close()


async def _open_kenya(app: Any, pilot: Any, helpers: Any) -> Any:
    await helpers.loaded(app, pilot)
    app.open_country("KEN")
    return await helpers.screen(app, pilot, "AssessmentScreen")


def test_typed_evidence_and_confidence_are_written_and_shown(
    tui_app: Any, seeded: str, helpers: Any
) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _open_kenya(app, pilot, helpers)
            await pilot.press("k", "e")  # sltd-reporting
            modal = await helpers.screen(app, pilot, "EvidenceScreen")
            area = modal.query_one("#evidence-text")
            area.text = "mission report 2026\ntype=rumour; ref=overheard"
            await pilot.press("escape")  # refused: the modal stays, naming line and field
            await pilot.pause()
            assert app.screen is modal
            problem = str(modal.query_one("#evidence-problem").render())
            assert "line 2: type: unknown source type 'rumour'" in problem
            area.text = (
                "mission report 2026\n"
                "type=site-visit; date=2026-02; grade=B; ref=Visit to the main airport"
            )
            await pilot.press("escape")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("c", "c")  # not recorded → high → medium
            await helpers.settle(app, pilot)
            await app.database.wait_for_queue()
            support = str(screen.query_one("#support").render())
            assert "Confidence: medium" in support and "undated evidence" in support
            evidence = str(screen.query_one("#evidence").render())
            assert "Visit to the main airport (site visit, 2026-02, grade B" in evidence
            await pilot.press("q", "q")

    asyncio.run(body())
    answer = _kenya(seeded).answers["sltd-reporting"]
    assert answer.confidence is Confidence.MEDIUM
    visit = answer.evidence[1]
    assert (visit.type, visit.date, visit.grade) == (SourceType.SITE_VISIT, "2026-02", Grade.B)


def test_every_screen_of_a_round_shows_its_mark(tui_app: Any, seeded: str, helpers: Any) -> None:
    from ctcap.storage.marking import set_marks

    db = open_database(seeded)
    with db.write() as session:
        kenya = repository.list_assessments(session, "KEN")[-1]
        set_marks(session, kenya.id, actor="tester", mark="AMBER+STRICT")
    db.close()

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await helpers.loaded(app, pilot)
            table = app.screen.query_one("#countries")
            row = table.get_row("KEN")
            assert str(row[-1]) == "TLP:AMBER+STRICT"
            screen = await _open_kenya(app, pilot, helpers)
            assert screen.sub_title.startswith("TLP:AMBER+STRICT · Kenya")
            assert str(screen.query_one("#mark").render()) == "TLP:AMBER+STRICT"
            await pilot.press("g")
            report = await helpers.screen(app, pilot, "GapReportScreen")
            await helpers.settle(app, pilot)
            assert report.sub_title == "TLP:AMBER+STRICT · Gap report"
            assert report.markdown.startswith("**TLP:AMBER+STRICT**")
            await pilot.press("q", "h")
            history = await helpers.screen(app, pilot, "HistoryScreen")
            await helpers.settle(app, pilot)
            assert history.sub_title.startswith("TLP:AMBER+STRICT · History")
            await pilot.press("q", "q", "q")

    asyncio.run(body())
