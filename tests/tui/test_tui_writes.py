"""Writes that fail or conflict are shown and reverted; finalizing makes it read-only."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from sqlalchemy import text
from textual.geometry import Region

from ctcap.errors import DatabaseError
from ctcap.storage import repository
from ctcap.storage.engine import open_database


def kenya_draft(url: str) -> Any:
    db = open_database(url)
    try:
        with db.read() as session:
            infos = repository.list_assessments(session, "KEN")
            return repository.get_assessment(session, infos[-1].id)
    finally:
        db.close()


def notifications(app: Any) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def open_kenya(app: Any, pilot: Any, helpers: Any) -> Any:
    await helpers.loaded(app, pilot)
    app.open_country("KEN")
    return await helpers.screen(app, pilot, "AssessmentScreen")


def test_conflicting_edit_shows_the_other_assessors_answer(
    tui_app: Any, seeded: str, helpers: Any
) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            assert screen.item_id == "sltd-screening"  # the stored cursor
            # Someone else changes the item after the screen loaded it.
            db = open_database(seeded)
            with db.write() as session:
                repository.record_answer(
                    session, screen.assessment_id, "sltd-screening", 5, actor="yuki"
                )
            db.close()
            await pilot.press("2")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("sltd-screening") == 5
            assert any("yuki" in n for n in notifications(app))
            assert screen.query_one("#tree").item_nodes["sltd-screening"].label.plain[0] == "5"
            await pilot.press("q", "q")

    asyncio.run(body())
    answer = kenya_draft(seeded).answers["sltd-screening"]
    assert (answer.response, answer.assessor) == (5, "yuki")


def test_failed_write_is_shown_and_reverted(
    tui_app: Any, seeded: str, helpers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def locked(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        raise DatabaseError("tui.sqlite: database is locked")

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            await pilot.press("]")  # the first unanswered item after the cursor
            item_id = screen.item_id
            assert screen.sheet.answers.response(item_id) is None
            monkeypatch.setattr(repository, "record_answer", locked)
            await pilot.press("5")
            assert screen.sheet.answers.response(item_id) == 5  # at once, before the write
            assert "saving" in str(screen.query_one("#summary").content)
            release.set()
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response(item_id) is None
            assert any("database is locked" in n for n in notifications(app))
            assert "✓ saved" not in str(screen.query_one("#summary").content)
            monkeypatch.undo()
            await pilot.press("q", "q")

    asyncio.run(body())
    assert kenya_draft(seeded).answers.get("port-security") is None


def test_rapid_changes_to_one_item_are_written_in_order(
    tui_app: Any, seeded: str, helpers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys pressed while the first write is in flight chain on the versions it produces."""
    release = threading.Event()
    original = repository.record_answer

    def slow_first(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        return original(*args, **kwargs)

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            monkeypatch.setattr(repository, "record_answer", slow_first)
            for key in ("1", "2", "3", "x", "4", "?", "5"):
                await pilot.press(key)
            assert screen.sheet.answers.is_pending("sltd-screening")
            release.set()
            await helpers.settle(app, pilot)
            assert not notifications(app)
            assert screen.sheet.answers.response("sltd-screening") == 5
            await pilot.press("q", "q")

    asyncio.run(body())
    answer = kenya_draft(seeded).answers["sltd-screening"]
    assert answer.response == 5
    assert answer.rationale == "Seen in 2026 for sltd-screening"  # kept across level changes


def test_finalize_after_confirmation_then_read_only(
    tui_app: Any, seeded: str, helpers: Any
) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            await pilot.press("f")  # three items unanswered: refused, with the reason
            await helpers.settle(app, pilot)
            assert type(app.screen).__name__ == "AssessmentScreen"
            assert any("3 item(s) unanswered" in n for n in notifications(app))
            for _ in range(3):
                await pilot.press("]", "x")
            await pilot.press("f")
            confirm = await helpers.screen(app, pilot, "ConfirmScreen")
            assert "read-only" in str(confirm.query_one(".question").content)
            await pilot.press("y")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await helpers.settle(app, pilot)
            assert screen.info.is_final
            assert "FINAL" in str(screen.query_one("#summary").content)
            await pilot.press("1")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response(screen.item_id) != 1
            assert any("read-only" in n for n in notifications(app))
            await pilot.press("q", "q")

    asyncio.run(body())
    assert kenya_draft(seeded).info.status == "final"


def test_reopen_is_explicit_asks_why_and_is_audited(
    tui_app: Any, seeded: str, helpers: Any
) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            for _ in range(3):
                await pilot.press("]", "x")
            await pilot.press("f")
            await helpers.screen(app, pilot, "ConfirmScreen")
            await pilot.press("y")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await helpers.settle(app, pilot)
            assert screen.info.is_final
            await pilot.press("o")
            prompt = await helpers.screen(app, pilot, "PromptScreen")
            prompt.query_one("#answer").value = "late evidence from the ministry"
            await pilot.press("enter")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await helpers.settle(app, pilot)
            assert not screen.info.is_final
            await pilot.press("q", "q")

    asyncio.run(body())
    detail = kenya_draft(seeded)
    assert detail.info.status == "draft"
    database = open_database(seeded)
    with database.read() as session:
        from sqlalchemy import text

        kinds = session.execute(
            text("SELECT kind, after FROM answer_events WHERE assessment_id = :a ORDER BY seq"),
            {"a": detail.info.id},
        ).all()
    database.close()
    assert kinds[-1][0] == "reopen" and "late evidence from the ministry" in kinds[-1][1]
    assert kinds[-2][0] == "finalize"


def test_evidence_is_edited_one_reference_a_line(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_kenya(app, pilot, helpers)
            await pilot.press("k", "e")  # sltd-reporting, which has one reference
            modal = await helpers.screen(app, pilot, "EvidenceScreen")
            assert modal.query_one("#evidence-text").text.startswith("mission report 2026")
            await pilot.press(*"SOP-7", "escape")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("q", "q")

    asyncio.run(body())
    answer = kenya_draft(seeded).answers["sltd-reporting"]
    assert [e.ref for e in answer.evidence] == ["mission report 2026", "SOP-7"]
    assert answer.response == 4


def test_a_score_repaints_its_item_and_area_lines_on_screen(
    tui_app: Any, seeded: str, helpers: Any
) -> None:
    """The tree repaints only the changed lines (ChecklistTree.relabel): they must show."""

    def tree_text(app: Any) -> str:
        # render_lines serves lines that were not refreshed from the widget's cache:
        # what the terminal would still show.
        tree = app.screen.query_one("#tree")
        lines = tree.render_lines(Region(0, 0, tree.size.width, tree.size.height))
        return "\n".join(strip.text for strip in lines)

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(200, 30)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            tree = screen.query_one("#tree")
            assert screen.item_id == "sltd-screening"
            before = tree.area_nodes["borders"].label.plain
            assert "3/4" in before and "3/4" in tree_text(app)
            screen.jump_to_item("port-security")
            await helpers.settle(app, pilot)
            await pilot.press("5")
            await helpers.settle(app, pilot)
            after = tree.area_nodes["borders"].label.plain
            assert after != before and "4/4" in after
            shown = tree_text(app)
            assert after in shown and before not in shown
            item_line = tree.item_nodes["port-security"].label.plain
            assert item_line.startswith("5") and item_line in shown
            await pilot.press("q", "q")

    asyncio.run(body())


def test_redo_writes_the_undone_answer_again(tui_app: Any, seeded: str, helpers: Any) -> None:
    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            assert screen.item_id == "sltd-screening"
            assert screen.sheet.answers.response(screen.item_id) == 3
            await pilot.press("ctrl+r")  # nothing undone yet
            await helpers.settle(app, pilot)
            assert "Nothing to redo." in notifications(app)[-1]
            await pilot.press("5", "u")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("sltd-screening") == 3
            await pilot.press("ctrl+r")
            await helpers.settle(app, pilot)
            assert screen.sheet.answers.response("sltd-screening") == 5
            assert "✓ saved" in str(screen.query_one("#summary").content)
            assert notifications(app)[-1].startswith("Redone: ")
            await pilot.press("q", "q")

    asyncio.run(body())
    assert kenya_draft(seeded).answers["sltd-screening"].response == 5
    db = open_database(seeded)
    try:
        with db.read() as session:
            afters = session.execute(
                text(
                    "SELECT e.after FROM answer_events e JOIN assessments a "
                    "ON a.id = e.assessment_id WHERE a.country_code = 'KEN' "
                    "AND e.item_id = 'sltd-screening' AND e.actor = 'tester' ORDER BY e.id"
                )
            ).scalars()
            levels = [json.loads(after)["response"] for after in afters]
    finally:
        db.close()
    assert levels[-3:] == [5, 3, 5]


def _import_conflicts(url: str, tmp_path: Any, items: dict[str, int]) -> int:
    """A field copy of Kenya's draft and this database both change ``items``, then the
    field's bundle comes back: each item is an open import conflict here."""
    from ctcap.storage.bundles import export_bundle, import_bundle, open_conflicts
    from ctcap.storage.bundles.format import parse_bundle

    office, field = open_database(url), open_database(f"sqlite:///{tmp_path / 'field.sqlite'}")
    try:
        aid = kenya_draft(url).info.id
        with office.write() as session:
            bundle = parse_bundle(json.dumps(export_bundle(session, aid)).encode(), "b.json")
        with field.write() as session:
            copy = import_bundle(session, bundle, actor="fred", allow_unsigned=True).assessment_id
        for item, level in items.items():
            with office.write() as session:
                repository.record_answer(session, aid, item, level, actor="tester")
            with field.write() as session:
                repository.record_answer(session, copy, item, 6 - level, actor="fred")
        with field.write() as session:
            back = parse_bundle(json.dumps(export_bundle(session, copy)).encode(), "b.json")
        with office.write() as session:
            import_bundle(session, back, actor="tester", allow_unsigned=True)
            assert [c.item_id for c in open_conflicts(session, aid)] == sorted(items)
    finally:
        office.close()
        field.close()
    return aid


def test_import_conflicts_are_marked_and_settled_by_keeping_ours_or_scoring_anew(
    tui_app: Any, seeded: str, helpers: Any, tmp_path: Any
) -> None:
    aid = _import_conflicts(seeded, tmp_path, {"sltd-screening": 2, "api-pnr": 4})

    async def body() -> None:
        app = tui_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_kenya(app, pilot, helpers)
            tree = screen.query_one("#tree")
            assert screen.item_id == "sltd-screening"
            assert "⚠" in tree.item_nodes["sltd-screening"].label.plain
            assert "⚠" in tree.item_nodes["api-pnr"].label.plain
            assert "⚠" not in tree.item_nodes["sltd-reporting"].label.plain
            note = screen.query_one("#conflict")
            assert note.display
            assert "Import conflict: the bundle has 4 " in str(note.content)
            assert "by fred" in str(note.content)
            await pilot.press("K")
            await helpers.settle(app, pilot)
            assert "⚠" not in tree.item_nodes["sltd-screening"].label.plain
            assert not note.display
            assert screen.sheet.answers.response("sltd-screening") == 2  # ours, untouched
            screen.jump_to_item("api-pnr")
            await helpers.settle(app, pilot)
            await pilot.press("3")  # a new answer settles it too
            await helpers.settle(app, pilot)
            assert "⚠" not in tree.item_nodes["api-pnr"].label.plain
            screen.jump_to_item("fiu")
            await helpers.settle(app, pilot)
            await pilot.press("K")
            await helpers.settle(app, pilot)
            assert "No import conflict on this item." in notifications(app)[-1]
            await pilot.press("q", "q")

    asyncio.run(body())
    from ctcap.storage.audit import verify_all
    from ctcap.storage.bundles import open_conflicts

    db = open_database(seeded)
    try:
        with db.read() as session:
            assert open_conflicts(session, aid) == ()
            kinds = session.execute(
                text("SELECT kind, item_id, actor FROM answer_events WHERE assessment_id = :a "
                     "AND kind IN ('resolve', 'answer') ORDER BY seq DESC LIMIT 2"),
                {"a": aid},
            ).all()  # fmt: skip
            assert verify_all(session)[1] is None
    finally:
        db.close()
    assert [tuple(k) for k in kinds] == [
        ("answer", "api-pnr", "tester"),
        ("resolve", "sltd-screening", "tester"),
    ]
