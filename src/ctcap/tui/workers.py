"""Off the UI thread: every database and file operation of the TUI.

All database work goes through one first-in, first-out queue, drained by the database
thread (``db_thread.py``) one job at a time. So writes commit in the order the assessor
made them, and a read queued after a write sees it. Jobs never touch widgets: each job
returns a message, posted to the screen that asked (or to the app when that screen has
closed). Opening the database and exporting files are Textual thread workers.
SQLAlchemy and the storage layer are imported only inside jobs and workers, after the
first paint.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.message_pump import MessagePump

from .db_thread import DatabaseThread
from .messages import (
    AnswerRejected,
    AnswerSaved,
    AssessmentCreated,
    AssessmentFinalized,
    AssessmentLoaded,
    AssessmentReopened,
    CountriesLoaded,
    DatabaseFailed,
    DatabaseOpened,
    FileExported,
    GapReportLoaded,
    HistoryLoaded,
    OperationFailed,
)

if TYPE_CHECKING:
    from datetime import date

    from textual.app import App

    from ctcap.domain.model import Checklist
    from ctcap.storage.engine import Database

    from .views import WriteJob

    _Base = App[None]
else:
    _Base = object

Job = Callable[["Database"], Message | None]


@dataclass(frozen=True)
class NewAssessment:
    country: str
    checklist_id: str
    as_of: date
    assessor: str


def describe(exc: BaseException) -> str:
    """One line for the user: our errors carry their own message."""
    from ctcap.errors import CtcapError

    if isinstance(exc, CtcapError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class JobQueue:
    """Jobs in order, plus the latest cursor per assessment (coalesced: UI state only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.drain_lock = threading.Lock()
        self._jobs: deque[tuple[Job, MessagePump, str]] = deque()
        self._cursors: dict[int, str | None] = {}
        self._cursors_written: dict[int, str | None] = {}
        # Version each item reached by the last write of this session; None: it failed.
        self.chain: dict[tuple[int, str], int | None] = {}

    def put(self, job: Job, reply_to: MessagePump, what: str) -> None:
        with self._lock:
            self._jobs.append((job, reply_to, what))

    def put_cursor(self, assessment_id: int, item_id: str | None) -> None:
        with self._lock:
            self._cursors[assessment_id] = item_id

    def take(self) -> tuple[Job, MessagePump, str] | None:
        with self._lock:
            return self._jobs.popleft() if self._jobs else None

    def take_cursor(self) -> tuple[int, str | None] | None:
        with self._lock:
            while self._cursors:
                assessment_id, item_id = self._cursors.popitem()
                if self._cursors_written.get(assessment_id, "") != item_id:
                    return assessment_id, item_id
            return None

    def cursor_written(self, assessment_id: int, item_id: str | None) -> None:
        with self._lock:
            self._cursors_written[assessment_id] = item_id

    def empty(self) -> bool:
        with self._lock:
            return not self._jobs and not self._cursors


class DataWorkers(_Base):
    """Mixed into the App: the database handle and the workers that use it."""

    db: Database | None = None
    actor: str = "assessor"
    checklists: list[Checklist]
    _queue: JobQueue
    _database_thread: DatabaseThread

    # Plumbing ----------------------------------------------------------------------------

    def _reply(self, reply_to: MessagePump, message: Message) -> None:
        """Post to the screen that asked, or to the app if it has gone. Thread-safe.

        A failure always reaches the app too, which shows it: never dropped silently.
        """
        if isinstance(message, OperationFailed):
            self.post_message(message)
            if reply_to is not self:
                reply_to.post_message(OperationFailed(message.what, message.reason))
            return
        if not reply_to.post_message(message):
            self.post_message(message)

    def submit(
        self, job: Job, reply_to: MessagePump, what: str, *, after_refresh: bool = False
    ) -> None:
        """Queue a database job; its message goes to ``reply_to``.

        ``after_refresh``: wake the database thread once the screen has painted, so the
        write's Python work does not compete with the keypress's repaint. The job is
        queued now either way; quitting drains the queue.
        """
        self._queue.put(job, reply_to, what)
        if after_refresh:
            reply_to.call_after_refresh(self._database_thread.wake)
        else:
            self._database_thread.wake()

    def note_cursor(self, assessment_id: int, item_id: str | None) -> None:
        """The cursor as stored: no need to write it again."""
        self._queue.cursor_written(assessment_id, item_id)

    def save_cursor(self, assessment_id: int, item_id: str | None) -> None:
        self._queue.put_cursor(assessment_id, item_id)
        self._database_thread.wake()

    def queue_failed(self, exc: Exception) -> None:
        """The queue itself failed (not a job): say so; the next job is tried afresh."""
        self.post_message(OperationFailed("run the database queue", describe(exc)))

    def drain_queue(self) -> None:
        """Run queued jobs until none is left; one drainer at a time. Runs in a thread."""
        db = self.db
        if db is None:
            return
        with self._queue.drain_lock:
            while True:
                taken = self._queue.take()
                if taken is not None:
                    job, reply_to, what = taken
                    try:
                        message = job(db)
                    except Exception as exc:
                        message = OperationFailed(what, describe(exc))
                    if message is not None:
                        self._reply(reply_to, message)
                    continue
                cursor = self._queue.take_cursor()
                if cursor is None:
                    return
                self._write_cursor(db, *cursor)

    def _write_cursor(self, db: Database, assessment_id: int, item_id: str | None) -> None:
        from ctcap.storage import repository

        try:
            with db.write() as session:
                repository.set_cursor(session, assessment_id, item_id)
        except Exception as exc:
            self.post_message(OperationFailed("save the cursor position", describe(exc)))
        else:
            self._queue.cursor_written(assessment_id, item_id)

    async def wait_for_queue(self) -> None:
        """Wait until every queued job has run: before quitting, and in tests."""
        thread = self._database_thread
        while self.db is not None:
            if thread.idle():
                if self._queue.empty():
                    return
                thread.wake()
            await asyncio.to_thread(thread.wait_idle, 1.0)

    def drain_on_exit(self) -> None:
        """When the app closes: run what is still queued, and wait for it."""
        if self.db is not None and not self._queue.empty():
            self._database_thread.wake()
        self._database_thread.close(timeout=30)

    # Opening -----------------------------------------------------------------------------

    @work(thread=True, group="open", exit_on_error=False, description="open the database")
    def open_database(self, url: str, checklists_dir: Path, assessor: str | None) -> None:
        try:
            from ctcap.config import default_assessor
            from ctcap.storage.countries import iso_countries
            from ctcap.storage.engine import open_database

            from .data import load_checklists

            db = open_database(url)
            checklists, problems = load_checklists(checklists_dir)
            iso = iso_countries()
            actor = default_assessor(assessor)
        except Exception as exc:
            self.post_message(DatabaseFailed(describe(exc)))
            return
        self.post_message(DatabaseOpened(db, checklists, problems, dict(iso), actor))

    # Reads -------------------------------------------------------------------------------

    def load_countries(self, reply_to: MessagePump, iso: dict[str, str]) -> None:
        def job(db: Database) -> Message:
            from .data import country_summaries, recent_country

            with db.read() as session:
                return CountriesLoaded(country_summaries(session, iso), recent_country(session))

        self.submit(job, reply_to, "load the countries")

    def load_assessment(
        self, reply_to: MessagePump, assessment_id: int | None, country: str | None = None
    ) -> None:
        def job(db: Database) -> Message:
            from .data import current_assessment_id, load_bundle

            with db.read() as session:
                found = assessment_id
                if found is None and country is not None:
                    found = current_assessment_id(session, country)
                if found is None:
                    return OperationFailed("open the assessment", f"{country}: none yet")
                return AssessmentLoaded(load_bundle(session, found))

        self.submit(job, reply_to, "open the assessment")

    def load_history(self, reply_to: MessagePump, country: str, checklist_id: str | None) -> None:
        def job(db: Database) -> Message:
            from .data import load_history

            with db.read() as session:
                return HistoryLoaded(load_history(session, country, checklist_id))

        self.submit(job, reply_to, "load the history")

    def load_gap_report(self, reply_to: MessagePump, assessment_id: int) -> None:
        def job(db: Database) -> Message:
            from ctcap.reports.gap import build_gap_report
            from ctcap.reports.render_md import render_gap_md
            from ctcap.storage import repository

            from .data import gap_report_file_name

            with db.read() as session:
                info = repository.get_assessment(session, assessment_id).info
                report = build_gap_report(session, info.country_code, info.id)
            return GapReportLoaded(render_gap_md(report), gap_report_file_name(info), report)

        self.submit(job, reply_to, "build the gap report")

    # Writes ------------------------------------------------------------------------------

    def write_answer(self, reply_to: MessagePump, job: WriteJob) -> None:
        """Write one answer with the version the screen last saw; never dropped silently."""
        actor = self.actor
        chain = self._queue.chain

        def run(db: Database) -> Message:
            from ctcap.errors import ConflictError, FinalizedError
            from ctcap.storage import repository

            key = (job.assessment_id, job.item_id)
            expected: int | None = job.expected_version
            if job.follows:
                expected = chain.get(key)
                if expected is None:
                    reason = f"{job.item_id}: not saved, because the change before it failed"
                    return AnswerRejected(job.job_id, job.assessment_id, job.item_id, reason)
            state = job.state
            answered = state.response is not None
            try:
                with db.write() as session:
                    record = repository.record_answer(
                        session,
                        job.assessment_id,
                        job.item_id,
                        state.response,
                        actor=actor,
                        rationale=state.rationale if answered else None,
                        evidence=list(state.evidence) if answered else None,
                        expected_version=expected,
                    )
            except ConflictError as exc:
                chain[key] = None
                current: Any = exc.current
                return AnswerRejected(
                    job.job_id, job.assessment_id, job.item_id, str(exc), current, conflict=True
                )
            except FinalizedError as exc:
                chain[key] = None
                return AnswerRejected(
                    job.job_id, job.assessment_id, job.item_id, str(exc), finalized=True
                )
            except Exception as exc:
                chain[key] = None
                reason = f"{job.item_id}: not saved: {describe(exc)}"
                return AnswerRejected(job.job_id, job.assessment_id, job.item_id, reason)
            chain[key] = record.version
            return AnswerSaved(job.job_id, job.assessment_id, job.item_id, record)

        self.submit(run, reply_to, f"save {job.item_id}", after_refresh=True)

    def create_assessment(self, reply_to: MessagePump, request: NewAssessment) -> None:
        checklist = next(c for c in self.checklists if c.id == request.checklist_id)

        def job(db: Database) -> Message:
            from ctcap.storage import repository

            with db.write() as session:
                info = repository.create_assessment(
                    session,
                    country=request.country,
                    checklist=checklist,
                    as_of=request.as_of,
                    assessor=request.assessor,
                )
            return AssessmentCreated(info)

        self.submit(job, reply_to, "create the assessment")

    def finalize_assessment(self, reply_to: MessagePump, assessment_id: int) -> None:
        actor = self.actor

        def job(db: Database) -> Message:
            from ctcap.storage import repository

            with db.write() as session:
                return AssessmentFinalized(repository.finalize(session, assessment_id, actor=actor))

        self.submit(job, reply_to, "finalize")

    def reopen_assessment(self, reply_to: MessagePump, assessment_id: int, reason: str) -> None:
        actor = self.actor

        def job(db: Database) -> Message:
            from ctcap.storage import repository

            with db.write() as session:
                info = repository.reopen(session, assessment_id, actor=actor, reason=reason)
            return AssessmentReopened(info)

        self.submit(job, reply_to, "reopen")

    @work(thread=True, group="export", exit_on_error=False, description="export a report")
    def export_report(self, reply_to: MessagePump, path: str, report: object) -> None:
        """Render the report in the format the file name asks for, and write it owner-only."""
        from ctcap.reports.formats import format_for, render_gap, write_private
        from ctcap.reports.gap_model import GapReport

        assert isinstance(report, GapReport)
        try:
            target = Path(path)
            written = write_private(target, render_gap(report, format_for(target)))
        except Exception as exc:
            self._reply(reply_to, OperationFailed(f"export to {path}", describe(exc)))
            return
        self._reply(reply_to, FileExported(str(written)))
