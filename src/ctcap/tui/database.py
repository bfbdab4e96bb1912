"""The TUI's one way to the database: a client the App owns, one method per operation.

Every operation is a job in one first-in, first-out queue, run one at a time on one
thread (a single-worker ``ThreadPoolExecutor``, ``ctcap-database``). So writes commit
in the order the assessor made them, and a read queued after a write sees it. The
thread takes a job the moment it is queued; an answer's write is handed over once the
keypress has been painted (``after_refresh``), so that its Python work does not compete
with the repaint. Jobs never touch widgets: each returns a typed message
(``messages.py``), posted to the screen that asked, or to the app when that screen has
gone. A failure reaches the app, which shows it, and the asking screen too: never
dropped. The queries are storage's; SQLAlchemy loads inside the first job, after the
first paint.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .database_panels import PanelJobs
from .database_proposals import ProposalJobs
from .database_rounds import RoundJobs
from .messages import (
    AnswerRejected,
    AnswerSaved,
    AssessmentLoaded,
    ChecklistsLoaded,
    CountriesLoaded,
    DatabaseFailed,
    DatabaseOpened,
    GapReportLoaded,
    HistoryLoaded,
    OperationFailed,
)
from .project_reads import ProjectReads

if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

    from ctcap.storage.engine import Database

    from .list_cache import Listed
    from .views import CountrySummary, WriteJob

Job = Callable[[], "Message | None"]


def describe(exc: BaseException) -> str:
    """One line for the user: our errors carry their own message."""
    from ctcap.errors import CtcapError

    if isinstance(exc, CtcapError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# What the jobs that open a round import on first use (``data.load_bundle`` and the
# proposal, panel and project reads it leads to).
_OPENING_MODULES = (
    "ctcap.tui.data",
    "ctcap.tui.proposal_data",
    "ctcap.tui.panel_data",
    "ctcap.tui.project_reads",
    "ctcap.storage.bundles",
    "ctcap.reports.outcomes",
    "ctcap.reports.render.assistance_text",
)


class DatabaseClient(RoundJobs, ProposalJobs, PanelJobs, ProjectReads):
    def __init__(self, app: MessagePump) -> None:
        self._app = app  # receives what a closed screen cannot, and every failure
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ctcap-database")
        self._lock = threading.Lock()
        self._jobs: deque[tuple[Job, MessagePump, str]] = deque()
        # The latest cursor per assessment, written when no job waits (UI state only).
        self._cursors: dict[int, str | None] = {}
        self._cursors_written: dict[int, str | None] = {}
        # The version each item reached by this session's last write; None: it failed.
        self._versions: dict[tuple[int, str], int | None] = {}
        self._db: Database | None = None
        self._url = ""
        self._iso: dict[str, str] = {}
        # The countries list last read, and the database files' state before that read.
        self._list: Listed | None = None
        self._closed = False
        self.actor = "assessor"

    @property
    def is_open(self) -> bool:
        return self._db is not None

    # The queue ---------------------------------------------------------------------------

    def _submit(
        self, job: Job, reply_to: MessagePump, what: str, *, after_refresh: bool = False
    ) -> None:
        """Queue ``job``; its message goes to ``reply_to``, its failure as ``what`` failed."""
        with self._lock:
            if self._closed:
                return
            self._jobs.append((job, reply_to, what))
        if not (after_refresh and reply_to.call_after_refresh(self._wake)):
            self._wake()

    def _wake(self) -> None:
        with suppress(RuntimeError):  # closed: close() drained the queue
            self._executor.submit(self._drain)

    def _drain(self) -> None:
        """Run queued jobs, then the cursors, until none is left. On the database thread."""
        try:
            while True:
                with self._lock:
                    taken = self._jobs.popleft() if self._jobs else None
                if taken is not None:
                    self._run(*taken)
                    continue
                cursor = self._take_cursor()
                if cursor is None:
                    return
                self._write_cursor(*cursor)
        except Exception as exc:  # jobs report their own errors: this is the queue's
            self._app.post_message(OperationFailed("run the database queue", describe(exc)))

    def _run(self, job: Job, reply_to: MessagePump, what: str) -> None:
        try:
            message = job()
        except Exception as exc:
            message = OperationFailed(what, describe(exc))
        if message is not None:
            self._deliver(reply_to, message)

    def _deliver(self, reply_to: MessagePump, message: Message) -> None:
        """To the screen that asked, or the app if it has gone; a failure to both."""
        if isinstance(message, OperationFailed):
            self._app.post_message(message)
            if reply_to is not self._app:
                reply_to.post_message(OperationFailed(message.what, message.reason))
            return
        if not reply_to.post_message(message):
            self._app.post_message(message)

    def _database(self) -> Database:
        if self._db is None:
            raise RuntimeError("the database is not open")
        return self._db

    def _idle(self) -> bool:
        with self._lock:
            return not self._jobs and not self._cursors

    async def wait_for_queue(self) -> None:
        """Until every job queued so far has run: before quitting, and in tests."""
        while True:
            try:
                done = self._executor.submit(self._drain)
            except RuntimeError:  # closed
                return
            await asyncio.wrap_future(done)
            if self._idle():
                return

    def close(self) -> None:
        """When the app closes: run what is still queued, wait for it, close the database."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._executor.submit(self._drain)
        self._executor.submit(self._close_database)
        self._executor.shutdown(wait=True)

    def _close_database(self) -> None:
        if self._db is not None:
            from .list_cache import keep_for_next_start

            keep_for_next_start(self._db, self._url, self._iso, self._list)

    def _read_countries(self) -> tuple[list[CountrySummary], str | None]:
        from .list_cache import read_countries

        self._list = read_countries(self._database(), self._url, self._iso)
        return self._list[0], self._list[1]

    # The cursor: where the assessor was, coalesced ---------------------------------------

    def note_cursor(self, assessment_id: int, item_id: str | None) -> None:
        """The cursor as stored: no need to write it again."""
        with self._lock:
            self._cursors_written[assessment_id] = item_id

    def save_cursor(self, assessment_id: int, item_id: str | None) -> None:
        with self._lock:
            if self._closed:
                return
            self._cursors[assessment_id] = item_id
        self._wake()

    def _take_cursor(self) -> tuple[int, str | None] | None:
        with self._lock:
            while self._cursors:
                assessment_id, item_id = self._cursors.popitem()
                if self._cursors_written.get(assessment_id, "") != item_id:
                    return assessment_id, item_id
            return None

    def _write_cursor(self, assessment_id: int, item_id: str | None) -> None:
        from ctcap.storage import repository

        try:
            with self._database().write() as session:
                repository.set_cursor(session, assessment_id, item_id)
        except Exception as exc:
            self._app.post_message(OperationFailed("save the cursor position", describe(exc)))
        else:
            self.note_cursor(assessment_id, item_id)

    # Opening and reading -----------------------------------------------------------------

    def cached_countries(self, url: str) -> CountriesLoaded | None:
        """The last session's countries list, if the database is as it left it.

        Read on the UI thread before the first paint: a small file, no database. The
        list read from the database follows (``load_countries``) and replaces it.
        """
        from . import list_cache

        kept = list_cache.read(url)
        return CountriesLoaded(*kept, cached=True) if kept is not None else None

    def open(self, url: str, assessor: str | None) -> None:
        """Open (and migrate) the database: ``DatabaseOpened``. The checklists follow
        (``load_checklists``), after the countries list."""

        def job() -> Message:
            from ctcap.storage.countries import iso_countries
            from ctcap.storage.engine import open_database
            from ctcap.storage.identity import acting_person

            try:
                db = open_database(url)
            except Exception as exc:
                return DatabaseFailed(describe(exc))
            try:
                iso = dict(iso_countries())
                with db.read() as session:  # on PostgreSQL, the login: panels go by it
                    actor = acting_person(session, assessor)
            except Exception as exc:
                db.close()
                return DatabaseFailed(describe(exc))
            self._db, self.actor, self._url, self._iso = db, actor, url, iso
            return DatabaseOpened(iso, actor)

        self._submit(job, self._app, "open the database")

    def load_checklists(self, reply_to: MessagePump, directory: Path) -> None:
        def job() -> Message:
            from .data import load_checklists

            try:
                return ChecklistsLoaded(*load_checklists(directory))
            except Exception as exc:  # no checklist to start a round with: said, not hung
                return ChecklistsLoaded([], [f"{directory}: {describe(exc)}"])

        self._submit(job, reply_to, "load the checklists")

    def warm_up(self) -> None:
        """Import, while the user reads the list, what opening a round needs: its first
        opening then waits for no import on this thread (one job, in order, no message)."""

        def job() -> None:
            import importlib

            for module in _OPENING_MODULES:
                importlib.import_module(module)

        self._submit(job, self._app, "prepare to open a round")

    def load_countries(self, reply_to: MessagePump, iso: dict[str, str]) -> None:
        def job() -> Message:
            self._iso = iso
            return CountriesLoaded(*self._read_countries())

        self._submit(job, reply_to, "load the countries")

    def load_assessment(self, reply_to: MessagePump, assessment_id: int) -> None:
        def job() -> Message:
            from .data import load_bundle

            return AssessmentLoaded(load_bundle(self._database(), assessment_id, self.actor))

        self._submit(job, reply_to, "open the assessment")

    def load_history(self, reply_to: MessagePump, country: str, checklist_id: str | None) -> None:
        def job() -> Message:
            from .data import load_history

            return HistoryLoaded(load_history(self._database(), country, checklist_id))

        self._submit(job, reply_to, "load the history")

    def load_gap_report(self, reply_to: MessagePump, assessment_id: int) -> None:
        def job() -> Message:
            from .data import load_gap_report

            return GapReportLoaded(load_gap_report(self._database(), assessment_id))

        self._submit(job, reply_to, "build the gap report")

    # Writing -----------------------------------------------------------------------------

    def write_answer(self, reply_to: MessagePump, job: WriteJob) -> None:
        """One answer, with the version the screen last saw: ``AnswerSaved`` or
        ``AnswerRejected``, never dropped. Handed over once the keypress is painted."""
        write = partial(self._write_answer, job, self.actor)
        self._submit(write, reply_to, f"save {job.item_id}", after_refresh=True)

    def _write_answer(self, job: WriteJob, actor: str) -> Message:
        from ctcap.errors import ConflictError, FinalizedError
        from ctcap.storage import repository
        from ctcap.storage.answer_codec import KEEP
        from ctcap.storage.panels import PanelError

        from .panel_data import member_record, record_member_answer

        key, versions = (job.assessment_id, job.item_id), self._versions
        expected: int | None = job.expected_version
        if job.follows:  # another write to the item went first: expect what it produced
            expected = versions.get(key)
            if expected is None:
                reason = f"{job.item_id}: not saved, because the change before it failed"
                return AnswerRejected(job.job_id, job.assessment_id, job.item_id, reason)
        state = job.state
        answered = state.response is not None
        write = record_member_answer if job.as_member else repository.record_answer
        try:
            with self._database().write() as session:
                record = write(
                    session,
                    job.assessment_id,
                    job.item_id,
                    state.response,
                    actor=actor,
                    rationale=state.rationale if answered else None,
                    evidence=list(state.evidence) if answered else None,
                    expected_version=expected,
                    confidence=state.confidence if answered else KEEP,
                )
        except ConflictError as exc:
            versions[key] = None
            current: Any = member_record(exc.current)
            return AnswerRejected(
                job.job_id, job.assessment_id, job.item_id, str(exc), current, conflict=True
            )
        except FinalizedError as exc:
            versions[key] = None
            return AnswerRejected(
                job.job_id, job.assessment_id, job.item_id, str(exc), finalized=True
            )
        except PanelError as exc:  # revealed since the screen loaded
            versions[key] = None
            return AnswerRejected(job.job_id, job.assessment_id, job.item_id, str(exc), closed=True)
        except Exception as exc:
            versions[key] = None
            reason = f"{job.item_id}: not saved: {describe(exc)}"
            return AnswerRejected(job.job_id, job.assessment_id, job.item_id, reason)
        versions[key] = record.version
        return AnswerSaved(job.job_id, job.assessment_id, job.item_id, record)
