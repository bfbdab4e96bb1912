"""The database client's reads of the project register: mixed into ``DatabaseClient``.

Each method queues one job, as the client's own methods do: the job reads through the
reports package (``reports.outcomes``, ``reports.assistance``, which read through
storage) in a transaction of its own, on the client's one thread, and returns a typed
message to the screen or widget that asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .messages import LinkedProjectsLoaded, NeedLoaded, ProjectsLoaded
from .views import LinkedProject

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message
    from textual.message_pump import MessagePump

    from ctcap.reports.outcomes_model import Outcomes
    from ctcap.storage.engine import Database


class ProjectReads:
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

    def load_projects(self, reply_to: MessagePump, country: str) -> None:
        """One country's projects with their linked items before and after."""

        def job() -> Message:
            from ctcap.reports.outcomes import build_outcomes
            from ctcap.storage.assistance_reading import country_names

            with self._database().read() as session:
                outcomes = build_outcomes(session, country=country)
                name = country_names(session).get(country, country)
            return ProjectsLoaded(country, name, outcomes)

        self._submit(job, reply_to, f"load the projects of {country}")

    def load_need(self, reply_to: MessagePump, currency: str | None = None) -> None:
        """Need against assistance over every country and area."""

        def job() -> Message:
            from ctcap.reports.assistance import build_need_against_assistance

            with self._database().read() as session:
                return NeedLoaded(build_need_against_assistance(session, currency))

        self._submit(job, reply_to, "build need against assistance")

    def load_linked_projects(self, reply_to: MessagePump, country: str, checklist_id: str) -> None:
        """The projects on each item of ``checklist_id`` in ``country``."""

        def job() -> Message:
            from ctcap.reports.outcomes import build_outcomes

            with self._database().read() as session:
                outcomes = build_outcomes(session, country=country, by=())
            return LinkedProjectsLoaded(country, checklist_id, by_item(outcomes, checklist_id))

        self._submit(job, reply_to, "load the projects on these items")


def by_item(outcomes: Outcomes, checklist_id: str) -> dict[str, tuple[LinkedProject, ...]]:
    """Each item of ``checklist_id`` that projects address → those projects, by identifier."""
    from ctcap.reports.render.assistance_text import OUTCOME_LABELS

    found: dict[str, list[LinkedProject]] = {}
    for project in outcomes.projects:
        for item in project.items:
            if item.checklist_id != checklist_id:
                continue
            levels = ""
            if item.level_before is not None and item.level_after is not None:
                levels = f"{item.level_before} → {item.level_after}"
            found.setdefault(item.item_id, []).append(
                LinkedProject(
                    project.identifier,
                    project.title,
                    project.donor,
                    project.status.label if project.status else "",
                    project.start,
                    project.end,
                    OUTCOME_LABELS[item.outcome],
                    levels,
                    project.mark,
                )
            )
    return {item_id: tuple(projects) for item_id, projects in found.items()}
