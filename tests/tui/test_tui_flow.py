"""The whole flow at 80×24, checked on the screen and in the database."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Select

from ctcap.domain.answers import Special
from ctcap.storage import repository
from ctcap.storage.engine import open_database

RATIONALES = {
    "sltd-reporting": "weekly",
    "sltd-screening": "I-24/7",
    "api-pnr": "one hub",
    "port-security": "audited",
    "fiu": "none",
}
LEVELS = {"sltd-reporting": 4, "sltd-screening": 3, "api-pnr": 2, "port-security": 5, "fiu": 1}


def stored(url: str) -> Any:
    db = open_database(url)
    try:
        with db.read() as session:
            [info] = repository.list_assessments(session, "KEN")
            return repository.get_assessment(session, info.id)
    finally:
        db.close()


def test_new_score_undo_quit_reopen(tui_app: Any, tui_db_url: str, helpers: Any) -> None:
    async def first_session() -> dict[str, Any]:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            # Type to filter: the letters go to the filter, Enter opens the country.
            await pilot.press("K", "E", "N")
            countries = app.screen
            assert countries.query_one("#filter").value == "KEN"
            await pilot.press("enter")
            modal = await helpers.screen(app, pilot, "NewAssessmentScreen")
            assert modal.query_one("#country", Select).value == "KEN"
            assert modal.query_one("#assessor").value == "tester"
            assert modal.query_one("#as-of").value == "2026-03-01"
            modal.query_one("#checklist", Select).value = "tui-six"
            await pilot.press("ctrl+s")
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            assert screen.item_id == "sltd-reporting"

            for item_id, level in LEVELS.items():
                assert screen.item_id == item_id
                await pilot.press(str(level), "r", *RATIONALES[item_id], "escape", "]")
            assert screen.item_id == "freezing"
            await pilot.press("x")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("freezing") == Special.NOT_APPLICABLE
            assert "5/6" in str(screen.query_one("#summary").content)
            await pilot.press("u")
            await helpers.settle(app, pilot)

            summary = str(screen.query_one("#summary").content)
            assert "5/7" in summary and "✓ saved" in summary
            assert screen.sheet.answers.response("freezing") is None
            label = screen.query_one("#tree").item_nodes["sltd-reporting"].label
            assert label.plain.startswith("4")
            state = {
                "cursor": screen.item_id,
                "current": dict(screen.sheet.answers.current),
                "summary": summary,
                "score": screen.sheet.score,
            }
            await pilot.press("q")
            await helpers.screen(app, pilot, "CountriesScreen")
            await pilot.press("q")
        assert app.return_code == 0
        return state

    before = asyncio.run(first_session())

    detail = stored(tui_db_url)
    assert detail.info.cursor_item_id == "freezing" == before["cursor"]
    assert {k: a.response for k, a in detail.answers.items() if a.response is not None} == LEVELS
    for item_id, rationale in RATIONALES.items():
        assert detail.answers[item_id].rationale == rationale
        assert detail.answers[item_id].assessor == "tester"
    assert detail.answers["freezing"].response is None  # undone: cleared again, audited
    assert detail.answers["freezing"].version == 2

    async def second_session() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            await pilot.press("enter")  # the list starts on the country worked on last
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            assert screen.item_id == before["cursor"]
            assert screen.query_one("#tree").cursor_node.data == before["cursor"]
            answers = screen.sheet.answers.current
            current = {k: v for k, v in answers.items() if v.response is not None}
            assert current == {k: v for k, v in before["current"].items() if v.response}
            assert screen.sheet.score == before["score"]
            assert str(screen.query_one("#summary").content) == before["summary"].replace(
                " · ✓ saved", ""
            )
            await pilot.press("q", "q")

    asyncio.run(second_session())
