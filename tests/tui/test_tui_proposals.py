"""Proposals from published data in the TUI: a real FATF file imported through the
importer into a real SQLite round, then accepted, edited and rejected with keys; the
database, the proposal log and ``ctcap audit verify`` checked after."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from ctcap.domain.answers import Special
from ctcap.storage import repository
from ctcap.storage.engine import open_database
from ctcap.storage.proposals import list_proposals, proposal_log

REPO = Path(__file__).resolve().parents[2]
FATF = REPO / "tests" / "published" / "data" / "fatf-ratings.csv"
CHECKLISTS = REPO / "checklists"


@pytest.fixture
def fatf_round(seeded: str) -> int:
    """Kenya's FATF immediate-outcomes round, with the sample file's 11 proposals; IO2
    answered by hand before the import."""
    from ctcap.interchange.published.importer import Scope, import_published
    from ctcap.interchange.published.mappings import bundled_checklists_by_id

    checklist = bundled_checklists_by_id(CHECKLISTS)["fatf-immediate-outcomes"]
    db = open_database(seeded)
    try:
        with db.write() as session:
            info = repository.create_assessment(
                session, country="KEN", checklist=checklist, as_of=date(2026, 2, 1),
                assessor="tester",
            )  # fmt: skip
            second = checklist.items()[1].id
            repository.record_answer(session, info.id, second, 2, actor="amina")
        report = import_published(
            db, "fatf", FATF, Scope(countries=("KEN",)), actor="importer", bundled=CHECKLISTS
        )
        assert report.proposed == 11
    finally:
        db.close()
    return info.id


def _stored(url: str, assessment_id: int) -> tuple[Any, list[Any], list[Any]]:
    db = open_database(url)
    try:
        with db.read() as session:
            detail = repository.get_assessment(session, assessment_id)
            every = list_proposals(session, assessment_id, include_decided=True)
            log = proposal_log(session, assessment_id)
    finally:
        db.close()
    return detail, every, log


def _audit_verify(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    return subprocess.run(
        [sys.executable, "-m", "ctcap", f"--db={url}", "audit", "verify"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip


async def _open_proposals(app: Any, pilot: Any, helpers: Any, assessment_id: int) -> Any:
    await helpers.loaded(app, pilot)
    app.open_assessment(assessment_id)
    await helpers.screen(app, pilot, "AssessmentScreen")
    await pilot.press("p")
    return await helpers.screen(app, pilot, "ProposalsScreen")


def _row_of(screen: Any, item_id: str) -> int:
    return [p.item_id for p in screen.view.proposals].index(item_id)


def test_accept_edit_and_reject_in_the_tui(
    seeded: str, fatf_round: int, tui_app: Any, helpers: Any
) -> None:
    detail, every, _ = _stored(seeded, fatf_round)
    items = [i.id for i in detail.checklist.items()]
    first, answered, third, fourth, fifth = items[:5]
    proposed = {r.item_id: r.response for r in every}

    async def run() -> list[str]:
        app = tui_app()
        notes: list[str] = []
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            scoring = None
            await helpers.loaded(app, pilot)
            app.open_assessment(fatf_round)
            scoring = await helpers.screen(app, pilot, "AssessmentScreen")
            scoring.jump_to_item(first)
            await helpers.settle(app, pilot)
            note = scoring.query_one("#proposal-note")
            assert note.display and "Proposed:" in str(note.render())
            await pilot.press("p")
            screen = await helpers.screen(app, pilot, "ProposalsScreen")
            assert len(screen.view.proposals) == 11
            table = screen.query_one("#proposals")

            table.move_cursor(row=_row_of(screen, first))
            await pilot.press("a")  # accept
            await helpers.settle(app, pilot)

            table.move_cursor(row=_row_of(screen, answered))
            await pilot.press("a")  # refused: the item has an answer
            await helpers.settle(app, pilot)
            notes.extend(str(n.message) for n in app._notifications)

            table.move_cursor(row=_row_of(screen, third))
            await pilot.press("e")
            await helpers.screen(app, pilot, "PromptScreen")
            await pilot.press("x", "enter")  # edit: not applicable instead
            await helpers.settle(app, pilot)

            table.move_cursor(row=_row_of(screen, fourth))
            await pilot.press("r")
            await helpers.screen(app, pilot, "PromptScreen")
            await pilot.press(*"old data", "enter")
            await helpers.settle(app, pilot)
            assert {p.item_id for p in screen.view.proposals} >= {answered, fifth}
            assert first not in {p.item_id for p in screen.view.proposals}

            await pilot.press("q")  # back: the scoring screen reloads with the answers
            scoring = await helpers.screen(app, pilot, "AssessmentScreen")
            assert scoring.sheet.answers.response(first) == proposed[first]
            assert scoring.sheet.answers.response(third) == Special.NOT_APPLICABLE
            assert not scoring.sheet.info.is_final
            await app.action_quit()
        return notes

    notes = asyncio.run(run())
    assert any("never overwrites an answer" in n for n in notes), notes

    detail, every, log = _stored(seeded, fatf_round)
    status = {r.item_id: r.status for r in every}
    assert status[first] == "accepted" and status[third] == "edited"
    assert status[fourth] == "rejected" and status[answered] == "pending"
    assert next(r for r in every if r.item_id == fourth).reason == "old data"
    assert detail.answers[first].response == proposed[first]
    assert detail.answers[first].assessor == "tester"
    assert "sha256" in detail.answers[first].evidence[0]
    assert detail.answers[third].response == Special.NOT_APPLICABLE
    assert detail.answers[answered].response == 2 and detail.answers[answered].assessor == "amina"
    assert fourth not in detail.answers or detail.answers[fourth].response is None
    assert not detail.info.is_final
    assert [e.kind for e in log][-3:] == ["accept", "edit", "reject"]
    verified = _audit_verify(seeded)
    assert verified.returncode == 0, verified.stderr


def test_accept_all_leaves_answered_items_and_never_finalizes(
    seeded: str, fatf_round: int, tui_app: Any, helpers: Any
) -> None:
    answered = _stored(seeded, fatf_round)[0].checklist.items()[1].id

    async def run() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_proposals(app, pilot, helpers, fatf_round)
            await pilot.press("A")
            await helpers.screen(app, pilot, "ConfirmScreen")
            await pilot.press("y")
            await helpers.settle(app, pilot)
            [left] = screen.view.proposals
            assert left.item_id == answered
            assert left.answer_now is not None and left.answer_now.endswith("by amina")
            await app.action_quit()

    asyncio.run(run())
    detail, every, _ = _stored(seeded, fatf_round)
    assert sum(r.status == "accepted" for r in every) == 10
    assert [r.status for r in every if r.status == "pending"] == ["pending"]
    assert not detail.info.is_final  # every item answered, and still a draft
    assert _audit_verify(seeded).returncode == 0


def test_a_final_round_refuses_with_a_notification(
    seeded: str, fatf_round: int, tui_app: Any, helpers: Any
) -> None:
    db = open_database(seeded)
    try:
        with db.write() as session:
            detail = repository.get_assessment(session, fatf_round)
            for item in detail.checklist.items():
                if item.id not in detail.answers:
                    repository.record_answer(
                        session, fatf_round, item.id, Special.NO_INFORMATION, actor="amina"
                    )
            repository.finalize(session, fatf_round, actor="amina")
    finally:
        db.close()

    async def run() -> list[str]:
        app = tui_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await _open_proposals(app, pilot, helpers, fatf_round)
            assert screen.view.is_final
            await pilot.press("r")
            await helpers.screen(app, pilot, "PromptScreen")
            await pilot.press(*"no", "enter")
            await helpers.settle(app, pilot)
            notes = [str(n.message) for n in app._notifications]
            await app.action_quit()
        return notes

    notes = asyncio.run(run())
    assert any("final" in n for n in notes), notes
    _, every, _ = _stored(seeded, fatf_round)
    assert all(r.status == "pending" for r in every)


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("where", ["proposals", "item_pane"])
def test_proposals_snapshot(
    where: str,
    size: tuple[int, int],
    frozen_clock: None,
    seeded: str,
    fatf_round: int,
    tui_app: Any,
    helpers: Any,
    snap_compare: Any,
) -> None:
    app = tui_app()

    async def run_before(pilot: Any) -> None:
        await helpers.loaded(app, pilot)
        app.open_assessment(fatf_round)
        scoring = await helpers.screen(app, pilot, "AssessmentScreen")
        scoring.jump_to_item(scoring.sheet.item_ids()[2])
        await helpers.settle(app, pilot)
        if where == "proposals":
            await pilot.press("p")
            screen = await helpers.screen(app, pilot, "ProposalsScreen")
            screen.query_one(DataTable).move_cursor(row=1)  # the answered item
        await helpers.settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
