"""The countries list kept between sessions: shown in the first frame only while the
database is exactly as the last session left it, and always replaced by the database's."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ctcap.storage import repository
from ctcap.storage.engine import open_database
from ctcap.tui import list_cache


async def _session(app: Any, helpers: Any) -> tuple[list[Any], list[Any]]:
    """The list the app painted from the copy in its first frame ([] if none), and the
    database's list that followed."""
    painted: list[Any] = []
    read_copy = app.database.cached_countries

    def kept(url: str) -> Any:  # the app's own call, on mount: what it is given is shown
        message = read_copy(url)
        painted.extend(message.summaries if message is not None else [])
        return message

    app.database.cached_countries = kept
    async with app.run_test(size=(80, 24)) as pilot:
        shown_first = list(app.countries_screen.summaries)
        await helpers.loaded(app, pilot)
        from_database = list(app.summaries)
        await app.action_quit()
    if painted:
        assert shown_first == painted
    return painted, from_database


def test_the_next_start_paints_the_last_sessions_list_with_the_same_numbers(
    seeded: str, tui_app: Any, helpers: Any
) -> None:
    first, from_database = asyncio.run(_session(tui_app(), helpers))
    assert first == []  # nothing kept yet: the list waits for the database
    kenya = next(s for s in from_database if s.code == "KEN")
    assert kenya.overall is not None and kenya.rounds == 2

    again, from_database_again = asyncio.run(_session(tui_app(), helpers))
    assert again == from_database == from_database_again  # every field, every number


def test_a_change_since_the_last_session_is_never_painted_from_the_copy(
    seeded: str, tui_app: Any, helpers: Any, tui_checklists: Path
) -> None:
    asyncio.run(_session(tui_app(), helpers))
    assert list_cache.read(seeded) is not None
    db = open_database(seeded)
    try:
        with db.write() as session:
            nepal = repository.list_assessments(session, "NPL")[0]
            repository.record_answer(session, nepal.id, "sltd-reporting", 1, actor="other")
    finally:
        db.close()
    assert list_cache.read(seeded) is None  # the file changed: the copy is stale
    first, from_database = asyncio.run(_session(tui_app(), helpers))
    assert first == []
    assert next(s for s in from_database if s.code == "NPL").overall is not None


def test_a_session_that_writes_leaves_the_list_as_the_database_has_it(
    seeded: str, tui_app: Any, helpers: Any
) -> None:
    async def score_nepal() -> list[Any]:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            listed = list(app.summaries)
            app.open_country("NPL")
            await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("5")
            await helpers.settle(app, pilot)
            await app.action_quit()
        return listed

    before = asyncio.run(score_nepal())
    first, from_database = asyncio.run(_session(tui_app(), helpers))
    assert first and first == from_database  # read again at close, after the write
    nepal = next(s for s in from_database if s.code == "NPL")
    assert nepal != next(s for s in before if s.code == "NPL")  # the write changed the row


def test_a_damaged_or_foreign_copy_is_ignored(seeded: str, tui_app: Any, helpers: Any) -> None:
    asyncio.run(_session(tui_app(), helpers))
    database = list_cache.database_file(seeded)
    assert database is not None
    kept = list_cache.cache_file(database)
    data = json.loads(kept.read_text())
    for broken in (
        "{not json",
        json.dumps({**data, "format": 99}),
        json.dumps({**data, "database": "/elsewhere.sqlite"}),
        json.dumps({**data, "summaries": [{**data["summaries"][0], "overall": "99"}]}),
        json.dumps({**data, "recent": 7}),
    ):
        kept.write_text(broken)
        assert list_cache.read(seeded) is None
    assert list_cache.read("postgresql+psycopg://db.example/ctcap") is None
    assert list_cache.read("sqlite://") is None


def test_reading_the_copy_loads_nothing_heavy(seeded: str, tui_app: Any, helpers: Any) -> None:
    asyncio.run(_session(tui_app(), helpers))
    code = (
        "import sys; from ctcap.tui import list_cache; "
        f"assert list_cache.read({seeded!r}) is not None; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'pydantic', 'yaml', 'pycountry'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
