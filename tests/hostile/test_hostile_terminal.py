"""Terminals: stored text is shown, never obeyed. Each case of data/terminal.json goes
into every field a CLI face prints (a checklist's titles, an assessment's title and
assessor, an answer's rationale and evidence, names in error messages), and every face's
output must be inert while the text stays stored exactly as entered."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctcap.text import cut, for_editor, for_terminal, json_for_terminal, shown_line

from .conftest import REPO, Ran, assert_inert, corpus, one_line

CASES = corpus("terminal.json")
MARK = re.compile(r"⟨U\+[0-9A-F]{4,6}⟩|\\x[0-9a-f]{2}")


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every control as an escape."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and not 0x80 <= code <= 0x9F:
            out.append(char)
        else:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _hostile_checklist(tmp_path: Path, text: str) -> Path:
    source = (REPO / "checklists" / "minimal.yaml").read_text(encoding="utf-8")
    quoted = _yaml_quoted(text)
    source = source.replace("title: Minimal example checklist", f"title: {quoted}")
    source = source.replace("    title: Travel documents", f"    title: {quoted}")
    source = source.replace(
        "        title: Reporting lost and stolen passports", f"        title: {quoted}"
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def _inert(ran: Ran) -> None:
    assert ran.code == 0, ran.err
    assert_inert(ran.out)
    assert_inert(ran.err)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_cli_face_shows_hostile_text_inert_and_stores_it_exactly(
    case: dict[str, Any], cli: Callable[..., Ran], tmp_path: Path, db: Path
) -> None:
    text, shown = case["text"], case["shown"]
    checklist = _hostile_checklist(tmp_path, text)
    new = ("assessments", "new", "--country", "KEN", "--as-of", "2026-01-01")
    made = cli(*new, "--checklist", str(checklist), "--title", text, "--assessor", text, db=db)
    _inert(made)
    aid = made.out.strip()
    answered = cli(
        "assessments", "answer", aid, "sltd-reporting", "3",
        "--rationale", text, "--evidence", text, "--assessor", text, db=db,
    )  # fmt: skip
    _inert(answered)

    shown_record = cli("assessments", "show", aid, db=db)
    _inert(shown_record)
    assert shown.replace("\n", "␊").replace("\t", "␉")[:40] in shown_record.out
    stored = json.loads(cli("assessments", "show", aid, "--json", db=db).out)
    assert stored["title"] == text and stored["assessor"] == text  # stored exactly
    assert stored["answers"][0]["rationale"] == text
    assert [entry["ref"] for entry in stored["answers"][0]["evidence"]] == [text]
    for face in (
        ("assessments", "show", aid, "--json"),
        ("assessments", "list"),
        ("assessments", "list", "--json"),
        ("history", "--country", "KEN"),
        ("history", "--country", "KEN", "--json"),
        ("report", "gap", "--country", "KEN"),
        ("report", "gap", "--country", "KEN", "--format", "json"),
        ("report", "portfolio"),
        ("checklists", "show", str(checklist)),
        ("checklists", "show", str(checklist), "--json"),
        ("checklists", "validate", str(checklist)),
        ("audit", "verify"),
    ):
        _inert(cli(*face, db=db))
    report = cli("report", "gap", "--country", "KEN", "--format", "json", db=db).out
    assert json.loads(report)  # still valid JSON after the guard


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_error_messages_quoting_hostile_text_are_one_inert_line(
    case: dict[str, Any], cli: Callable[..., Ran], db: Path, tmp_path: Path
) -> None:
    text = case["text"]
    one_line(cli("assessments", "new", "--country", text, "--checklist", "minimal", db=db), "")
    one_line(cli("checklists", "show", text), "unknown checklist")
    aid = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db).out
    one_line(cli("assessments", "answer", aid.strip(), text, "3", db=db), "unknown item")
    one_line(cli("assessments", "answer", aid.strip(), "sltd-reporting", text, db=db), "level")
    one_line(cli("report", "gap", "--country", "KEN", "--checklist", text, db=db), "")
    one_line(cli("assessments", "show", text, db=db), "", code=2)
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"id: x\ntitle: {_yaml_quoted(text)}\nnonsense: 1\n", encoding="utf-8")
    validated = cli("checklists", "validate", str(bad))
    assert validated.code == 1 and "Traceback" not in validated.err
    assert_inert(validated.out)
    assert_inert(validated.err)


def test_the_rationale_column_is_cut_after_guarding_never_inside_a_mark(
    cli: Callable[..., Ran], db: Path
) -> None:
    aid = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db).out
    rationale = "x" * 46 + "\u202e" + "y" * 10
    cli("assessments", "answer", aid.strip(), "sltd-reporting", "3", "--rationale", rationale,
        db=db)  # fmt: skip
    row = next(line for line in cli("assessments", "show", aid.strip(), db=db).out.splitlines()
               if line.startswith("sltd-reporting"))  # fmt: skip
    assert row.endswith("x" * 46 + "…")  # the mark would not fit whole: left out


# The guard itself ------------------------------------------------------------------------


@given(st.text(), st.booleans())
def test_for_any_text_for_terminal_leaves_no_control_escape_or_bidi(
    text: str, multiline: bool
) -> None:
    shown = for_terminal(text, multiline=multiline)
    assert_inert(shown, multiline=multiline)
    assert "\x1b" not in shown and "\r" not in shown
    kept = "\n\t" if multiline else ""
    harmless = ("Cn", "Co", "Zs")  # unassigned, private use, spaces: shown as they are
    assert all(c.isprintable() or c in kept or unicodedata.category(c) in harmless for c in shown)


@given(st.text())
def test_for_any_text_for_editor_shows_one_visible_character_for_one(text: str) -> None:
    shown = for_editor(text)
    assert len(shown) == len(text)  # an editor's cursor and selection stay right
    assert_inert(shown)
    assert all(s == t for s, t in zip(shown, text, strict=True) if for_terminal(t) == t)


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_printable_text_is_shown_as_it_is(text: str) -> None:
    if text.isprintable() and not any(
        c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for c in text
    ):
        assert for_terminal(text) == text


@given(st.text(), st.integers(min_value=0, max_value=80))
def test_cut_never_splits_a_mark_and_keeps_its_promise(text: str, n: int) -> None:
    shown = for_terminal(text, multiline=False)
    result = cut(shown, n)
    assert len(result) <= n
    if len(shown) <= n:
        assert result == shown
        return
    body = result.removesuffix("…")
    assert shown.startswith(body)
    for mark in MARK.finditer(shown):  # every mark is wholly kept or wholly left out
        assert mark.end() <= len(body) or mark.start() >= len(body)


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))  # fmt: skip
def test_json_for_terminal_keeps_the_value_and_shows_nothing_raw(value: Any) -> None:
    guarded = json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(guarded) == value
    assert_inert(guarded)


def test_shown_forms_are_the_documented_ones() -> None:
    assert for_terminal("\x1b[31m") == "␛[31m"
    assert for_terminal("\x07\x08\x7f\x00") == "␇␈␡␀"
    assert for_terminal("\x9b") == "\\x9b"
    assert for_terminal("a\u202eb") == "a⟨U+202E⟩b"
    assert for_terminal("a\nb\tc") == "a\nb\tc"
    assert for_terminal("a\r\nb") == "a\nb"
    assert shown_line("a\nb\tc") == "a␊b␉c"
    assert for_terminal("\udcff") == "⟨U+DCFF⟩"  # an undecodable byte from argv
    assert for_editor("a\x1bb\x9bc\u202ed\ne\tf") == "a␛b�c�d\ne\tf"
    assert for_terminal("نص\u200cفارسی 👩\u200d💻 é") == "نص\u200cفارسی 👩\u200d💻 é"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bundle_faces_show_hostile_names_inert(
    case: dict[str, Any], cli: Callable[..., Ran], tmp_path: Path
) -> None:
    """Names in imports, conflicts and keys come from other people's databases."""
    text = case["text"]
    field, hq, bundle = tmp_path / "f.sqlite", tmp_path / "h.sqlite", tmp_path / "b.json"
    assert cli("keys", "new").code == 0
    cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=field)
    assert cli("export", "1", "-o", str(bundle), db=field).code == 0
    _inert(cli("import", str(bundle), "--assessor", text, db=hq))
    cli("assessments", "answer", "1", "sltd-reporting", "2", "--assessor", text, db=field)
    cli("assessments", "answer", "1", "sltd-reporting", "4", "--assessor", "hana", db=hq)
    cli("export", "1", "-o", str(bundle), db=field)
    conflicted = cli("import", str(bundle), "--assessor", text, db=hq)
    assert conflicted.code == 1
    assert_inert(conflicted.out)
    assert_inert(conflicted.err)
    listed = cli("conflicts", "list", "1", db=hq)
    assert listed.code == 1
    assert_inert(listed.out)
    _inert(cli("assessments", "show", "1", db=hq))
    _inert(cli("conflicts", "keep", "1", "sltd-reporting", "--assessor", text, db=hq))
    public = tmp_path / "pub"
    cli("keys", "export", "-o", str(public))
    _inert(cli("keys", "trust", str(public), "--name", text, db=hq))
    _inert(cli("keys", "list", db=hq))
