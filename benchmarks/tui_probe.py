"""Child processes for the TUI figures (c, d): each writes its timestamps as JSON and exits.

    tui_probe.py minimal OUT              a minimal Textual app: Header, 195-row DataTable, Footer
    tui_probe.py ctcap OUT --db PATH      ``ctcap --db PATH`` through the real CLI entry point
    tui_probe.py score OUT --db PATH      scoring latency on the assessment screen (run_test)

Timestamps are ``time.monotonic()``: CLOCK_MONOTONIC is one clock for the whole machine
on Linux, so the parent subtracts the moment it started the process. Textual stamps
every key event with the same clock (``textual._time.get_time``).

Nothing here is imported by ctcap: the hooks are subclasses and monkeypatches that live
in the benchmark, so that the TUI code stays as the user runs it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def _write(out: Path, data: dict[str, Any]) -> None:
    out.write_text(json.dumps(data), encoding="utf-8")


def minimal(out: Path) -> None:
    """The floor for first paint: what any Textual app with this layout costs."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            for label in ("Code", "Country", "Score", "Done", "Trend", "Status"):
                table.add_column(label)
            for n in range(195):
                table.add_row(f"C{n:02d}", f"Country {n}", "50.0", "100%", "▁▂▃▄▅", "final")
            yield table
            yield Footer()

        def on_ready(self) -> None:
            _write(out, {"ready": time.monotonic()})
            self.exit()

    Minimal().run()


def ctcap(out: Path, db: str, wait_for_data: bool) -> None:
    """``ctcap --db PATH`` with a probe app: Ready (first paint), then the countries shown."""
    import ctcap.tui.app as tui_app
    from ctcap.tui.database import DatabaseClient
    from ctcap.tui.messages import CountriesLoaded

    stamps: dict[str, Any] = {}

    class ProbeClient(DatabaseClient):
        def __init__(self, app: Probe) -> None:
            super().__init__(app)
            self.probe = app

        def open(self, url: str, assessor: str | None) -> None:
            # Called after Ready. When the probe quits at Ready, closing would wait for
            # the open (SQLAlchemy, migrations, checklists) to finish: that is not part
            # of the first paint, and its memory would show as the paint's peak RSS.
            if wait_for_data:
                super().open(url, assessor)

        def cached_countries(self, url: str) -> Any:
            kept = super().cached_countries(url)
            if kept is not None:  # the app fills the list in on_mount: in the first frame
                self.probe.rows_in_first_frame = len(kept.summaries)
            return kept

        def _deliver(self, reply_to: Any, message: Any) -> None:
            super()._deliver(reply_to, message)
            if isinstance(message, CountriesLoaded):
                # Queued behind the message: runs after its handler filled the table
                # and the screen refreshed. The last session's copy (``cached``) comes
                # first when there is one; the database's list always follows.
                reply_to.call_after_refresh(
                    self.probe.data_painted, len(message.summaries), message.cached
                )

    class Probe(tui_app.CtcapApp):
        def __init__(self, db_url: str) -> None:
            super().__init__(db_url)
            self.database = ProbeClient(self)

        rows_in_first_frame = 0

        # Textual calls every class's on_ready along the MRO: the app's own still runs.
        def on_ready(self) -> None:
            stamps["ready"] = time.monotonic()
            if self.rows_in_first_frame:  # Ready: the first frame, list included, is out
                stamps["data"], stamps["rows"] = stamps["ready"], self.rows_in_first_frame
                stamps["cached"] = True
            if not wait_for_data:
                _write(out, stamps)
                self.exit()

        def data_painted(self, rows: int, cached: bool) -> None:
            now = time.monotonic()
            if "data" not in stamps:  # the list first shown, whichever its source
                stamps["data"], stamps["rows"], stamps["cached"] = now, rows, cached
            if not cached:  # the database's list: what the copy is checked against
                stamps["data_db"] = now
                _write(out, stamps)
                self.exit()

    def run_app(db_url: str) -> None:
        Probe(db_url).run()

    tui_app.run_app = run_app  # the CLI imports it when it opens the app
    from ctcap.cli.main import main

    main(["--db", db])


def score(out: Path, db: str, presses: int) -> None:
    """Keypress → screen and keypress → committed on the real assessment screen."""
    import asyncio

    asyncio.run(_score(out, db, presses))


async def _score(out: Path, db: str, presses: int) -> None:
    from textual import events

    from ctcap.tui.app import CtcapApp
    from ctcap.tui.database import DatabaseClient
    from ctcap.tui.messages import AnswerSaved
    from ctcap.tui.screens.assessment import AssessmentScreen

    key_time: list[float] = [0.0]
    screen_ms: list[float] = []
    committed_ms: list[float] = []
    saved_shown_ms: list[float] = []
    job_key: dict[int, float] = {}

    class ProbeClient(DatabaseClient):
        def write_answer(self, reply_to: Any, job: Any) -> None:
            pressed = job_key[job.job_id] = key_time[0]
            super().write_answer(reply_to, job)
            # The screen is repainted with the change once the key's handler is done.
            reply_to.call_after_refresh(
                lambda: screen_ms.append((time.monotonic() - pressed) * 1000)
            )

        def _deliver(self, reply_to: Any, message: Any) -> None:
            if isinstance(message, AnswerSaved):  # on the database thread, as the commit returns
                pressed = job_key.get(message.job_id)
                if pressed is not None:
                    committed_ms.append((time.monotonic() - pressed) * 1000)
                super()._deliver(reply_to, message)
                if pressed is not None:
                    reply_to.call_after_refresh(
                        lambda: saved_shown_ms.append((time.monotonic() - pressed) * 1000)
                    )
                return
            super()._deliver(reply_to, message)

    class Probe(CtcapApp):
        def __init__(self, db_url: str, **options: Any) -> None:
            super().__init__(db_url, **options)
            self.database = ProbeClient(self)

        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key):
                key_time[0] = event.time
            await super().on_event(event)

    app = Probe(db, assessor="bench", keymap={}, cursor_blink=False)
    started = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.database.is_open or not app.summaries:
            if time.monotonic() - started > 300:
                raise TimeoutError("the countries did not load in 300 s")
            await pilot.pause(0.05)
        countries_s = time.monotonic() - started
        # As a user would: the round is opened once the list is read and the checklists
        # and the warm-up that follow it are done (they run first on the database thread).
        while not app.checklists_loaded:
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        summary = next(s for s in app.summaries if s.status == "draft")
        assert summary.assessment_id is not None
        opened = time.monotonic()
        app.open_assessment(summary.assessment_id)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        while not screen.ready:
            await pilot.pause(0.02)
        open_s = time.monotonic() - opened
        assert screen.sheet is not None
        levels = list(screen.sheet.checklist.scale.values)
        items = screen.sheet.item_ids()
        for n in range(presses):
            if n % 5 == 0:  # another item now and then (not timed)
                screen.jump_to_item(items[(n // 5) % len(items)])
                await pilot.pause()
                # Moving to another item lays out the detail pane again (tens of ms);
                # let it finish, as a typist's pause would, so the next key times scoring.
                await pilot.pause(0.1)
            done = len(saved_shown_ms)
            await pilot.press(str(levels[n % len(levels)]))
            deadline = time.monotonic() + 10
            while len(saved_shown_ms) <= done and time.monotonic() < deadline:
                await pilot.pause(0.005)
        await app.database.wait_for_queue()
    _write(
        out,
        {
            "screen_ms": screen_ms,
            "committed_ms": committed_ms,
            "saved_shown_ms": saved_shown_ms,
            "countries_s": countries_s,
            "open_s": open_s,
        },
    )


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    options = sys.argv[3:]
    db = options[options.index("--db") + 1] if "--db" in options else ""
    if mode == "minimal":
        minimal(out)
    elif mode == "ctcap":
        ctcap(out, db, wait_for_data="--data" in options)
    elif mode == "score":
        presses = int(options[options.index("--presses") + 1]) if "--presses" in options else 120
        score(out, f"sqlite:///{db}" if "://" not in db else db, presses)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
