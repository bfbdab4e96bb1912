"""The assessor's app: ``run_app`` for the CLI, ``make_app`` for the CLI and the tests.

Nothing heavy is imported here: the database opens on the database thread after the
first paint.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel

from ctcap.text import for_terminal, shown_line

from .commands import JumpProvider
from .database import DatabaseClient
from .idle_gc import CHECK_EVERY_S, IdleCollector
from .messages import (
    AnswerRejected,
    AssessmentCreated,
    ChecklistsLoaded,
    DatabaseFailed,
    DatabaseOpened,
    FileExported,
    OperationFailed,
    PanelStepDone,
)
from .screens.countries import CountriesScreen
from .views import ChecklistChoice, CountrySummary, NewAssessment

if TYPE_CHECKING:
    from ctcap.domain.model import Checklist

# The database thread releases the GIL at every SQLite call and must win it back from the
# UI thread each time; at the default 5 ms switch interval a write waits several
# intervals while the screen repaints. 0.5 ms hands it back promptly.
SWITCH_INTERVAL_S = 0.0005


class CtcapApp(App[None]):
    """Score countries' counter-terrorism capacity against checklists."""

    TITLE = "ctcap"
    # Absolute, so that a subclass elsewhere (a benchmark's probe) finds it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {JumpProvider}
    # A mode rather than get_default_screen(): only then does Textual load the screen's CSS_PATH.
    DEFAULT_MODE: ClassVar[str] = "countries"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        # Priority, so that it works in the dialogs and text fields too.
        Binding("f1", "help", "Keys", id="help", priority=True),
    ]

    def __init__(
        self,
        db_url: str,
        *,
        clock: Callable[[], date] = date.today,
        checklists_dir: Path | None = None,
        assessor: str | None = None,
        keymap: dict[str, str] | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.db_url = db_url
        self.clock = clock
        self.checklists_dir = checklists_dir
        self.assessor_option = assessor
        self.keymap_option = keymap
        self.cursor_blink = cursor_blink
        self.checklists: list[Checklist] = []
        self.checklists_loaded = False
        self.iso_countries: dict[str, str] = {}
        self.database = DatabaseClient(self)
        self.idle_collector = IdleCollector()
        self._switch_interval = sys.getswitchinterval()
        self.add_mode("countries", lambda: CountriesScreen(self))

    def on_mount(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.idle_collector.start()
        self.set_interval(CHECK_EVERY_S, self.idle_collector.tick, name="idle collection")
        keymap = self.keymap_option
        if keymap is None:
            from ctcap.config import load_settings
            from ctcap.errors import CtcapError

            try:
                keymap = load_settings().keymap
            except CtcapError as exc:
                self.notify(str(exc), title="Config", severity="warning", timeout=10)
                keymap = {}
        self.apply_keymap(keymap)
        # The list as the last session left it, if the database has not changed since:
        # in the first frame, before the database opens.
        kept = self.database.cached_countries(self.db_url)
        if kept is not None:
            self.countries_screen.countries_loaded(kept)

    # Every notification and title quotes stored text or an error: shown, never obeyed.

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """As Textual's, with controls made visible; markup is never parsed (``markup``
        is kept for the signature only)."""
        super().notify(
            for_terminal(message),
            title=shown_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        return super().format_title(shown_line(title), shown_line(sub_title))

    def apply_keymap(self, keymap: dict[str, str]) -> None:
        """Apply the entries of ``keymap`` that are sound; warn of each other one, in a line.

        A binding id no screen has, a key Textual cannot deliver, or a key that would take
        over another binding (``quit = "1"``) is left out, so the keys it names keep working.
        """
        if not keymap:
            return  # the screens' modules are imported only to check a keymap
        from .keymap import screen_bindings, usable_keymap

        usable, problems = usable_keymap(screen_bindings(self.BINDINGS), keymap)
        for problem in problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=15)
        if usable:
            self.set_keymap(usable)

    async def on_event(self, event: events.Event) -> None:
        # Only notes that the assessor is active; keys are handled by bindings.
        if isinstance(event, events.InputEvent):
            self.idle_collector.note_input()
        await super().on_event(event)

    def on_ready(self) -> None:
        """First paint is done: now load SQLAlchemy and open the database, off this thread."""
        self.database.open(self.db_url, self.assessor_option)

    @property
    def countries_screen(self) -> CountriesScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, CountriesScreen)
        return screen

    @property
    def summaries(self) -> list[CountrySummary]:
        """The countries list as last loaded (the countries screen holds it)."""
        stack = self.screen_stack
        first = stack[0] if stack else None
        return first.summaries if isinstance(first, CountriesScreen) else []

    @property
    def actor(self) -> str:
        return self.database.actor

    # What the database client reports to the app ------------------------------------------

    @on(DatabaseOpened)
    def database_opened(self, message: DatabaseOpened) -> None:
        self.iso_countries = message.iso_countries
        self.countries_screen.database_ready()
        # The list first: the checklists (YAML, pydantic) are needed only to start a round.
        self.database.load_countries(self.countries_screen, self.iso_countries)
        directory = self.checklists_dir
        if directory is None:
            from ctcap.paths import checklists_dir

            directory = checklists_dir()
        self.database.load_checklists(self, directory)
        self.database.warm_up()

    @on(ChecklistsLoaded)
    def checklists_read(self, message: ChecklistsLoaded) -> None:
        self.checklists = message.checklists
        self.checklists_loaded = True
        if message.problems:
            first = message.problems[0]
            self.notify(
                f"{len(message.problems)} checklist problem(s); first: {first}",
                title="Checklists",
                severity="warning",
                timeout=10,
            )

    @on(DatabaseFailed)
    def database_failed(self, message: DatabaseFailed) -> None:
        self.countries_screen.database_failed(message.reason)
        self.notify(message.reason, title="Database", severity="error", timeout=30)

    @on(OperationFailed)
    def operation_failed(self, message: OperationFailed) -> None:
        self.notify(message.reason, title=f"Could not {message.what}", severity="error", timeout=15)

    @on(AnswerRejected)
    def answer_rejected(self, message: AnswerRejected) -> None:
        # Its screen has closed: the assessor must still hear of it.
        self.notify(message.reason, title="Not saved", severity="error", timeout=30)

    @on(FileExported)
    def file_exported(self, message: FileExported) -> None:
        self.notify(message.path, title="Exported")

    @on(PanelStepDone)
    def panel_step_done(self, message: PanelStepDone) -> None:
        # Its screen has closed: the step is committed all the same.
        from ctcap.text import shown_line

        self.notify(shown_line(message.summary), title=message.title, markup=False)

    @on(AssessmentCreated)
    def assessment_created(self, message: AssessmentCreated) -> None:
        self.notify(message.info.title, title="Assessment created")
        self.open_assessment(message.info.id)

    # Navigation (the Services protocol) ----------------------------------------------------

    def summary_of(self, code: str) -> CountrySummary | None:
        return next((s for s in self.summaries if s.code == code), None)

    def open_country(self, code: str) -> None:
        """The country's current assessment, or a new one when it has none."""
        summary = self.summary_of(code)
        if summary is not None and summary.assessment_id is not None:
            self.open_assessment(summary.assessment_id)
        else:
            self.new_assessment(code)

    def open_assessment(self, assessment_id: int) -> None:
        # The other screens load on first use: the first paint does not wait for them.
        from .screens.assessment import AssessmentScreen

        for screen in self.screen_stack[1:]:
            if isinstance(screen, AssessmentScreen) and screen.assessment_id == assessment_id:
                while self.screen is not screen:
                    self.pop_screen()
                return
        self.flush_screens()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(AssessmentScreen(self, assessment_id))

    def new_assessment(self, code: str | None) -> None:
        if not self.database.is_open:
            self.notify("The database is not open yet.", severity="warning")
            return
        if not self.checklists_loaded:
            self.notify("The checklists are still loading.", severity="warning")
            return
        if not self.checklists:
            self.notify("No checklist could be loaded.", severity="error")
            return
        from .screens.new_assessment import NewAssessmentScreen

        def created(request: NewAssessment | None) -> None:
            if request is not None:
                checklist = next(c for c in self.checklists if c.id == request.checklist_id)
                self.database.create_assessment(self, request, checklist)

        screen = NewAssessmentScreen(
            countries=self.iso_countries,
            checklists=[ChecklistChoice(c.id, c.title, c.version) for c in self.checklists],
            country=code,
            as_of=self.clock(),
            assessor=self.actor,
        )
        self.push_screen(screen, created)

    def open_history(self, country: str, checklist_id: str | None) -> None:
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self, country, checklist_id))

    def open_gap_report(self, assessment_id: int) -> None:
        from .screens.gap_report import GapReportScreen

        self.push_screen(GapReportScreen(self, assessment_id))

    def open_panel(self, assessment_id: int) -> None:
        from .screens.panel import PanelScreen

        self.push_screen(PanelScreen(self, assessment_id))

    def open_projects(self, country: str) -> None:
        from .screens.projects import ProjectsScreen

        self.push_screen(ProjectsScreen(self, country))

    def open_assistance(self) -> None:
        from .screens.assistance import AssistanceScreen

        self.push_screen(AssistanceScreen(self))

    def action_help(self) -> None:
        """The keys of the screen in front (F1 again, or Esc, closes the list)."""
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen, self._keymap))

    # Quitting -----------------------------------------------------------------------------

    def flush_screens(self) -> None:
        """Hand every screen's unsaved edits (rationale, cursor) to the database client."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if callable(flush):
                flush()

    async def action_quit(self) -> None:
        """Quit once every queued change is committed: nothing typed is lost."""
        self.flush_screens()
        await self.database.wait_for_queue()
        self.exit()

    def on_unmount(self) -> None:
        self.database.close()
        self.idle_collector.stop()
        sys.setswitchinterval(self._switch_interval)


def make_app(
    db_url: str,
    *,
    clock: Callable[[], date] | None = None,
    checklists_dir: Path | None = None,
    assessor: str | None = None,
    keymap: dict[str, str] | None = None,
    cursor_blink: bool = True,
) -> CtcapApp:
    """The app, as the CLI and the tests build it."""
    return CtcapApp(
        db_url,
        clock=clock or date.today,
        checklists_dir=checklists_dir,
        assessor=assessor,
        keymap=keymap,
        cursor_blink=cursor_blink,
    )


def run_app(db_url: str) -> None:
    make_app(db_url).run()
