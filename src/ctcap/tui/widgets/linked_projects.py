"""Under the focused item: the projects that address it (each with its handling mark), and
its gap before and after each.

The widget asks the database client itself (``load``) and keeps the answer for every
item of the checklist, so moving between items shows it at once. Hidden when no project
addresses the item. Stored text goes through the text guard and into ``Text``, never
markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.widgets import Static

from ctcap.text import shown_line

from ..messages import LinkedProjectsLoaded
from .marks import mark_text

if TYPE_CHECKING:
    from ..database import DatabaseClient
    from ..views import LinkedProject

OUTCOME_STYLES = {"closed": "bold green", "narrowed": "green", "regressed": "bold red"}


class LinkedProjects(Static):
    DEFAULT_CSS: ClassVar[str] = """
    LinkedProjects { display: none; height: auto; margin-top: 1; }
    LinkedProjects.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.by_item: dict[str, tuple[LinkedProject, ...]] = {}
        self.item_id: str | None = None

    def load(self, database: DatabaseClient, country: str, checklist_id: str) -> None:
        database.load_linked_projects(self, country, checklist_id)

    @on(LinkedProjectsLoaded)
    def loaded(self, message: LinkedProjectsLoaded) -> None:
        self.by_item = message.by_item
        self._draw()

    def show(self, item_id: str | None) -> None:
        """The projects on ``item_id``; None (an area is focused) hides the list."""
        self.item_id = item_id
        self._draw()

    def projects(self) -> tuple[LinkedProject, ...]:
        return self.by_item.get(self.item_id, ()) if self.item_id else ()

    def _draw(self) -> None:
        found = self.projects()
        self.set_class(bool(found), "-shown")
        if not found:
            return
        text = Text()
        text.append(f"Projects on this item ({len(found)})", style="bold")
        for project in found:
            text.append("\n")
            if project.mark:
                text.append_text(mark_text(project.mark))
                text.append(" ")
            text.append(shown_line(project.identifier), style="bold")
            text.append(f" {shown_line(project.donor, 40)}")
            dates = f"{project.start or '?'} – {project.end or '?'}"
            text.append(f" · {dates}", style="dim")
            text.append(" · ")
            text.append(project.outcome, style=OUTCOME_STYLES.get(project.outcome, ""))
            if project.levels:
                text.append(f" ({project.levels})")
        text.append("\nAssociation, not attribution.", style="dim italic")
        self.update(text)
