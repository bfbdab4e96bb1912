"""Bundles carry the projects of the round's country that link its checklist, with their
chains: added on the other side, nothing for the same history, appended when the sender
went on, and refused (one line naming the project) when a history differs or is forged."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.marks import TLP, Release
from ctcap.domain.projects import ItemLink
from ctcap.errors import CtcapError, InputFileError
from ctcap.storage import repository as repo
from ctcap.storage.audit import chain_hash
from ctcap.storage.bundles import Bundle, export_bundle, import_bundle
from ctcap.storage.bundles.format import canonical, parse_bundle
from ctcap.storage.bundles.signing import load_key
from ctcap.storage.engine import Database, open_database
from ctcap.storage.project_audit import events, verify_projects
from ctcap.storage.project_marks import set_project_mark
from ctcap.storage.projects import add_project, get_project, save_project
from projects.conftest import project

LINK = (ItemLink("minimal", "sltd-reporting"),)


@pytest.fixture
def office(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'field.sqlite'}")
    yield database
    database.close()


def _register(database: Database, checklist: Any) -> int:
    """A GREEN round for KEN; P-1 (GREEN, edited, then AMBER), P-OPEN (GREEN), and two
    projects a KEN minimal bundle does not carry (another country; no link)."""
    lists = {"minimal": checklist}
    with database.write() as session:
        info = repo.create_assessment(session, country="KEN", checklist=checklist,
                                      as_of=date(2026, 3, 1), assessor="ana",
                                      mark="GREEN")  # fmt: skip
        add_project(session, project("P-1", links=LINK), actor="ana", checklists=lists,
                    mark="GREEN")  # fmt: skip
        save_project(session, project("P-1", links=LINK, title="Scanners, phase 2"),
                     actor="ana", checklists=lists)  # fmt: skip
        set_project_mark(session, "P-1", "AMBER", actor="ben")
        add_project(session, project("P-OPEN", links=LINK), actor="ana", checklists=lists,
                    mark="GREEN")  # fmt: skip
        add_project(session, project("P-UGA", recipient_country="UGA", links=LINK),
                    actor="ana", checklists=lists)  # fmt: skip
        add_project(session, project("P-NOLINK", links=()), actor="ana", checklists=lists)
    return info.id


def _document(database: Database, aid: int, release: Release | None = None) -> dict[str, Any]:
    with database.write() as session:
        return export_bundle(session, aid, signer=load_key(), release=release)


def _parse(document: dict[str, Any]) -> Bundle:
    return parse_bundle(json.dumps(document).encode(), "bundle.json")


def _load(database: Database, document: dict[str, Any]) -> Any:
    with database.write() as session:
        return import_bundle(session, _parse(document), actor="importer")


def _chains(database: Database) -> dict[str, tuple[str, list[str]]]:
    with database.read() as session:
        from ctcap.storage.project_reading import list_projects

        return {
            r.project.identifier: (r.mark, [e.hash for e in events(session, r.id)])
            for r in list_projects(session)
        }


def test_round_trip_between_two_databases(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    aid = _register(office, minimal_checklist)
    document = _document(office, aid)
    assert document["format_version"] == 3
    assert [p["identifier"] for p in document["content"]["projects"]] == ["P-1", "P-OPEN"]
    assert _load(field, document).projects == ("P-1", "P-OPEN")
    ours, theirs = _chains(office), _chains(field)
    assert theirs == {key: ours[key] for key in ("P-1", "P-OPEN")}
    with office.read() as session, field.read() as other:
        assert get_project(other, "P-1").project == get_project(session, "P-1").project
        assert get_project(other, "P-1").uid == get_project(session, "P-1").uid
    with field.read() as session:
        assert verify_projects(session) == (2, None)
    assert _load(field, document).projects == ()  # the same history: nothing to do
    with office.write() as session:  # the sender goes on: the next bundle is appended
        set_project_mark(session, "P-1", "RED", actor="ben")
    assert _load(field, _document(office, aid)).projects == ("P-1",)
    assert _chains(field)["P-1"] == _chains(office)["P-1"]
    assert _load(field, document).projects == ()  # the older bundle changes nothing
    with field.read() as session:
        assert get_project(session, "P-1").mark == "RED"
        assert verify_projects(session) == (2, None)


def test_export_at_a_release_leaves_out_projects_marked_above_it(
    office: Database, minimal_checklist: Any
) -> None:
    aid = _register(office, minimal_checklist)
    released = _document(office, aid, Release(TLP, "GREEN"))
    # P-1 is AMBER now (and was GREEN before): its chain holds AMBER, so it stays here.
    assert [p["identifier"] for p in released["content"]["projects"]] == ["P-OPEN"]


def test_a_bundle_without_projects_is_version_2_and_imports(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    with office.write() as session:
        info = repo.create_assessment(session, country="RWA", checklist=minimal_checklist,
                                      as_of=date(2026, 3, 1), assessor="ana")  # fmt: skip
    document = _document(office, info.id)
    assert document["format_version"] == 2 and "projects" not in document["content"]
    assert _load(field, document).outcome == "created"


def _rehash(document: dict[str, Any], n: int) -> dict[str, Any]:
    """The document with project ``n``'s chain and the checksum recomputed, re-signed."""
    forged = copy.deepcopy(document)
    part = forged["content"]["projects"][n]
    prev = "0" * 64
    for event in part["events"]:
        event["prev_hash"] = prev
        event["hash"] = prev = chain_hash(
            prev, part["uid"], event["seq"], event["kind"], None, event["actor"], event["at"],
            canonical(event["before"]).decode(), canonical(event["after"]).decode(),
        )  # fmt: skip
    forged["sha256"] = hashlib.sha256(canonical(forged["content"])).hexdigest()
    forged["signature"]["value"] = load_key().sign(forged["sha256"])
    return forged


def test_a_forged_project_history_is_refused(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    aid = _register(office, minimal_checklist)
    document = _document(office, aid)
    _load(field, document)
    before = _chains(field)
    # An edited event, chain not recomputed: broken.
    edited = copy.deepcopy(document)
    edited["content"]["projects"][0]["events"][1]["after"]["title"] = "Something else"
    edited["sha256"] = hashlib.sha256(canonical(edited["content"])).hexdigest()
    with pytest.raises(InputFileError, match="project 'P-1': audit chain broken at event 2"):
        _parse(edited)
    # Recomputed, but an event whose before is not what the event before it left.
    unlinked = copy.deepcopy(document)
    unlinked["content"]["projects"][0]["events"][1]["before"]["title"] = "Never stored"
    with pytest.raises(InputFileError, match=r"event 2 \(update\): its before is not the state"):
        _parse(_rehash(unlinked, 0))
    # A well-formed history that is not the one recorded here: refused, nothing changed.
    rewritten = copy.deepcopy(document)
    for event in rewritten["content"]["projects"][0]["events"]:
        event["actor"] = "mallory"
    with pytest.raises(CtcapError, match="project 'P-1': its history here differs") as refused:
        _load(field, _rehash(rewritten, 0))
    assert len(str(refused.value).splitlines()) == 1
    assert _chains(field) == before
    # Signed bundles: a project changed after signing does not pass the signature.
    resigned = _rehash(rewritten, 0)
    resigned["signature"] = document["signature"]
    with pytest.raises(CtcapError, match=r"signature .* does not match"):
        _load(field, resigned)


def test_an_import_that_only_brings_projects_is_logged(
    office: Database, field: Database, minimal_checklist: Any, cli: Any, tmp_path: Path
) -> None:
    from ctcap.storage.bundles import import_log

    aid = _register(office, minimal_checklist)
    there = _load(field, _document(office, aid)).assessment_id  # created, by "importer"
    with office.write() as session:  # only the project goes on: the round stays as it was
        set_project_mark(session, "P-1", "RED", actor="ben")
    path = tmp_path / "projects-only.json"
    document = _document(office, aid)
    path.write_text(json.dumps(document), encoding="utf-8")
    field_url = f"sqlite:///{tmp_path / 'field.sqlite'}"
    ran = cli("import", str(path), "--assessor", "carla", db=field_url)
    assert ran.code == 0 and "(up to date)" in ran.out and "P-1" in ran.out
    assert cli("import", str(path), "--assessor", "dan", db=field_url).code == 0  # nothing new
    with field.read() as session:
        logged = import_log(session, there)
    assert [(r.outcome, r.actor, r.applied, r.bundle_sha256) for r in logged][1:] == [
        ("projects only", "carla", 0, document["sha256"])]  # fmt: skip
    assert logged[0].outcome == "created" and logged[0].signature == "verified"
    assert logged[1].signature == "verified"
    shown = cli("assessments", "show", str(there), db=field_url).out
    assert "by carla: projects only, 0 answer(s) changed" in shown
    listed = json.loads(cli("assessments", "show", str(there), "--json", db=field_url).out)
    assert [(i["outcome"], i["actor"]) for i in listed["imports"]] == [
        ("created", "importer"), ("projects only", "carla")]  # fmt: skip
