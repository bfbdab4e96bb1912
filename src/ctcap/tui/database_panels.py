"""The database client's panel and review operations: one method each, as every other
operation (``database.DatabaseClient`` inherits them). Each runs as a job on the
client's one thread through storage's functions and posts a typed message; a refused
step (revealing twice, approving one's own round…) fails with storage's one-line
reason, which the app shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .messages import PanelLoaded, PanelStepDone

if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

    from ctcap.storage.engine import Database, ReadSession

    from .panel_views import ConsensusChoice

Step = Callable[["ReadSession", str], tuple[str, str]]  # session, actor → title, summary


class PanelJobs:
    actor: str

    if TYPE_CHECKING:

        def _submit(
            self,
            job: Callable[[], Message | None],
            reply_to: MessagePump,
            what: str,
            *,
            after_refresh: bool = False,
        ) -> None: ...

        def _database(self) -> Database: ...

    def load_panel(self, reply_to: MessagePump, assessment_id: int) -> None:
        """The panel as this assessor may see it: ``PanelLoaded``."""
        actor = self.actor

        def job() -> Message:
            from .panel_data import load_panel

            return PanelLoaded(load_panel(self._database(), assessment_id, actor))

        self._submit(job, reply_to, "load the panel")

    def _step(self, reply_to: MessagePump, assessment_id: int, what: str, step: Step) -> None:
        actor = self.actor

        def job() -> Message:
            with self._database().write() as session:
                title, summary = step(session, actor)
            return PanelStepDone(assessment_id, title, summary)

        self._submit(job, reply_to, what)

    def reveal_panel(self, reply_to: MessagePump, assessment_id: int) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import panels

            info = panels.reveal(session, assessment_id, actor=actor)
            answered = ", ".join(f"{m.member} {m.answered}" for m in info.members)
            return "Revealed", f"Items answered: {answered}"

        self._step(reply_to, assessment_id, "reveal", step)

    def adopt_unanimous(self, reply_to: MessagePump, assessment_id: int) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import consensus

            adopted = consensus.adopt_unanimous(session, assessment_id, actor=actor)
            return "Adopted", f"{len(adopted)} unanimous item(s) are now the panel's answer"

        self._step(reply_to, assessment_id, "adopt the unanimous items", step)

    def record_consensus(
        self, reply_to: MessagePump, assessment_id: int, choice: ConsensusChoice
    ) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import consensus

            consensus.record_consensus(
                session, assessment_id, choice.item_id, choice.response, actor=actor,
                rationale=choice.rationale,
            )  # fmt: skip
            return "Consensus recorded", choice.item_id

        self._step(reply_to, assessment_id, f"record the consensus on {choice.item_id}", step)

    def submit_review(self, reply_to: MessagePump, assessment_id: int) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import review

            review.submit(session, assessment_id, actor=actor)
            return "Submitted for review", "A reviewer who did not score it approves it"

        self._step(reply_to, assessment_id, "submit for review", step)

    def request_changes(self, reply_to: MessagePump, assessment_id: int, note: str) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import review

            review.request_changes(session, assessment_id, actor=actor, note=note)
            return "Changes requested", note

        self._step(reply_to, assessment_id, "request changes", step)

    def approve_review(self, reply_to: MessagePump, assessment_id: int) -> None:
        def step(session: ReadSession, actor: str) -> tuple[str, str]:
            from ctcap.storage import review

            info = review.approve(session, assessment_id, actor=actor)
            return "Approved", f"by {info.approved_by}; it can now be finalized"

        self._step(reply_to, assessment_id, "approve", step)
