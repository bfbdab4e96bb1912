"""What a screen may use of the app, given to it when it is made.

Screens depend on this protocol, not on the App: the App imports the screens, and no
screen imports the App back. ``CtcapApp`` provides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .database import DatabaseClient
    from .views import CountrySummary


class Services(Protocol):
    @property
    def database(self) -> DatabaseClient:
        """Every read and write: one method per operation, replies as messages."""
        ...

    @property
    def cursor_blink(self) -> bool: ...

    @property
    def iso_countries(self) -> dict[str, str]: ...

    @property
    def summaries(self) -> list[CountrySummary]:
        """The countries list as last loaded (empty until then)."""
        ...

    # Navigation: the app decides which screens stay on the stack.

    def open_country(self, code: str) -> None:
        """The country's current assessment, or a new one when it has none."""
        ...

    def open_assessment(self, assessment_id: int) -> None: ...

    def new_assessment(self, code: str | None) -> None: ...

    def open_history(self, country: str, checklist_id: str | None) -> None: ...

    def open_gap_report(self, assessment_id: int) -> None: ...

    def open_panel(self, assessment_id: int) -> None:
        """The round's panel (members, reveal, agreement, consensus) and its review."""
        ...

    def open_projects(self, country: str) -> None:
        """The country's projects, each linked item before and after."""
        ...

    def open_assistance(self) -> None:
        """Need against assistance over every country."""
        ...
