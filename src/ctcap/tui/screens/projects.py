"""One country's projects: donor, scheme, status, dates, amounts, and each linked item's gap
before and after (association, not attribution). The highlighted project's items show
below the list; ``s`` exports the before/after report in any report format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ctcap.text import shown_line

from ..messages import FileExported, OperationFailed, ProjectsLoaded
from ..widgets.marks import mark_text

if TYPE_CHECKING:
    from ctcap.reports.outcomes_model import Outcomes, ProjectOutcome

    from ..services import Services

PROJECT_COLUMNS = (("Project", 14), ("Mark", 16), ("Donor", 18), ("Status", 14),
                   ("Before and after", 30), ("Dates", 17), ("Committed", 13), ("Disbursed", 13),
                   ("Scheme", 21))  # fmt: skip
ITEM_COLUMNS = (("Item", 34), ("Before", 14), ("After", 14), ("Target", 6), ("Outcome", 19),
                ("Why", 40))  # fmt: skip
OUTCOME_STYLES = {"closed": "bold green", "narrowed": "green", "regressed": "bold red"}


def _at(level: str, when: object) -> str:
    """A level and the round's date, or "—" without a round."""
    return f"{level} ({when})" if when else "—"


def _outcome(label: str) -> Text:
    return Text(label, OUTCOME_STYLES.get(label, ""))


class ProjectsScreen(Screen[None]):
    CSS_PATH = "projects.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "assistance", "Assistance", id="assistance"),
        Binding("s", "export", "Export", id="export"),
        Binding("q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, country: str) -> None:
        super().__init__()
        self.services = services
        self.country = country
        self.outcomes: Outcomes | None = None

    @property
    def ready(self) -> bool:
        """Loaded from the database: tests wait for this."""
        return self.outcomes is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="projects-title")
        table = DataTable[str | Text](id="projects", cursor_type="row", zebra_stripes=True)
        for label, width in PROJECT_COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        yield table
        yield Static(id="project-heading")
        items = DataTable[str | Text](id="project-items", cursor_type="row", zebra_stripes=True)
        for label, width in ITEM_COLUMNS:
            items.add_column(label, width=width, key=label.lower())
        yield items
        yield Static(id="projects-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Projects: {self.country}"
        self.query_one("#projects").loading = True
        self.services.database.load_projects(self, self.country)

    @on(OperationFailed)
    def failed(self, message: OperationFailed) -> None:
        self.query_one("#projects").loading = False
        self.query_one("#projects-title", Static).update(Text(message.reason, "bold red"))

    @on(ProjectsLoaded)
    def loaded(self, message: ProjectsLoaded) -> None:
        from ctcap.reports.render.assistance_text import OUTCOME_LABELS

        outcomes = self.outcomes = message.outcomes
        name = shown_line(message.country_name)
        self.sub_title = f"Projects: {name}"
        counts = " · ".join(f"{n} {OUTCOME_LABELS[o]}" for o, n in outcomes.total.counts if n)
        title = Text(f"{name} ({message.country_code}) · {len(outcomes.projects)} project(s)")
        title.append(f" · {outcomes.total.total} linked gap(s)")
        if counts:
            title.append(f": {counts}")
        if outcomes.synthetic:
            title.append(" · SYNTHETIC DATA", "bold red")
        self.query_one("#projects-title", Static).update(title)
        self.query_one("#projects-note", Static).update(outcomes.note)
        table = self.query_one("#projects", DataTable)
        table.clear()
        for project in outcomes.projects:
            table.add_row(*self._row(project), key=project.identifier)
        table.loading = False
        table.focus()
        self._show_items(outcomes.projects[0] if outcomes.projects else None)

    @staticmethod
    def _row(project: ProjectOutcome) -> list[str | Text]:
        from ctcap.reports.render.assistance_text import OUTCOME_LABELS, money

        currency = project.money.currency
        tally = ", ".join(f"{n} {OUTCOME_LABELS[o]}" for o, n in project.tally.counts if n)
        return [
            Text(shown_line(project.identifier), "bold"),
            mark_text(project.mark),
            Text(shown_line(project.donor)),
            Text(project.status.label if project.status else "—"),
            Text(f"{len(project.items)}: {tally}") if tally else Text("no linked item", "dim"),
            Text(f"{project.start or '?'}–{project.end or '?'}"),
            Text(money(project.money.committed, currency), justify="right"),
            Text(money(project.money.disbursed, currency), justify="right"),
            Text(project.scheme.value if project.scheme else "—"),
        ]

    @on(DataTable.RowHighlighted, "#projects")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.outcomes is None or event.row_key.value is None:
            return
        key = event.row_key.value
        self._show_items(next((p for p in self.outcomes.projects if p.identifier == key), None))

    def _show_items(self, project: ProjectOutcome | None) -> None:
        from ctcap.reports.render.assistance_text import OUTCOME_LABELS, area_title, level

        heading = self.query_one("#project-heading", Static)
        items = self.query_one("#project-items", DataTable)
        items.clear()
        if project is None:
            heading.update(Text("No project in this country yet.", "dim"))
            return
        text = mark_text(project.mark)
        text.append(" ")
        text.append(shown_line(project.title), "bold")
        text.append(f" · {area_title(project.area)} · {shown_line(project.recipient_name)}")
        heading.update(text)
        for item in project.items:
            before = (
                f"{level(item.level_before)} ({item.before_as_of})" if item.before_as_of else "—"
            )
            after = f"{level(item.level_after)} ({item.after_as_of})" if item.after_as_of else "—"
            why = item.reason + ("; reworded" if item.reworded else "")
            items.add_row(
                Text(shown_line(item.item_title)),
                before,
                after,
                level(item.target),
                _outcome(OUTCOME_LABELS[item.outcome]),
                Text(shown_line(why), "dim"),
                key=f"{item.checklist_id}:{item.item_id}",
            )

    def action_assistance(self) -> None:
        self.services.open_assistance()

    def action_export(self) -> None:
        outcomes = self.outcomes
        if outcomes is None:
            self.notify("The projects are still loading.", severity="warning")
            return
        from functools import partial

        from ctcap.reports.formats import render_outcomes

        from .export_prompt import ask_to_export

        ask_to_export(self, self.services, "before and after", f"projects-{self.country}.md",
                      partial(render_outcomes, outcomes))  # fmt: skip

    @on(FileExported)
    def exported(self, message: FileExported) -> None:
        self.notify(message.path, title="Exported")

    def action_back(self) -> None:
        self.app.pop_screen()
