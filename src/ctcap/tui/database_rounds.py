"""The database client's round operations besides scoring: start, finalize, reopen, settle
an import conflict, export a report. Mixed into ``database.DatabaseClient``; each method
queues one job on the client's one thread, as every other operation, and the job posts
a typed message to the screen that asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .messages import (
    AssessmentCreated,
    AssessmentFinalized,
    AssessmentReopened,
    ConflictKept,
    FileExported,
)

if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

    from ctcap.domain.model import Checklist
    from ctcap.storage.engine import Database

    from .views import NewAssessment


class RoundJobs:
    actor: str

    if TYPE_CHECKING:  # provided by DatabaseClient

        def _submit(
            self,
            job: Callable[[], Message | None],
            reply_to: MessagePump,
            what: str,
            *,
            after_refresh: bool = False,
        ) -> None: ...

        def _database(self) -> Database: ...

    def keep_ours(self, reply_to: MessagePump, assessment_id: int, item_id: str) -> None:
        """Settle an import conflict for the answer this database has (an audited decision)."""
        actor = self.actor

        def job() -> Message:
            from ctcap.storage.bundles import keep_ours

            with self._database().write() as session:
                keep_ours(session, assessment_id, item_id, actor=actor)
            return ConflictKept(assessment_id, item_id)

        self._submit(job, reply_to, f"keep this database's answer to {item_id}")

    def create_assessment(
        self, reply_to: MessagePump, request: NewAssessment, checklist: Checklist
    ) -> None:
        def job() -> Message:
            from ctcap.storage import repository

            with self._database().write() as session:
                info = repository.create_assessment(
                    session,
                    country=request.country,
                    checklist=checklist,
                    as_of=request.as_of,
                    assessor=request.assessor,
                )
            return AssessmentCreated(info)

        self._submit(job, reply_to, "create the assessment")

    def finalize(self, reply_to: MessagePump, assessment_id: int) -> None:
        actor = self.actor

        def job() -> Message:
            from ctcap.storage import repository

            with self._database().write() as session:
                return AssessmentFinalized(repository.finalize(session, assessment_id, actor=actor))

        self._submit(job, reply_to, "finalize")

    def reopen(self, reply_to: MessagePump, assessment_id: int, reason: str) -> None:
        actor = self.actor

        def job() -> Message:
            from ctcap.storage import repository

            with self._database().write() as session:
                info = repository.reopen(session, assessment_id, actor=actor, reason=reason)
            return AssessmentReopened(info)

        self._submit(job, reply_to, "reopen")

    def export_report(
        self, reply_to: MessagePump, path: str, render: Callable[[str], str | bytes]
    ) -> None:
        """Write the report in the format the file name asks for, owner-only."""

        def job() -> Message:
            from ctcap.reports.formats import format_for, write_private

            target = Path(path)
            return FileExported(str(write_private(target, render(format_for(target)))))

        self._submit(job, reply_to, f"export to {path}")
