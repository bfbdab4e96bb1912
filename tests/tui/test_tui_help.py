"""The keys list (F1 everywhere, ? on the countries list): every binding ctcap declares,
found by walking ctcap.tui, has an id and a description and is listed on its screen."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import ctcap.tui
from ctcap.domain.answers import Special
from ctcap.tui.screens.help import HelpScreen

Opener = Callable[[Any, Any], Awaitable[None]]


def declared_bindings() -> dict[type, list[Binding]]:
    """Every class in ctcap.tui that declares BINDINGS, and its bindings as declared."""
    found: dict[type, list[Binding]] = {}
    for module_info in pkgutil.walk_packages(ctcap.tui.__path__, "ctcap.tui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
                and "BINDINGS" in value.__dict__
            ):
                found[value] = list(Binding.make_bindings(value.__dict__["BINDINGS"]))
    return found


async def _countries(app: Any, pilot: Any) -> None:
    pass


async def _assessment(app: Any, pilot: Any) -> None:
    app.open_country("KEN")


async def _history(app: Any, pilot: Any) -> None:
    app.open_history("KEN", "tui-six")


async def _gap_report(app: Any, pilot: Any) -> None:
    app.open_gap_report(app.summary_of("KEN").assessment_id)


async def _new_assessment(app: Any, pilot: Any) -> None:
    await pilot.press("n")


async def _evidence(app: Any, pilot: Any) -> None:
    app.open_country("KEN")
    await pilot.pause(0.2)
    await pilot.press("e")


async def _confirm(app: Any, pilot: Any) -> None:
    app.open_country("NPL")
    await pilot.pause(0.2)
    await pilot.press("]", "x", "f")


async def _prompt(app: Any, pilot: Any) -> None:
    await _gap_report(app, pilot)
    await pilot.pause(0.2)
    await pilot.press("s")


async def _proposals(app: Any, pilot: Any) -> None:
    app.open_country("KEN")
    await pilot.pause(0.2)
    await pilot.press("p")


async def _panel(app: Any, pilot: Any) -> None:
    app.open_panel(app.summary_of("KEN").assessment_id)  # a round without a panel: review


async def _consensus(app: Any, pilot: Any) -> None:
    from .panel_seed import seed_panel

    app.open_panel(seed_panel(app.db_url, app.checklists_dir, reveal=True))
    for _ in range(500):
        if type(app.screen).__name__ == "PanelScreen" and app.screen.ready:
            break
        await pilot.pause(0.01)
    await pilot.press("c")


async def _projects(app: Any, pilot: Any) -> None:
    app.open_projects("KEN")


async def _assistance(app: Any, pilot: Any) -> None:
    app.open_assistance()


async def _help(app: Any, pilot: Any) -> None:
    pass  # the list lists its own keys too ("This list")


# How to reach each screen on the seeded database. A screen added to ctcap.tui without an
# entry here fails test_every_screen_is_reached, so its keys are checked too.
OPENERS: dict[str, tuple[Opener, str]] = {
    "CountriesScreen": (_countries, "CountriesScreen"),
    "AssessmentScreen": (_assessment, "AssessmentScreen"),
    "HistoryScreen": (_history, "HistoryScreen"),
    "GapReportScreen": (_gap_report, "GapReportScreen"),
    "NewAssessmentScreen": (_new_assessment, "NewAssessmentScreen"),
    "EvidenceScreen": (_evidence, "EvidenceScreen"),
    "ConfirmScreen": (_confirm, "ConfirmScreen"),
    "PromptScreen": (_prompt, "PromptScreen"),
    "ProposalsScreen": (_proposals, "ProposalsScreen"),
    "PanelScreen": (_panel, "PanelScreen"),
    "ConsensusScreen": (_consensus, "ConsensusScreen"),
    "ProjectsScreen": (_projects, "ProjectsScreen"),
    "AssistanceScreen": (_assistance, "AssistanceScreen"),
    "HelpScreen": (_help, "CountriesScreen"),
}


def test_every_binding_has_an_id_and_a_description() -> None:
    found = declared_bindings()
    assert any(cls.__name__ == "CtcapApp" for cls in found)
    assert any(cls.__name__ == "AssessmentScreen" for cls in found)
    missing = [
        f"{cls.__name__}: {b.key} → {b.action}"
        for cls, bindings in found.items()
        for b in bindings
        if not b.id or not b.description
    ]
    assert missing == []


def test_every_screen_is_reached() -> None:
    screens = {cls.__name__ for cls in declared_bindings() if issubclass(cls, Screen)}
    assert screens <= set(OPENERS), f"add an opener for {sorted(screens - set(OPENERS))}"


async def _help_of(app: Any, pilot: Any, helpers: Any, name: str) -> dict[str | None, Any]:
    opener, screen_name = OPENERS[name]
    await opener(app, pilot)
    await helpers.screen(app, pilot, screen_name)
    await pilot.press("f1")
    if name == "HelpScreen":
        assert isinstance(app.screen, HelpScreen)
        return app.screen.shown()
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen), f"F1 on {screen_name} opened no keys list"
    assert app.screen.below.__class__.__name__ == screen_name
    return app.screen.shown()


def test_every_binding_is_listed_on_its_screen(seeded: str, tui_app: Any, helpers: Any) -> None:
    found = declared_bindings()
    app_bindings = next(b for cls, b in found.items() if cls.__name__ == "CtcapApp")
    widgets = {
        cls: b for cls, b in found.items() if not issubclass(cls, Screen) and b is not app_bindings
    }
    listed_widget_ids: set[str] = set()

    async def run() -> None:
        for cls, bindings in found.items():
            if not issubclass(cls, Screen):
                continue
            app = tui_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await helpers.loaded(app, pilot)
                shown = await _help_of(app, pilot, helpers, cls.__name__)
                expected = {b.id for b in bindings} | {b.id for b in app_bindings}
                assert expected - set(shown) == set(), cls.__name__
                for binding in [*bindings, *app_bindings]:
                    assert shown[binding.id].description == binding.description
                listed_widget_ids.update(i for i in shown if i)
                await app.action_quit()

    asyncio.run(run())
    # ctcap's own widgets with keys (none today) are listed on the screens that hold them.
    for cls, bindings in widgets.items():
        assert {b.id for b in bindings} <= listed_widget_ids, cls.__name__


def test_question_mark_lists_the_keys_as_remapped(seeded: str, tui_app: Any, helpers: Any) -> None:
    async def run() -> None:
        app = tui_app(keymap={"history": "y", "help": "f2"})
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            shown = app.screen.shown()
            assert shown["history"].keys == ("y",)
            assert shown["help"].keys == ("f2",)
            assert shown["countries-help"].keys == ("?",)
            assert shown["quit"].keys == ("^q",)
            await pilot.press("escape")
            assert type(app.screen).__name__ == "CountriesScreen"
            await pilot.press("f2")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("f2")  # the same key closes it
            assert type(app.screen).__name__ == "CountriesScreen"

    asyncio.run(run())


def test_f1_on_the_assessment_screen_and_question_mark_still_scores(
    seeded: str, tui_app: Any, helpers: Any
) -> None:
    async def run() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            app.open_country("KEN")
            screen = await helpers.screen(app, pilot, "AssessmentScreen")
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            shown = app.screen.shown()
            assert shown["no-information"].keys == ("?",)
            assert shown["score-3"].description == "Level 3"
            await pilot.press("escape")
            assert app.screen is screen
            item = screen.item_id
            await pilot.press("question_mark")
            await helpers.settle(app, pilot)
            assert app.screen is screen
            assert screen.sheet.answers.response(item) == Special.NO_INFORMATION

    asyncio.run(run())
