"""The database client: one job at a time, in order, on its own thread; replies as
messages to whoever asked, failures to the app as well; closing runs what is queued.

Driven without Textual: the screens and the app are stand-ins that record what is
posted to them (``post_message`` and ``call_after_refresh`` are all the client uses).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.loading.checklists import load_checklist
from ctcap.storage import repository
from ctcap.storage.engine import open_database
from ctcap.tui.database import DatabaseClient
from ctcap.tui.messages import (
    AnswerSaved,
    AssessmentLoaded,
    DatabaseOpened,
    OperationFailed,
)
from ctcap.tui.views import AnswerState, WriteJob


class Receiver:
    """A screen or the app: records each message and the thread it was posted from."""

    def __init__(self, *, open: bool = True, painted: bool = True) -> None:
        self.open, self.painted = open, painted
        self.messages: list[Any] = []
        self.threads: set[str] = set()
        self.after_refresh: list[Any] = []

    def post_message(self, message: Any) -> bool:
        if not self.open:
            return False
        self.messages.append(message)
        self.threads.add(threading.current_thread().name)
        return True

    def call_after_refresh(self, callback: Any) -> bool:
        self.after_refresh.append(callback)
        if self.painted:
            callback()
        return self.open

    def of(self, kind: type) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


def kenya_draft(url: str, checklists: Path) -> int:
    db = open_database(url)
    try:
        with db.write() as session:
            info = repository.create_assessment(
                session,
                country="KEN",
                checklist=load_checklist(checklists / "tui-six.yaml", checklists),
                as_of=date(2026, 3, 1),
                assessor="tester",
            )
        return info.id
    finally:
        db.close()


def opened(url: str, checklists: Path) -> tuple[DatabaseClient, Receiver]:
    app = Receiver()
    client = DatabaseClient(app)
    client.open(url, "tester")
    asyncio.run(client.wait_for_queue())
    assert app.of(DatabaseOpened), app.messages
    return client, app


def write(aid: int, job_id: int, level: int, expected: int, follows: bool) -> WriteJob:
    return WriteJob(job_id, aid, "fiu", AnswerState(level), expected, follows=follows)


def test_jobs_run_in_order_on_the_database_thread_and_reply_to_who_asked(
    tui_db_url: str, tui_checklists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = kenya_draft(tui_db_url, tui_checklists)
    client, app = opened(tui_db_url, tui_checklists)
    screen = Receiver()
    release, overlapping, running = threading.Event(), [0], [0]
    original = repository.record_answer

    def slow(*args: Any, **kwargs: Any) -> Any:
        running[0] += 1
        overlapping[0] = max(overlapping[0], running[0])
        release.wait(10)  # the first write holds the thread while the rest are queued
        try:
            return original(*args, **kwargs)
        finally:
            running[0] -= 1

    monkeypatch.setattr(repository, "record_answer", slow)
    # Each write follows the one before: it expects the version that write produces.
    for n, level in enumerate((1, 2, 3)):
        client.write_answer(screen, write(aid, 100 + n, level, 0, follows=n > 0))
    client.load_assessment(screen, aid)
    release.set()
    asyncio.run(client.wait_for_queue())
    client.close()
    saved = screen.of(AnswerSaved)
    assert [m.record.version for m in saved] == [1, 2, 3]
    assert [type(m) for m in screen.messages] == [AnswerSaved] * 3 + [AssessmentLoaded]
    assert screen.messages[-1].bundle.detail.answers["fiu"].response == 3  # read after writes
    assert overlapping[0] == 1
    assert screen.threads == {"ctcap-database_0"}
    assert not app.of(OperationFailed)


def test_a_failed_job_reaches_the_app_and_the_screen_and_the_queue_goes_on(
    tui_db_url: str, tui_checklists: Path
) -> None:
    aid = kenya_draft(tui_db_url, tui_checklists)
    client, app = opened(tui_db_url, tui_checklists)
    screen = Receiver()
    client.load_assessment(screen, 999_999)
    client.load_assessment(screen, aid)
    asyncio.run(client.wait_for_queue())
    client.close()
    assert [m.what for m in app.of(OperationFailed)] == ["open the assessment"]
    assert "999999" in app.of(OperationFailed)[0].reason
    assert [type(m) for m in screen.messages] == [OperationFailed, AssessmentLoaded]


def test_a_reply_to_a_closed_screen_goes_to_the_app(tui_db_url: str, tui_checklists: Path) -> None:
    aid = kenya_draft(tui_db_url, tui_checklists)
    client, app = opened(tui_db_url, tui_checklists)
    gone = Receiver(open=False)
    client.load_assessment(gone, aid)
    asyncio.run(client.wait_for_queue())
    client.close()
    assert len(app.of(AssessmentLoaded)) == 1


def test_closing_commits_a_write_still_waiting_for_its_repaint(
    tui_db_url: str, tui_checklists: Path
) -> None:
    """An answer is handed to the thread after the keypress is painted; quitting before
    that paint still writes it."""
    aid = kenya_draft(tui_db_url, tui_checklists)
    client, _ = opened(tui_db_url, tui_checklists)
    screen = Receiver(painted=False)
    client.write_answer(screen, write(aid, 1, 4, 0, follows=False))
    assert screen.after_refresh and not screen.messages
    client.save_cursor(aid, "fiu")
    client.close()
    assert [m.record.response for m in screen.of(AnswerSaved)] == [4]
    db = open_database(tui_db_url)
    try:
        with db.read() as session:
            detail = repository.get_assessment(session, aid)
    finally:
        db.close()
    assert detail.answers["fiu"].response == 4
    assert detail.info.cursor_item_id == "fiu"


def test_the_database_that_cannot_open_is_reported_to_the_app(tmp_path: Path) -> None:
    app = Receiver()
    client = DatabaseClient(app)
    (tmp_path / "not-a-database").write_text("plain text, not SQLite")
    client.open(f"sqlite:///{tmp_path / 'not-a-database'}", "tester")
    asyncio.run(client.wait_for_queue())
    client.close()
    assert not client.is_open
    assert [type(m).__name__ for m in app.messages] == ["DatabaseFailed"]
