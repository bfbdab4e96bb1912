"""The panel in the TUI, driven with Pilot on a real SQLite file: blind scoring by a
member, reveal, adopting the unanimous items, a consensus with its rationale, the review
steps, and the refusals shown as one-line notifications."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, RadioSet

from ctcap.domain.answers import Special
from ctcap.storage import review
from ctcap.storage.engine import open_database

from .panel_seed import ANSWERS, MEMBERS, seed_panel, stored_panel

SIZE = (120, 40)


def notifications(app: Any) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def screen_text(app: Any) -> str:
    """Everything the terminal shows now (the SVG's text, tags stripped)."""
    return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")


async def open_panel(app: Any, pilot: Any, helpers: Any, assessment_id: int) -> Any:
    await helpers.loaded(app, pilot)
    app.open_assessment(assessment_id)
    await helpers.screen(app, pilot, "AssessmentScreen")
    await pilot.press("P")
    return await helpers.screen(app, pilot, "PanelScreen")


def test_a_member_scores_their_own_blind_answers(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    aid = seed_panel(seeded, tui_checklists)

    async def run() -> None:
        app = tui_app(assessor="ben")
        async with app.run_test(size=SIZE) as pilot:
            await helpers.loaded(app, pilot)
            app.open_assessment(aid)
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            assert screen.sheet.answers.responses() == ANSWERS["ben"]
            assert "your own answers, blind" in screen.sub_title
            screen.jump_to_item("port-security")
            await pilot.press("x")
            screen.jump_to_item("sltd-screening")
            await pilot.press("2")
            await helpers.settle(app, pilot)
            assert not screen.sheet.answers.saving
            assert not [n for n in notifications(app) if "Not saved" in n]

    asyncio.run(run())
    view, decided, _ = stored_panel(seeded, aid, "ben")
    assert view.answers["ben"]["port-security"].response == Special.NOT_APPLICABLE
    assert view.answers["ben"]["sltd-screening"].response == 2
    assert not decided
    others, _, _ = stored_panel(seeded, aid, "cy")
    assert others.answers["cy"]["sltd-screening"].response == 5  # nobody else's changed


def test_before_reveal_no_screen_shows_another_members_answers(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    aid = seed_panel(seeded, tui_checklists)

    async def run() -> None:
        app = tui_app(assessor="ben")
        async with app.run_test(size=SIZE) as pilot:
            seen = [screen_text(app)]  # the countries list
            panel = await open_panel(app, pilot, helpers, aid)
            seen.append(screen_text(app))
            assert not panel.query_one("#items", DataTable).display
            members = panel.query_one("#members", DataTable)
            assert [str(members.get_row_at(n)[1]) for n in range(3)] == ["7/7", "5/7", "7/7"]
            await pilot.press("q")
            assessment = await helpers.screen(app, pilot, "AssessmentScreen")
            for item_id in ("convention-1999", "port-security"):  # answered by others only
                assessment.jump_to_item(item_id)
                await helpers.settle(app, pilot)
                assert assessment.sheet.answers.response(item_id) is None
                seen.append(screen_text(app))
            await pilot.press("h")
            await helpers.screen(app, pilot, "HistoryScreen")
            seen.append(screen_text(app))
            await pilot.press("q", "g")
            await helpers.screen(app, pilot, "GapReportScreen")
            seen.append(screen_text(app))
        for text in seen:
            assert "SECRET-ana" not in text and "SECRET-cy" not in text

    asyncio.run(run())


def test_the_lead_reveals_adopts_and_records_a_consensus(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    aid = seed_panel(seeded, tui_checklists)

    async def run() -> None:
        app = tui_app(assessor="ana")
        async with app.run_test(size=SIZE) as pilot:
            panel = await open_panel(app, pilot, helpers, aid)
            await pilot.press("v")
            await helpers.screen(app, pilot, "ConfirmScreen")
            await pilot.press("y")
            await helpers.screen(app, pilot, "PanelScreen")
            assert panel.data.revealed
            items = panel.query_one("#items", DataTable)
            ranked = [items.coordinate_to_cell_key((n, 0)).row_key.value for n in range(3)]
            assert ranked == [line.item_id for line in panel.data.agreement.discussion_lines][:3]
            assert ranked[0] == "convention-1999"  # spread 4: the widest
            assert "Overall α" in screen_text(app)
            await pilot.press("a")
            await helpers.screen(app, pilot, "ConfirmScreen")
            await pilot.press("y")
            await helpers.screen(app, pilot, "PanelScreen")
            assert len(panel.data.agreement.consensus) == 3  # reporting, api-pnr, freezing
            items.move_cursor(row=ranked.index("sltd-screening"))
            await pilot.press("c")
            modal = await helpers.screen(app, pilot, "ConsensusScreen")
            modal.query_one(RadioSet).query("RadioButton")[3].value = True  # level 4
            modal.query_one(Input).value = "the main ports check, not all"
            await pilot.press("ctrl+s")
            await helpers.screen(app, pilot, "PanelScreen")
            assert "Consensus recorded: sltd-screening" in notifications(app)

    asyncio.run(run())
    view, decided, _ = stored_panel(seeded, aid, "ana")
    assert view.panel.revealed and view.panel.revealed_by == "ana"
    assert set(decided) == {"sltd-reporting", "api-pnr", "freezing", "sltd-screening"}
    assert decided["sltd-screening"].response == 4
    assert decided["sltd-screening"].rationale == "the main ports check, not all"
    assert {s.member for s in decided["sltd-screening"].sources} == set(MEMBERS)


def test_refused_steps_show_their_one_line_reason(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    aid = seed_panel(seeded, tui_checklists, reveal=True)

    async def as_lead() -> None:
        app = tui_app(assessor="ana")
        async with app.run_test(size=SIZE) as pilot:
            await open_panel(app, pilot, helpers, aid)
            await pilot.press("v")  # a second reveal: storage refuses it
            await helpers.settle(app, pilot)
            assert any("revealing is done once" in n for n in notifications(app))
            await pilot.press("y")  # approve a round not in review
            await helpers.settle(app, pilot)
            assert any("not in review: submit it first" in n for n in notifications(app))

    async def as_member() -> None:
        app = tui_app(assessor="ben")
        async with app.run_test(size=SIZE) as pilot:
            await helpers.loaded(app, pilot)
            app.open_assessment(aid)
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("3")  # scoring after reveal
            await helpers.settle(app, pilot)
            assert any("members' answers are closed" in n for n in notifications(app))
            assert not screen.sheet.answers.saving

    asyncio.run(as_lead())
    asyncio.run(as_member())


def test_review_steps_submit_send_back_and_approve_by_someone_else(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    aid = seed_panel(seeded, tui_checklists, reveal=True)
    from ctcap.storage import consensus

    db = open_database(seeded)
    with db.write() as session:  # every item decided, so the round can go to review
        consensus.adopt_unanimous(session, aid, actor="ana")
        for item_id in ("sltd-screening", "port-security", "fiu", "convention-1999"):
            consensus.record_consensus(session, aid, item_id, 3, actor="ana", rationale="agreed")
    db.close()

    async def step(who: str, keys: tuple[str, ...], modal: str | None = None) -> list[str]:
        app = tui_app(assessor=who)
        async with app.run_test(size=SIZE) as pilot:
            await open_panel(app, pilot, helpers, aid)
            await pilot.press(keys[0])
            if modal is not None:
                await helpers.screen(app, pilot, modal)
                await pilot.press(*keys[1:])
            await helpers.settle(app, pilot)
            return notifications(app)

    assert any("Submitted for review" in n for n in asyncio.run(step("ana", ("s",))))
    refused = asyncio.run(step("cy", ("y", "y"), "ConfirmScreen"))
    assert any("cy scored assessment" in n and "may not review" in n for n in refused)
    sent = asyncio.run(step("rev", ("n", *"cite the SOP", "enter"), "PromptScreen"))
    assert any("Changes requested" in n for n in sent)
    asyncio.run(step("ana", ("s",)))
    approved = asyncio.run(step("rev", ("y", "y"), "ConfirmScreen"))
    assert any("Approved: by rev" in n for n in approved)
    db = open_database(seeded)
    with db.read() as session:
        state = review.review_info(session, aid)
    db.close()
    assert state.state == "approved" and state.approved_by == "rev"


def test_a_hostile_member_name_is_shown_never_obeyed(
    seeded: str, tui_checklists: Path, tui_app: Any, helpers: Any
) -> None:
    from datetime import date

    from ctcap.loading.checklists import load_checklist
    from ctcap.storage import panels, repository

    hostile = "ev\x1b]0;pwned\x07[bold red]il"
    db = open_database(seeded)
    with db.write() as session:
        six = load_checklist(tui_checklists / "tui-six.yaml", tui_checklists)
        info = repository.create_assessment(
            session, country="TZA", checklist=six, as_of=date(2026, 3, 1), assessor="ana"
        )
        panels.create_panel(session, info.id, lead="ana", members=[hostile], actor="ana")
        panels.record_member_answer(session, info.id, hostile, "fiu", 2)
    db.close()

    async def run() -> None:
        app = tui_app(assessor="ana")
        async with app.run_test(size=SIZE) as pilot:
            await open_panel(app, pilot, helpers, info.id)
            await pilot.press("v")
            await helpers.screen(app, pilot, "ConfirmScreen")
            await pilot.press("y")
            await helpers.screen(app, pilot, "PanelScreen")
            text = screen_text(app)
            assert "\x1b" not in text and "\x07" not in text
            assert "ev␛]0;pwned␇[" in text  # shown, and its markup is text, not style
            revealed = next(n for n in notifications(app) if n.startswith("Revealed"))
            assert "\x1b" not in revealed and "␛" in revealed

    asyncio.run(run())
