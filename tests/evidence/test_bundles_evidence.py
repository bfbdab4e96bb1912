"""Bundles carry evidence entries, confidence, treaty facts, type, team and marks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctcap.domain.evidence import Confidence, EvidenceEntry, Grade, SourceType, legacy_entry
from ctcap.domain.method import AssessmentType, TeamMember
from ctcap.domain.treaty import Act, TreatyFacts
from ctcap.errors import CtcapError
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.bundles import Bundle, export_bundle, import_bundle
from ctcap.storage.bundles.format import canonical, parse_bundle
from ctcap.storage.bundles.signing import load_key
from ctcap.storage.engine import Database, open_database
from ctcap.storage.handling import release, set_mark_scheme
from ctcap.storage.marking import set_marks
from evidence.evidence_help import Ran, one_line_error
from evidence.old_database import at_0007, fill_0007

A = "sltd-reporting"
TYPED = EvidenceEntry(
    ref="SLTD statistics 2025", type=SourceType.OFFICIAL_DOCUMENT, date="2025-11",
    grade=Grade.B, link="https://example.org/sltd",
)  # fmt: skip


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


def _round(database: Database, checklist: Any, mark: str = "GREEN") -> int:
    with database.write() as session:
        info = repo.create_assessment(
            session, country="KEN", checklist=checklist, as_of=date(2026, 3, 1), assessor="ana",
            assessment_type=AssessmentType.JOINT_EXTERNAL, mark=mark,
            team=[TeamMember(name="Ana", organisation="MOI", role="lead")],
        )  # fmt: skip
        repo.record_answer(
            session, info.id, A, 3, actor="ana", rationale="weekly",
            evidence=[TYPED, legacy_entry("SOP-7")], confidence=Confidence.HIGH,
        )  # fmt: skip
    return info.id


def _export(database: Database, aid: int) -> Bundle:
    with database.write() as session:
        document = export_bundle(session, aid, signer=load_key())
    return parse_bundle(json.dumps(document).encode(), "bundle.json")


def _load(database: Database, bundle: Bundle, **options: Any) -> Any:
    with database.write() as session:
        return import_bundle(session, bundle, actor="importer", **options)


def test_a_bundle_carries_the_new_fields_to_the_other_copy(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    aid = _round(office, minimal_checklist)
    bundle = _export(office, aid)
    assert bundle.content.assessment.mark == "GREEN"
    assert _load(field, bundle).outcome == "created"
    with field.read() as session:
        detail = repo.get_assessment(session, aid)
        assert verify_all(session)[1] is None
    info, answer = detail.info, detail.answers[A]
    assert (info.mark, info.assessment_type, info.team[0].organisation) == (
        "GREEN", AssessmentType.JOINT_EXTERNAL, "MOI",
    )  # fmt: skip
    assert answer.evidence == (TYPED, legacy_entry("SOP-7"))
    assert answer.confidence is Confidence.HIGH


def test_a_mark_raised_in_the_field_comes_back_and_a_merge_never_lowers_one(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    aid = _round(office, minimal_checklist)  # GREEN
    _load(field, _export(office, aid))
    with office.write() as session:  # both sides go on: a merge
        repo.record_answer(session, aid, "sltd-screening", 2, actor="ana")
    with field.write() as session:
        set_marks(session, aid, actor="fred", mark="AMBER")
    assert _load(office, _export(field, aid)).outcome == "merged"
    with office.read() as session:
        assert repo.get_assessment(session, aid).info.mark == "AMBER"  # raised here too
    with field.write() as session:
        set_marks(session, aid, actor="fred", mark="CLEAR")
    with office.write() as session:
        repo.record_answer(session, aid, "sltd-screening", 3, actor="ana")
    _load(office, _export(field, aid))
    with office.read() as session:
        assert repo.get_assessment(session, aid).info.mark == "AMBER"  # never lowered by one
        assert verify_all(session)[1] is None


def test_a_bundle_naming_a_mark_this_database_does_not_know_is_refused_whole(
    office: Database, field: Database, minimal_checklist: Any
) -> None:
    from ctcap.domain.marks import custom_scheme

    aid = _round(field, minimal_checklist, mark="GREEN")
    with office.write() as session:
        set_mark_scheme(session, custom_scheme(["OPEN", "SECRET"]), actor="admin")
    with pytest.raises(CtcapError, match="mark 'GREEN' is not a level of this database"):
        _load(office, _export(field, aid))
    with office.read() as session:
        assert repo.list_assessments(session) == []


def test_export_at_a_release_level_refuses_what_is_marked_above_it(
    office: Database, minimal_checklist: Any
) -> None:
    aid = _round(office, minimal_checklist, mark="GREEN")
    with office.write() as session:
        assert export_bundle(session, aid, release=release(session, "GREEN"))
        with pytest.raises(CtcapError, match="marked TLP:GREEN, above the release level TLP:CLEAR"):
            export_bundle(session, aid, release=release(session, "CLEAR"))
        repo.record_answer(session, aid, A, 3, actor="ana", mark="RED")
        repo.record_answer(session, aid, A, 3, actor="ana", mark=None)  # lowered again
    with office.write() as session, pytest.raises(CtcapError, match="answer to sltd-reporting"):
        # The chain still holds what was written under RED: the bundle cannot leave it out.
        export_bundle(session, aid, release=release(session, "AMBER"))


def test_cli_export_with_release_writes_nothing(
    cli: Callable[..., Ran], tmp_path: Path, minimal_checklist: Any
) -> None:
    db = tmp_path / "r.sqlite"
    database = open_database(f"sqlite:///{db}")
    aid = _round(database, minimal_checklist, mark="AMBER")
    database.close()
    out = tmp_path / "out.json"
    one_line_error(
        cli("export", str(aid), "-o", str(out), "--release", "TLP:GREEN", db=db),
        "marked TLP:AMBER, above the release level TLP:GREEN",
    )
    assert not out.exists()
    assert cli("export", str(aid), "-o", str(out), "--release", "amber", db=db).code == 0


def _version_1(bundle: Bundle) -> bytes:
    """The bundle as a ctcap before 0008 wrote it: format 1, plain-text evidence."""
    content = json.loads(json.dumps(bundle.content.model_dump()))
    for key in ("assessment_type", "team", "mark", "names_mark"):
        del content["assessment"][key]
    for answer in content["answers"]:
        for key in ("confidence", "facts", "mark"):
            del answer[key]
        answer["evidence"] = [e["ref"] for e in answer["evidence"]]
    for event in content["events"]:
        event.pop("signer", None)
    document = {"format": "ctcap-bundle", "format_version": 1, "content": content,
                "sha256": hashlib.sha256(canonical(content)).hexdigest()}  # fmt: skip
    return json.dumps(document).encode()


def test_a_version_1_bundle_with_old_events_is_still_imported(
    field: Database, office: Database, minimal_checklist: Any, tmp_path: Path
) -> None:
    old_url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    at_0007(old_url)
    aid = fill_0007(old_url, minimal_checklist)
    old = open_database(old_url)
    try:
        data = _version_1(_export(old, aid))
    finally:
        old.close()
    bundle = parse_bundle(data, "old.json")
    assert _load(office, bundle, allow_unsigned=True).outcome == "created"
    with office.read() as session:
        [info] = repo.list_assessments(session)
        detail = repo.get_assessment(session, info.id)
        assert verify_all(session)[1] is None
    assert detail.info.mark == "AMBER"  # the default here: a version 1 bundle names none
    assert detail.answers[A].evidence == (
        legacy_entry("upload log 2025"),
        legacy_entry("SOP-7"),
    )


def test_treaty_facts_travel_and_are_checked_as_history(office: Database, field: Database) -> None:
    from ctcap.cli.context import find_checklist

    checklist = find_checklist("ct-instruments")
    item = "i12-terrorist-financing-convention-1999"
    facts = TreatyFacts(signed=date(2001, 1, 10), deposited=date(2002, 6, 11),
                        act=Act.RATIFICATION)  # fmt: skip
    with office.write() as session:
        info = repo.create_assessment(
            session, country="KEN", checklist=checklist, as_of=date(2026, 3, 1), assessor="ana"
        )
        repo.record_answer(session, info.id, item, 3, actor="ana", facts=facts)
    bundle = _export(office, info.id)
    _load(field, bundle)
    with field.read() as session:
        assert repo.get_assessment(session, info.id).answers[item].facts == facts
    # A forged event whose facts cannot be true is refused, even with its hashes rebuilt.
    content = json.loads(json.dumps(bundle.content.model_dump()))
    event = next(e for e in content["events"] if e["item"] == item)
    event["after"]["facts"]["deposited"] = "2000-01-01"
    from ctcap.storage.bundles.format import EventPart
    from ctcap.storage.bundles.format import chain_hash as rehash

    prev = "0" * 64
    for part in content["events"]:
        part.pop("signer", None)
        part["prev_hash"] = prev
        part["hash"] = prev = rehash(content["assessment"]["uid"], prev, EventPart(**part))
    answer = next(a for a in content["answers"] if a["item"] == item)
    answer["facts"] = event["after"]["facts"]
    document = {"format": "ctcap-bundle", "format_version": 2, "content": content,
                "sha256": hashlib.sha256(canonical(content)).hexdigest()}  # fmt: skip
    with pytest.raises(CtcapError, match="treaty facts: deposited: the deposit is before"):
        parse_bundle(json.dumps(document).encode(), "forged.json")
