"""Databases, URLs, arguments and the keymap: one line each, never a traceback, never a
password, and nothing already stored changed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from ctcap.config import load_settings
from ctcap.storage.engine import HEAD_REVISION, known_revisions, safe_url
from ctcap.tui.app import CtcapApp
from ctcap.tui.keymap import keymap_problems, screen_bindings, usable_keymap

from .conftest import REPO, Ran, assert_inert, corpus, one_line

URLS = corpus("urls.json")
KEYMAPS = corpus("keymaps.json")


@pytest.mark.parametrize("case", URLS, ids=[c["name"] for c in URLS])
@pytest.mark.parametrize("command", [("assessments", "list"), ("audit", "verify")])
def test_a_bad_database_url_is_one_line_and_never_shows_the_password(
    case: dict[str, str],
    command: tuple[str, ...],
    cli: Callable[..., Ran],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    ran = cli(*command, db=case["url"])
    one_line(ran, case["needle"])
    assert case["secret"] not in ran.both
    assert list(tmp_path.glob("*ctcap.sqlite*")) == []  # no stray file from a URI
    shown = cli("db", "path", db=case["url"])
    assert case["secret"] not in shown.both and "Traceback" not in shown.err


def test_the_url_mask_hides_every_form_of_password() -> None:
    assert safe_url("postgresql+psycopg://ana:pw1234@db/ctcap") == (
        "postgresql+psycopg://ana:***@db/ctcap"
    )
    assert "pw/12@34" not in safe_url("postgresql://ana:pw/12@34@db/ctcap")
    assert "pw1234" not in safe_url("postgresql://ana@db/ctcap?password=pw1234")
    assert "pw1234" not in safe_url("postgresql://ana:pw1234@db:port/ctcap")  # unparseable
    assert safe_url("sqlite:////tmp/a.sqlite") == "sqlite:////tmp/a.sqlite"


# Arguments -------------------------------------------------------------------------------


def _run_bytes(
    *args: bytes, env: dict[str, Any] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    environment.pop("CTCAP_DB", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"ctcap", *args],
        capture_output=True, env=environment, cwd=REPO, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [
        (b"assessments", b"new", b"--country", b"K\xffN", b"--checklist", b"minimal"),
        (
            b"assessments",
            b"new",
            b"--country",
            b"KEN",
            b"--checklist",
            b"minimal",
            b"--title",
            b"caf\xe9",
        ),
        (b"assessments", b"answer", b"1", b"sltd-reporting", b"3", b"--rationale", b"\xc3("),
        (b"assessments", b"show", b"1\xff"),
        (b"checklists", b"show", b"\xed\xa0\x80"),  # an encoded surrogate: not UTF-8
        (b"report", b"gap", b"--country", b"KEN", b"-o", b"r\xff.md"),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(argv: tuple[bytes, ...], tmp_path: Path) -> None:
    ran = _run_bytes(b"--db", str(tmp_path / "c.sqlite").encode(), *argv)
    err = ran.stderr.decode("utf-8")
    assert ran.returncode == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "not valid UTF-8" in err
    assert_inert(err)
    assert not (tmp_path / "c.sqlite").exists()  # refused before anything was opened


@pytest.mark.parametrize("variable", ["CTCAP_DB", "CTCAP_ASSESSOR"])
def test_an_environment_variable_that_is_not_utf8_is_one_line(
    variable: str, tmp_path: Path
) -> None:
    env = {variable.encode(): b"x\xffy", b"CTCAP_CONFIG": str(tmp_path / "none").encode()}
    args = [b"assessments", b"new", b"--country", b"KEN", b"--checklist", b"minimal"]
    if variable != "CTCAP_DB":
        args = [b"--db", str(tmp_path / "c.sqlite").encode(), *args]
    ran = _run_bytes(*args, env={k.decode("utf-8", "surrogateescape"): v.decode(
        "utf-8", "surrogateescape") for k, v in env.items()})  # fmt: skip
    err = ran.stderr.decode("utf-8")
    assert ran.returncode == 1 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1 and "not valid UTF-8" in err


HUGE = str(2**70)


@pytest.mark.parametrize(
    "command",
    [
        ("assessments", "show", HUGE),
        ("assessments", "answer", HUGE, "sltd-reporting", "3"),
        ("assessments", "finalize", HUGE),
        ("assessments", "reopen", HUGE, "--reason", "x"),
        ("assessments", "new", "--from", HUGE),
        ("export", HUGE, "-o", "out.json"),
        ("conflicts", "list", HUGE),
        ("conflicts", "keep", HUGE, "sltd-reporting"),
        ("audit", "verify", "--assessment", HUGE),
        ("report", "gap", "--country", "KEN", "--assessment", HUGE),
        ("report", "gap", "--country", "KEN", "--against", HUGE),
        ("assessments", "show", str(2**31)),
        ("assessments", "show", "0"),
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(
    command: tuple[str, ...], cli: Callable[..., Ran], db: Path
) -> None:
    cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db)
    one_line(cli(*command, db=db), "not found")


# Databases that are not (this) ctcap's -------------------------------------------------


def _newer(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()


def _snapshot(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
        counts = {
            t: connection.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in tables
        }
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return {"tables": counts, "version": version}


@pytest.mark.parametrize(
    "command",
    [
        ("assessments", "list"),
        ("db", "upgrade"),
        ("assessments", "new", "--country", "KEN", "--checklist", "minimal"),
        ("audit", "verify"),
    ],
)
def test_a_database_newer_than_this_ctcap_is_refused_untouched(
    command: tuple[str, ...], cli: Callable[..., Ran], db_url: str
) -> None:
    assert cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
               db=db_url).code == 0  # fmt: skip
    _newer(db_url)
    before = _snapshot(db_url)
    line = one_line(cli(*command, db=db_url), "schema revision '0999' is newer than this ctcap")
    assert HEAD_REVISION in line
    assert _snapshot(db_url) == before


def test_known_revisions_follow_the_migrations() -> None:
    assert HEAD_REVISION in known_revisions() and "0001" in known_revisions()
    assert max(known_revisions()) == HEAD_REVISION


def _foreign_sqlite(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    connection.execute("INSERT INTO photos (caption) VALUES ('holiday')")
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_another_applications_sqlite_file_is_refused_untouched_unless_asked(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    path = tmp_path / "photos.db"
    before = _foreign_sqlite(path)
    for command in (("assessments", "list"), ("db", "upgrade"), ("demo",)):
        one_line(
            cli(*command, db=path), "not a ctcap database (no alembic_version; tables: photos)"
        )
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]  # no -wal, -shm
    assert cli("--db-init-foreign", "assessments", "list", db=path).code == 0
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT caption FROM photos").fetchall() == [("holiday",)]
    connection.close()
    assert cli("assessments", "list", db=path).code == 0  # ctcap's now, too


@pytest.mark.postgres
def test_another_applications_postgres_database_is_refused_untouched_unless_asked(
    cli: Callable[..., Ran], postgres_url: str
) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id integer)"))
    one_line(cli("assessments", "list", db=postgres_url), "tables: invoices")
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["invoices"]
    engine.dispose()
    assert cli("--db-init-foreign", "assessments", "list", db=postgres_url).code == 0


# The keymap ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", KEYMAPS, ids=[c["name"] for c in KEYMAPS])
def test_each_bad_keymap_is_named_in_one_line(case: dict[str, Any], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    lines = "\n".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in case["keymap"].items())
    config.write_text(f"[keymap]\n{lines}\n", encoding="utf-8")
    keymap = load_settings(config).keymap
    problems = keymap_problems(screen_bindings(CtcapApp.BINDINGS), keymap)
    assert problems and any(case["needle"] in p for p in problems), problems
    for problem in problems:
        assert "\n" not in problem
        assert_inert(problem, multiline=False)
    usable, shown = usable_keymap(screen_bindings(CtcapApp.BINDINGS), keymap)
    assert shown == problems
    assert all(f"{binding_id} = " not in " ".join(problems) for binding_id in usable)


def test_a_sound_keymap_has_no_problems_and_is_kept_whole() -> None:
    keymap = {"not-applicable": "n", "undo": "ctrl+z", "filter": "ctrl+f", "score-2": "@"}
    assert keymap_problems(screen_bindings(CtcapApp.BINDINGS), keymap) == []
    assert (
        keymap_problems(screen_bindings(CtcapApp.BINDINGS), {"score-1": "!", "quit": "1"}) == []
    )  # 1 freed
    assert usable_keymap(screen_bindings(CtcapApp.BINDINGS), {**keymap, "quit": "1"}) == (
        keymap,
        ["keymap: quit = '1': 1 is already score-1 on the assessment screen"],
    )


def test_imports_logged_before_signing_say_their_signature_was_not_checked(
    cli: Callable[..., Ran], db: Path, minimal_checklist: Any
) -> None:
    from datetime import date

    from alembic import command
    from alembic.config import Config

    from ctcap.storage import repository
    from ctcap.storage.engine import MIGRATIONS, open_database

    url = f"sqlite:///{db}"
    # Today's code writes the round (it knows only today's columns), then the database
    # goes back to the revision before signing, where the previous release logged imports.
    made = open_database(url)
    with made.write() as session:
        info = repository.create_assessment(
            session, country="KEN", checklist=minimal_checklist, as_of=date(2026, 1, 2),
            assessor="ana",
        )  # fmt: skip
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with made.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")  # the revision before signing
    made.close()
    engine = create_engine(url)
    with engine.begin() as connection:  # the previous release logs an import
        connection.execute(
            text(
                "INSERT INTO imports (assessment_id, bundle_sha256, outcome, actor, at, "
                "applied, conflicts) VALUES (:a, :s, 'created', 'lead', "
                "'2026-01-02T00:00:00.000000Z', 0, 0)"
            ),
            {"a": info.id, "s": "a" * 64},
        )
    engine.dispose()
    shown = cli("assessments", "show", str(info.id), db=db)
    assert shown.code == 0, shown.err
    assert "signature not checked (imported before bundles were signed)" in shown.out
