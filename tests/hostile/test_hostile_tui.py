"""The TUI: stored, typed and imported text is shown, never obeyed, on every screen.

A checklist whose area title starts with ``=`` and whose item title carries an OSC 8
link, an OSC 52 clipboard write, ``ESC c`` and a bidi override; questions, guidance,
descriptors and references written in Textual markup (``[@click=app.quit]``,
``[link=…]``, ``[bold]``); a rationale, evidence, an author and an assessor that do
the same. The real app runs on a real SQLite file through Pilot, and on every screen
each line the compositor would send to the terminal is checked: no ESC, C1 or bidi
control, no link or click action made from the text, and the markup there literally.
"""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctcap.domain.evidence import legacy_entry

from .checklists import hostile_checklist
from .conftest import HERE, REPO, Ran, assert_inert

TODAY = date(2026, 3, 1)
CHECKLIST_TITLE = "[@click=app.quit]Six[/] \x1b]0;pwned\x07"
AREA_TITLE = '=HYPERLINK("https://evil.example/") [b]Borders[/b] \x1b[7m'
AREA_DESCRIPTION = "\u202eRTL [i]desc[/i] \x1b[2J"
ITEM_TITLE = (
    "\x1b]8;;https://evil.example/\x1b\\Lost\x1b]8;;\x1b\\ \x1b]52;c;cm0gLXJmIH4K\x07 "
    "\x1bc \u202eevil [@click=app.quit]q[/]"
)
QUESTION = "[@click=app.quit]Quit[/] [link=https://evil.example/]link[/link] [bold]b[/bold] \x9b31m"
GUIDANCE = "\x1b[2J\x1b[H[reverse]guidance[/]"
REFERENCE = "[link=https://evil.example/]ref[/link] \x1b]52;c;cmVm\x07"
DESCRIPTOR = "\x1b[1A\x1b[2K[@click=app.quit]descr[/]"
RATIONALE = (
    "[@click=app.quit]why[/] \x1b]52;c;Zm9v\x07 \u202e\x9b\nnext [link=https://evil.example/]x[/link]"
    " &#27;[31m&#x202E;"  # entities Markdown would decode into controls
)
EVIDENCE = ("\x1b]52;c;ZXZp\x07 [link=https://evil.example/]e[/link]", "\u202edoc\x1b[31m")
AUTHOR = "\x1b[31mmallory[/] [b]x[/b]"
ASSESSOR = "\x1b]0;eve\x07 [@click=app.quit]eve[/]"
TITLE = "\x1bc[b]title[/b]"
EVIL = ("evil.example", "app.quit")  # what no link or click action may carry


def _checklists(directory: Path) -> Path:
    hostile_checklist(
        directory,
        HERE.parent / "tui" / "data" / "tui-six.yaml",
        {
            "title: TUI test checklist": CHECKLIST_TITLE,
            "    title: Borders": AREA_TITLE,
            "    description: Travel documents and border checks.": AREA_DESCRIPTION,
            "        title: Reporting lost passports": ITEM_TITLE,
            "        question: Are lost and stolen passports reported to INTERPOL promptly?": (
                QUESTION
            ),
            "        guidance: Look for the procedure and last year's upload figures.": GUIDANCE,
            "          - title: INTERPOL SLTD database": REFERENCE,
            "          3: Routine reports, with delays.": DESCRIPTOR,
        },
        name="tui-six",
    )
    return directory


@pytest.fixture
def hostile_db(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Kenya: a final 2025 round, and a 2026 draft with every item answered; the hostile
    item regressed from 3 to 1, with the hostile rationale, evidence and author."""
    from ctcap.loading.checklists import load_checklist
    from ctcap.storage import repository
    from ctcap.storage.engine import open_database

    directory = _checklists(tmp_path / "checklists")
    checklist = load_checklist(directory / "tui-six.yaml", directory)
    url = f"sqlite:///{tmp_path / 'tui.sqlite'}"
    db = open_database(url)
    with db.write() as session:
        old = repository.create_assessment(
            session, country="KEN", checklist=checklist, as_of=date(2025, 3, 1), assessor=AUTHOR
        )
        for item in checklist.items():
            repository.record_answer(session, old.id, item.id, 3, actor=AUTHOR, rationale="2025")
        repository.finalize(session, old.id, actor=AUTHOR)
        new = repository.create_assessment(session, country="KEN", checklist=checklist,
                                           as_of=TODAY, assessor=ASSESSOR, title=TITLE)  # fmt: skip
        for item in checklist.items():
            hostile = item.id == "sltd-reporting"
            repository.record_answer(
                session, new.id, item.id, 1 if hostile else 3, actor=AUTHOR,
                rationale=RATIONALE if hostile else "plain",
                evidence=[legacy_entry(e) for e in EVIDENCE],
            )  # fmt: skip
        repository.set_cursor(session, new.id, "sltd-reporting")
    db.close()
    yield url, directory


def _app(url: str, directory: Path, **options: Any) -> Any:
    from ctcap.tui.app import make_app

    settings: dict[str, Any] = {
        "clock": lambda: TODAY,
        "checklists_dir": directory,
        "assessor": ASSESSOR,
        "keymap": {},
        "cursor_blink": False,
    }
    return make_app(url, **{**settings, **options})


# What the terminal would be sent ----------------------------------------------------------


def screen_lines(app: Any) -> list[str]:
    """Every line of the screen as the compositor renders it (the modal's background too),
    each checked: nothing raw, no link or click action made from stored text."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = []
    for strips in update.strips:
        segments = [segment for strip in strips for segment in strip]
        text = "".join(segment.text for segment in segments if not segment.control)
        assert_inert(text, multiline=False)
        for segment in segments:
            style = segment.style
            if style is None:
                continue
            carried = f"{style.link or ''} {style.meta.get('@click', '') if style.meta else ''}"
            assert not any(evil in carried for evil in EVIL), (text, carried)
        lines.append(text)
    return lines


def shows(app: Any, *needles: str) -> str:
    """The screen is inert and shows each of ``needles`` (markup as written)."""
    whole = "\n".join(screen_lines(app))
    for needle in needles:
        assert needle in whole, f"{needle!r} not on the screen:\n{whole}"
    return whole


async def shows_paging(app: Any, pilot: Any, *needles: str, pages: int = 12) -> None:
    """As ``shows``, over every page of a scrolling screen."""
    seen = []
    for _ in range(pages):
        seen += screen_lines(app)
        await pilot.press("pagedown")
        await pilot.pause()
    whole = "\n".join(seen)
    for needle in needles:
        assert needle in whole, f"{needle!r} not on any page:\n{whole}"


async def _until(pilot: Any, done: Any) -> None:
    for _ in range(500):
        if done():
            break
        await pilot.pause(0.01)
    assert done()


async def _settle(app: Any, pilot: Any) -> None:
    for _ in range(3):
        await app.database.wait_for_queue()
        await pilot.pause()


async def _screen(app: Any, pilot: Any, name: str) -> Any:
    await _until(
        pilot, lambda: type(app.screen).__name__ == name and getattr(app.screen, "ready", True)
    )
    await _settle(app, pilot)
    return app.screen


# The faces ------------------------------------------------------------------------------------


def test_every_screen_shows_hostile_text_inert_and_never_evaluates_markup(
    hostile_db: tuple[str, Path],
) -> None:
    url, directory = hostile_db

    async def body() -> None:
        app = _app(url, directory)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await _until(pilot, lambda: bool(app.summaries))
            await _settle(app, pilot)
            shows(app, "Kenya")
            field = app.screen.query_one("#filter")
            field.value = "\x1b]52;c;dHlwZWQ=\x07[b]typed[/b]"  # typed (pasted) text
            await pilot.pause()
            shows(app, "[b]typed[/b]")
            field.value = ""
            await pilot.pause()

            app.open_country("KEN")
            await _screen(app, pilot, "AssessmentScreen")
            await _assessment_faces(app, pilot)
            await pilot.press("g")
            await _screen(app, pilot, "GapReportScreen")
            await shows_paging(
                app, pilot, "␛]52;c;Zm9v␇", "[@click=app.quit]why[/]", "=HYPERLINK(", "&#27;[31m"
            )
            await pilot.press("s")
            prompt = await _screen(app, pilot, "PromptScreen")
            prompt.query_one("#answer").value = "\x1b]52;c;eQ==\x07[b]name[/b].md"  # typed
            await pilot.pause()
            shows(app, "Export the gap report", "[b]name[/b].md")
            await pilot.press("escape", "q")
            await _screen(app, pilot, "AssessmentScreen")
            await pilot.press("h")
            await _history_faces(app, pilot)
            await pilot.press("q", "q")
            await _screen(app, pilot, "CountriesScreen")
            await _new_assessment_faces(app, pilot)

    asyncio.run(body())


async def _assessment_faces(app: Any, pilot: Any) -> None:
    screen = app.screen
    assert screen.item_id == "sltd-reporting"
    shows(
        app,
        "[@click=app.quit]Quit[/]",  # the question: markup as written
        "[link=https://evil.example/]link[/link]",
        "\\x9b31m",
        "[reverse]guidance[/]",
        "␛]52;c;cm0gLXJmIH4K␇",  # the item title
        "⟨U+202E⟩evil",
        "[link=https://evil.example/]ref[/link]",  # the reference
        "[@click=app.quit]descr[/]",  # the scale's descriptor
        "[@click=app.quit]why[/]",  # the rationale, in its editor
        "␛]52;c;Zm9v␇",
        "[link=https://evil.example/]e[/link]",  # evidence
        "[b]x[/b]",  # the author
        "=HYPERLINK(",  # the area, in the tree
        "Six[/]",  # the checklist title, in the header
    )
    await pilot.press("k")  # the area: its title and description
    await pilot.pause()
    shows(app, "[b]Borders[/b]", "⟨U+202E⟩RTL [i]desc[/i] ␛[2J")
    await pilot.press("j", "e")
    await _screen(app, pilot, "EvidenceScreen")
    shows(app, "Evidence for:", "[link=https://evil.example/]e[/link]", "␛]52;c;ZXZp␇")
    await pilot.press("escape")
    await _screen(app, pilot, "AssessmentScreen")
    await pilot.press("2")
    await _settle(app, pilot)
    await pilot.press("u")  # the undo's notification names the item
    await _settle(app, pilot)
    await _until(pilot, lambda: "Undone" in "".join(screen_lines(app)))
    shows(app, "Undone", "back to")
    await pilot.press("ctrl+p", *"Lost")
    await _until(pilot, lambda: "Item: " in "".join(screen_lines(app)))
    shows(app, "Item: ", "␛]52;c;cm0g")
    await pilot.press("escape")
    await _screen(app, pilot, "AssessmentScreen")
    await pilot.press("f")  # every item is answered: the confirmation names the checklist
    await _screen(app, pilot, "ConfirmScreen")
    shows(app, "Finalize Kenya, [@click=app.quit]Six[/] ␛]0;pwned␇")
    await pilot.press("n")
    await _screen(app, pilot, "AssessmentScreen")


async def _history_faces(app: Any, pilot: Any) -> None:
    await _screen(app, pilot, "HistoryScreen")
    shows(app, '=HYPERLINK("https://evi…', "[@click=app.quit]Six[/]")
    await pilot.press("c")
    await pilot.pause()
    shows(app, '=HYPERLINK("https://evil.example/") [b]Borders[/b] ␛[7m')
    await pilot.press("d")
    await pilot.pause()
    shows(app, "␛]8;;https://evil.example/")  # the regressed item, in the comparison


async def _new_assessment_faces(app: Any, pilot: Any) -> None:
    app.new_assessment("NPL")
    screen = await _screen(app, pilot, "NewAssessmentScreen")
    shows(app, "[@click=app.quit]eve[/]")  # the assessor, prefilled in its field
    screen.query_one("#as-of").value = "\x1b]52;c;eA==\x07[b]no[/b]"
    await pilot.press("ctrl+s")
    await pilot.pause()
    shows(app, "is not a date", "[b]no[/b]")
    screen.query_one("#checklist").focus()
    await pilot.press("enter")  # the options: the checklist's title
    await pilot.pause()
    shows(app, "[@click=app.quit]Six[/] ␛]0;pwned␇")
    await pilot.press("escape", "escape")


def test_an_import_conflict_names_the_bundles_author_inert(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    """The conflict note quotes who answered in the other database: a bundle's text."""
    field, hq, bundle = tmp_path / "f.sqlite", tmp_path / "h.sqlite", tmp_path / "b.json"
    assert cli("keys", "new").code == 0
    cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=field)
    assert cli("export", "1", "-o", str(bundle), db=field).code == 0
    assert cli("import", str(bundle), db=hq).code == 0
    cli("assessments", "answer", "1", "sltd-reporting", "2", "--assessor", AUTHOR, db=field)
    cli("assessments", "answer", "1", "sltd-reporting", "4", "--assessor", "hana", db=hq)
    cli("export", "1", "-o", str(bundle), db=field)
    assert cli("import", str(bundle), db=hq).code == 1  # a conflict, left to decide

    async def body() -> None:
        app = _app(f"sqlite:///{hq}", REPO / "checklists")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await _until(pilot, lambda: bool(app.summaries))
            app.open_assessment(1)
            screen = await _screen(app, pilot, "AssessmentScreen")
            screen.jump_to_item("sltd-reporting")
            await pilot.pause()
            screen.query_one("#detail-pane").scroll_end(animate=False)
            await pilot.pause()
            shows(app, "Import conflict", "␛[31mmallory[/] [b]x[/b]")

    asyncio.run(body())


def test_a_problem_naming_a_hostile_checklist_file_is_shown_inert(tmp_path: Path) -> None:
    directory = _checklists(tmp_path / "checklists")
    name = "\x1b]0;pwned\x07[@click=app.quit]x[reverse]y"  # no "/" in a file name
    (directory / f"{name}.yaml").write_text("id: [unclosed\n", encoding="utf-8")

    async def body() -> None:
        app = _app(f"sqlite:///{tmp_path / 'tui.sqlite'}", directory)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await _until(pilot, lambda: bool(app._notifications))
            await _until(pilot, lambda: "Checklists" in "".join(screen_lines(app)))
            shows(app, "checklist problem", "␛]0;pwned␇[@click=app.quit]x[reverse]y")

    asyncio.run(body())


def test_a_bad_keymap_is_warned_of_line_by_line_and_only_its_sound_part_applied(
    hostile_db: tuple[str, Path],
) -> None:
    url, directory = hostile_db
    keymap = {
        "not-applicable": "n",  # sound: applied
        "quit": "1",  # takes over the scoring key 1: left out
        "\x1b]52;c;eA==\x07[b]id[/b]": "z",  # no such binding
        "undo": "\x1b[A",  # not a key
    }

    async def body() -> None:
        app = _app(url, directory, keymap=keymap)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await _until(pilot, lambda: bool(app.summaries))
            warnings = [n for n in app._notifications if n.title == "Keymap"]
            assert len(warnings) == 3, [n.message for n in warnings]
            for warning in warnings:
                assert_inert(warning.message, multiline=False)
            assert {w.message.split(":")[1].strip().split(" ")[0] for w in warnings} == {
                "quit", "␛]52;c;eA==␇[b]id[/b]", "undo",
            }  # fmt: skip
            app.open_country("KEN")
            screen = await _screen(app, pilot, "AssessmentScreen")
            await pilot.press("j", "1")  # still scores: quit did not take it over
            await _settle(app, pilot)
            assert app.is_running and screen.sheet.answers.response("sltd-screening") == 1
            await pilot.press("n")
            await _settle(app, pilot)
            assert screen.sheet.answers.response("sltd-screening") == "na"
            shows(app)

    asyncio.run(body())


# The keymap check knows every screen --------------------------------------------------------


def test_the_keymap_check_names_every_class_that_declares_bindings() -> None:
    """Read from the source, not imported: a screen added later is covered or this fails."""
    from ctcap.tui.app import CtcapApp
    from ctcap.tui.keymap import binding_list_name, screen_bindings

    names = set(screen_bindings(CtcapApp.BINDINGS))
    declared = []
    for package in ("screens", "widgets"):
        for module in sorted((REPO / "src" / "ctcap" / "tui" / package).glob("*.py")):
            tree = ast.parse(module.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(
                    isinstance(s, ast.AnnAssign | ast.Assign) and "BINDINGS" in ast.unparse(s)
                    for s in node.body
                ):
                    declared.append(node.name)
    assert "AssessmentScreen" in declared and "CountriesScreen" in declared
    for name in declared:
        assert binding_list_name(type(name, (), {})) in names, name
    assert len(names) == len(declared) + 1  # and the app's


# For any text ------------------------------------------------------------------------------


@given(st.text())
def test_for_any_text_the_tree_labels_have_no_escape_c1_or_bidi(text: str) -> None:
    from ctcap.loading.checklists import load_scale
    from ctcap.tui.widgets.glyphs import area_label, item_label

    scale = load_scale(REPO / "checklists" / "scales" / "capacity-5.yaml")
    for response in (None, 3):
        label = item_label(text, response, scale, 1, conflict=True)
        assert_inert(label.plain, multiline=False)
    assert_inert(area_label(text, 50.0, 1, 2, True).plain, multiline=False)
