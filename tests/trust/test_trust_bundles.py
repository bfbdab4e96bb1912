"""Offline bundles end to end: export, import into another database (either backend),
idempotence, owner-only files, and refusal of any altered content."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.domain.answers import Special
from ctcap.domain.evidence import Confidence, EvidenceEntry, Grade, SourceType, legacy_entry
from ctcap.errors import FinalizedError
from ctcap.storage import repository as repo
from ctcap.storage.bundles.format import canonical
from ctcap.storage.engine import Database, open_database

TABLES = ("countries", "checklist_versions", "assessments", "answers", "answer_events")


def dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what 'the same database' means."""
    with database.read() as session:
        return {
            table: sorted(
                (tuple(row) for row in session.execute(text(f"SELECT * FROM {table}"))), key=repr
            )
            for table in TABLES
        }


@pytest.fixture
def other_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The other backend: bundles travel from SQLite to PostgreSQL and back."""
    if db_url.startswith("sqlite"):
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'other.sqlite'}"


@pytest.fixture
def other(other_url: str) -> Iterator[Database]:
    database = open_database(other_url)
    yield database
    database.close()


def _fictional_round(database: Database, checklist: Any) -> int:
    with database.write() as session:
        repo.ensure_country(session, "QZA", "Zandia")
        info = repo.create_assessment(
            session, country="QZA", checklist=checklist, as_of=date(2026, 5, 1), assessor="ana",
            origin="external",
        )  # fmt: skip
        repo.record_answer(
            session, info.id, "sltd-reporting", 3, actor="ana", rationale="weekly, «é»",
            evidence=[
                EvidenceEntry(
                    ref="upload log", type=SourceType.OFFICIAL_DOCUMENT, date="2025-05",
                    grade=Grade.B,
                ),
                legacy_entry("interview"),
            ],
            confidence=Confidence.MEDIUM,
        )  # fmt: skip
        repo.record_answer(session, info.id, "sltd-screening", 2, actor="ben")
        repo.record_answer(session, info.id, "sltd-screening", Special.NOT_APPLICABLE, actor="ben")
    return info.id


def test_a_bundle_carries_the_whole_record_to_the_other_backend_and_twice_is_once(
    db_url: str,
    other_url: str,
    database: Database,
    other: Database,
    minimal_checklist: Any,
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    aid = _fictional_round(database, minimal_checklist)
    bundle = tmp_path / "field.ctcap.json"
    exported = cli("export", str(aid), "-o", str(bundle), db=db_url)
    assert exported.code == 0, exported.err
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    document = json.loads(bundle.read_bytes())
    assert (document["format"], document["format_version"]) == ("ctcap-bundle", 2)
    assert document["sha256"] == hashlib.sha256(canonical(document["content"])).hexdigest()

    first = cli("import", str(bundle), db=other_url)
    assert first.code == 0, first.err
    assert "(created)" in first.out
    once = dump(other)
    again = cli("import", str(bundle), db=other_url)
    assert again.code == 0 and "(up to date): 0 answer(s) changed" in again.out
    assert dump(other) == once
    assert cli("audit", "verify", db=other_url).code == 0

    with database.read() as session:
        source = repo.get_assessment(session, aid)
        source_events = session.execute(text("SELECT seq, hash FROM answer_events")).all()
    with other.read() as session:
        [info] = repo.list_assessments(session)
        copy = repo.get_assessment(session, info.id)
        copy_events = session.execute(text("SELECT seq, hash FROM answer_events")).all()
        country = session.execute(text("SELECT name, fictional FROM countries")).one()
    assert copy.answers == source.answers  # levels, specials, rationale, evidence, versions
    assert copy.checklist == source.checklist == minimal_checklist
    assert sorted(copy_events) == sorted(source_events)
    fields = ("uid", "title", "as_of", "assessor", "status", "synthetic", "created_at", "origin")
    assert source.info.origin == "external"
    for field in fields:
        assert getattr(copy.info, field) == getattr(source.info, field)
    assert tuple(country) == ("Zandia", True)


def test_a_final_assessment_stays_final_and_read_only_where_imported(
    db_url: str,
    other_url: str,
    database: Database,
    other: Database,
    minimal_checklist: Any,
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    aid = _fictional_round(database, minimal_checklist)
    assert cli("assessments", "finalize", str(aid), db=db_url).code == 0
    bundle = tmp_path / "final.json"
    assert cli("export", str(aid), "-o", str(bundle), db=db_url).code == 0
    assert cli("import", str(bundle), db=other_url).code == 0
    with other.read() as session:
        [info] = repo.list_assessments(session)
    assert info.is_final
    with pytest.raises(FinalizedError), other.write() as session:
        repo.record_answer(session, info.id, "sltd-reporting", 1, actor="mallory")


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None], rehash: bool) -> None:
    document = json.loads(path.read_bytes())
    change(document["content"])
    if rehash:
        document["sha256"] = hashlib.sha256(canonical(document["content"])).hexdigest()
    path.write_text(json.dumps(document))


def _set_rationale(content: dict[str, Any]) -> None:
    content["answers"][0]["rationale"] = "monthly"


def _set_actor(content: dict[str, Any]) -> None:
    content["events"][1]["actor"] = "mallory"


def _drop_event(content: dict[str, Any]) -> None:
    del content["events"][2]


def _set_status(content: dict[str, Any]) -> None:
    content["assessment"]["status"] = "final"


def _set_snapshot(content: dict[str, Any]) -> None:
    content["checklist"]["snapshot"]["title"] = "A different checklist"


ALTERED = {
    "a rationale, checksum kept": (_set_rationale, False, "checksum mismatch"),
    "a rationale, checksum recomputed": (_set_rationale, True, "does not match its audit trail"),
    "an event's actor, rehashed": (_set_actor, True, "audit chain broken at event 2"),
    "a deleted event, rehashed": (_drop_event, True, "audit chain broken at event 3"),
    "the status, rehashed": (_set_status, True, "does not match its audit trail"),
    "the checklist, rehashed": (_set_snapshot, True, "checklist's content hash"),
}


@pytest.mark.parametrize("case", sorted(ALTERED))
def test_an_altered_bundle_is_refused_and_nothing_is_imported(
    case: str,
    sqlite_url: str,
    minimal_checklist: Any,
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    source = open_database(sqlite_url)
    aid = _fictional_round(source, minimal_checklist)
    source.close()
    bundle = tmp_path / "b.json"
    assert cli("export", str(aid), "-o", str(bundle), db=sqlite_url).code == 0
    change, rehash, reason = ALTERED[case]
    _rewrite(bundle, change, rehash)
    target = tmp_path / "target.sqlite"
    one_line_error(cli("import", str(bundle), db=target), reason)
    assert not target.exists()  # refused before the database was even opened


def test_export_refuses_a_broken_chain_and_unknown_assessments(
    db_url: str,
    database: Database,
    minimal_checklist: Any,
    tmp_path: Path,
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    aid = _fictional_round(database, minimal_checklist)
    with database.write() as session:
        session.execute(text("UPDATE answer_events SET actor = 'x' WHERE seq = 2"))
    out = tmp_path / "b.json"
    one_line_error(cli("export", str(aid), "-o", str(out), db=db_url), "audit chain broken")
    one_line_error(cli("export", "42", "-o", str(out), db=db_url), "assessment 42 not found")
    assert not out.exists()
