"""On a shared PostgreSQL database the project register belongs to programme managers:
an assessor's import of a bundle that brings a project is refused whole, in one line, and
the import of a login that is assessor and manager adds the round and the project."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ctcap.domain.projects import ItemLink
from ctcap.storage import repository
from ctcap.storage.bundles import export_bundle
from ctcap.storage.engine import open_database
from ctcap.storage.projects import add_project
from panels.panel_help import Ran, login_url, refused
from projects.conftest import project

pytestmark = pytest.mark.postgres


def _bundle(tmp_path: Path, checklist: Any) -> Path:
    """A field office's unsigned bundle of a KEN round with one linked project."""
    field = open_database(f"sqlite:///{tmp_path / 'field.sqlite'}")
    try:
        with field.write() as session:
            info = repository.create_assessment(session, country="KEN", checklist=checklist,
                                                as_of=date(2026, 3, 1), assessor="ana")  # fmt: skip
            add_project(session, project("P-1", links=(ItemLink("minimal", "sltd-reporting"),)),
                        actor="ana", checklists={"minimal": checklist})  # fmt: skip
            document = export_bundle(session, info.id)
    finally:
        field.close()
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document))
    return path


def _counts(url: str) -> tuple[int, int]:
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        rounds = connection.execute("SELECT count(*) FROM assessments").fetchone()
        projects = connection.execute("SELECT count(*) FROM projects").fetchone()
    assert rounds is not None and projects is not None
    return rounds[0], projects[0]


def test_an_assessor_cannot_import_projects_and_an_assessor_manager_can(
    postgres_url: str,
    make_login: Callable[[str], str],
    cli: Callable[..., Ran],
    tmp_path: Path,
    minimal_checklist: Any,
) -> None:
    bundle = _bundle(tmp_path, minimal_checklist)
    names = {who: make_login(who) for who in ("alice", "maria")}
    # maria writes rounds and the register (headquarters); alice writes rounds only.
    for who, role in (("alice", "assessor"), ("maria", "assessor"), ("maria", "manager")):
        assert cli("team", "grant", names[who], role, db=postgres_url).code == 0
    for who in names:
        assert cli("team", "add", names[who], "KEN", db=postgres_url).code == 0
    before = _counts(postgres_url)
    alice = login_url(postgres_url, names["alice"])
    refused(cli("import", str(bundle), "--allow-unsigned", db=alice), "denied for table projects")
    assert _counts(postgres_url) == before  # nothing of it stored, the round neither
    maria = login_url(postgres_url, names["maria"])
    ran = cli("import", str(bundle), "--allow-unsigned", db=maria)
    assert ran.code == 0, ran.err
    assert _counts(postgres_url) == (before[0] + 1, before[1] + 1)
