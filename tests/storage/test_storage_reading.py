"""Bulk reads return what the rows hold: every field, in its place."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from ctcap.domain.method import AssessmentType, TeamMember, team_from_json
from ctcap.storage import reading
from ctcap.storage import repository as repo
from ctcap.storage.engine import open_database
from ctcap.storage.models import AssessmentRow


def test_every_info_field_comes_from_its_own_column(db_url, minimal_checklist):  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    try:
        with database.write() as session:
            first = repo.create_assessment(
                session,
                country="KEN",
                checklist=minimal_checklist,
                as_of=date(2025, 6, 30),
                assessor="ana",
                title="Kenya, first round",
                synthetic=True,
                assessment_type=AssessmentType.DESK_REVIEW,
                team=[TeamMember(name="Ana", organisation="MOI", role="lead")],
                mark="GREEN",
                names_mark="AMBER",
            )
            second = repo.create_assessment(
                session,
                country="KEN",
                checklist=minimal_checklist,
                as_of=date(2026, 3, 1),
                assessor="ben",
                based_on_id=first.id,
            )
            repo.set_cursor(session, second.id, "sltd-screening")
        with database.read() as session:
            infos = {info.id: info for info in reading.list_infos(session, "KEN")}
            for assessment_id in (first.id, second.id):
                row = session.get(AssessmentRow, assessment_id)
                assert row is not None
                expected = {
                    "country_name": "Kenya",
                    "checklist_id": minimal_checklist.id,
                    "checklist_version": minimal_checklist.version,
                    # Not reviewed (tests/panels check approved rounds' fields).
                    "review_state": "draft",
                    "approved_by": None,
                    "approved_at": None,
                    # Read from their JSON and text columns (0008).
                    "team": team_from_json(json.loads(row.team)),
                    "assessment_type": AssessmentType(row.assessment_type),
                }
                info = infos[assessment_id]
                for field in fields(info):
                    want = expected.get(field.name, getattr(row, field.name, None))
                    assert getattr(info, field.name) == want, field.name
                assert reading.assessment_info(session, assessment_id) == info
    finally:
        database.close()
    assert infos[second.id].based_on_id == first.id
    assert infos[second.id].cursor_item_id == "sltd-screening"
    assert infos[first.id].synthetic and not infos[second.id].synthetic
    assert infos[first.id].team[0].organisation == "MOI"
    assert (infos[first.id].mark, infos[first.id].names_mark) == ("GREEN", "AMBER")
    assert (infos[second.id].mark, infos[second.id].assessment_type.value) == ("AMBER", "unknown")


def test_country_name_is_the_recorded_name_or_none(db_url):  # type: ignore[no-untyped-def]
    database = open_database(db_url)
    try:
        with database.write() as session:
            repo.ensure_country(session, "XAA", "Republic of Xaa")
        with database.read() as session:
            assert reading.country_name(session, "XAA") == "Republic of Xaa"
            assert reading.country_name(session, "XBB") is None
    finally:
        database.close()
