"""The demonstration data: fictional, marked synthetic, and telling a story."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ctcap.domain.answers import Special
from ctcap.domain.compare import compare_rounds
from ctcap.domain.evidence import Confidence
from ctcap.loading.checklists import checklist_files, load_many
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.countries import is_user_assigned
from ctcap.storage.engine import open_database

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    loaded, problems = load_many(checklist_files(CHECKLISTS), CHECKLISTS)
    assert problems == []
    return loaded


def test_demo_is_fictional_synthetic_and_varied(tmp_path: Path, bundled) -> None:  # type: ignore[no-untyped-def]
    from ctcap.demo.story import build_demo

    database = open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    summary = build_demo(database, bundled)
    again = build_demo(database, bundled)
    assert again.assessments == 0  # loading twice adds nothing
    with database.read() as session:
        infos = repo.list_assessments(session)
        details = [repo.get_assessment(session, i.id) for i in infos]
        assert verify_all(session) == (len(infos), None)
    database.close()

    assert len(infos) == summary.assessments > 0
    assert all(is_user_assigned(i.country_code) for i in infos)
    assert all(i.synthetic for i in infos)
    assert all("(fictional)" in i.country_name for i in infos)
    assert {i.status for i in infos} == {"draft", "final"}
    responses = [r for d in details for r in d.responses.values()]
    assert Special.NOT_APPLICABLE in responses and Special.NO_INFORMATION in responses
    assert all(
        d.answers[k].rationale.startswith("Synthetic demo") for d in details for k in d.responses
    )

    by_series: dict[tuple[str, str], list] = {}
    for detail in details:
        key = (detail.info.country_code, detail.info.checklist_id)
        by_series.setdefault(key, []).append(detail)
    improved = regressed = 0
    for series in by_series.values():
        for old, new in itertools.pairwise(series):
            comparison = compare_rounds(old.checklist, old.responses, new.checklist, new.responses)
            improved += len(comparison.improved)
            regressed += len(comparison.regressed)
    assert improved > 0 and regressed > 0
    # Marked GREEN or CLEAR, by invented teams, with typed, graded, dated evidence.
    assert {i.mark for i in infos} == {"GREEN", "CLEAR"}
    assert {i.assessment_type.value for i in infos} == {
        "self-assessment",
        "desk-review",
        "on-site-visit",
        "joint-external",
    }  # fmt: skip (joint-external: the mission beside Borelia's self-assessment)
    assert all(m.name.endswith("(fictional)") for i in infos for m in i.team)
    entries = [e for d in details for a in d.answers.values() for e in a.evidence]
    assert all(e.ref.startswith("synthetic-") for e in entries)
    assert {e.type.value for e in entries} >= {"legislation", "interview", "site-visit"}
    assert any(e.date is None for e in entries) and any(e.grade is not None for e in entries)
    assert {a.confidence for d in details for a in d.answers.values()} >= {
        Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW,
    }  # fmt: skip


def test_bulk_portfolio_is_synthetic_and_its_audit_trail_verifies(tmp_path: Path, bundled) -> None:  # type: ignore[no-untyped-def]
    from ctcap.demo.portfolio import build_portfolio

    real = [c for c in bundled if c.id != "minimal"]
    database = open_database(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    summary = build_portfolio(database, real, countries=3, rounds=2, seed=1)
    with database.read() as session:
        infos = repo.list_assessments(session)
        assert verify_all(session) == (len(infos), None)
        detail = repo.get_assessment(session, infos[0].id)
    database.close()
    assert summary.assessments == len(infos) == 3 * 2 * len(real)
    assert summary.answers == 3 * 2 * sum(len(c.items()) for c in real)
    assert all(i.synthetic and i.status == "final" for i in infos)
    assert all(i.mark == "GREEN" for i in infos)
    assert len(detail.responses) == len(detail.checklist.items())


def test_demo_has_a_synthetic_external_panel_round_beside_a_self_assessment(
    tmp_path: Path, bundled
) -> None:  # type: ignore[no-untyped-def]
    from ctcap.demo.external import EXTERNAL_COUNTRY, MEMBERS
    from ctcap.demo.story import build_demo
    from ctcap.reports.history import build_history
    from ctcap.storage import panels

    database = open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    build_demo(database, bundled)
    with database.read() as session:
        history = build_history(session, EXTERNAL_COUNTRY)
        [section] = [s for t in history.tracks for s in t.self_external]
        external = section.external_round.assessment_id
        view = panels.panel_view(session, external, MEMBERS[1])
        assert verify_all(session)[1] is None
    database.close()
    assert section.synthetic and section.self_round.as_of == section.external_round.as_of
    assert view.panel.revealed and view.panel.names == MEMBERS
    assert set(view.answers) == set(MEMBERS) and section.compared > 0
