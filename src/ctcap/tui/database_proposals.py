"""The database client's jobs for proposals from published data (a part of ``DatabaseClient``).

Each method queues one job on the client's thread, like every other operation; the job's
work is ``proposal_data``'s, with storage's rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

    from ctcap.domain.answers import Response
    from ctcap.storage.engine import Database

Job = Callable[[], "Message | None"]


class ProposalJobs:
    """Mixed into ``DatabaseClient``, which provides the queue, the database and the actor."""

    actor: str

    def _submit(
        self, job: Job, reply_to: MessagePump, what: str, *, after_refresh: bool = False
    ) -> None:
        raise NotImplementedError

    def _database(self) -> Database:
        raise NotImplementedError

    def load_proposals(self, reply_to: MessagePump, assessment_id: int) -> None:
        def job() -> Message:
            from .proposal_data import load_proposals

            return load_proposals(self._database(), assessment_id)

        self._submit(job, reply_to, "load the proposals")

    def decide_proposal(
        self,
        reply_to: MessagePump,
        assessment_id: int,
        item_id: str,
        how: str,
        *,
        response: Response | None = None,
        reason: str = "",
    ) -> None:
        """``how``: accept, edit (``response`` instead) or reject (``reason``)."""
        actor = self.actor

        def job() -> Message:
            from .proposal_data import decide

            return decide(
                self._database(), assessment_id, item_id, how,
                actor=actor, response=response, reason=reason,
            )  # fmt: skip

        self._submit(job, reply_to, f"{how} the proposal for {item_id}")

    def accept_all_proposals(self, reply_to: MessagePump, assessment_id: int) -> None:
        actor = self.actor

        def job() -> Message:
            from .proposal_data import accept_all

            return accept_all(self._database(), assessment_id, actor=actor)

        self._submit(job, reply_to, "accept the proposals")
