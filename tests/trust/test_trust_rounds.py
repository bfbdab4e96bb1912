"""Checklists evolve, records do not: old assessments keep their snapshot, and
``assessments new --from ID`` carries forward only the answers of unchanged items."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ctcap.domain.answers import Special
from ctcap.domain.evidence import legacy_entry
from ctcap.errors import CtcapError
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import Database
from ctcap.storage.rounds import start_next_round

REPO = Path(__file__).resolve().parents[2]
NEW_ITEM = """
      - id: sltd-training
        title: Training border officers on SLTD
        question: Are border officers trained to act on SLTD hits?
        references:
          - title: INTERPOL capacity building
            kind: secondary
        target: 3
        assistance_area: immigration-control
        descriptors:
          1: No training.
          2: Some officers, once.
          3: Every new officer.
          4: Every officer, refreshed yearly.
          5: The country trains its neighbours.
"""


@pytest.fixture
def checklists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the bundled checklists that the test may edit."""
    copy = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", copy)
    monkeypatch.setenv("CTCAP_CHECKLISTS", str(copy))
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_editing_the_yaml_never_changes_an_assessment_and_the_next_round_carries_forward(
    db_url: str,
    database: Database,
    checklists: Path,
    minimal_checklist: Any,
    cli: Callable[..., Any],
) -> None:
    made = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db_url)
    old = made.out.strip()
    for item, level, why in [("sltd-reporting", "3", "weekly"), ("sltd-screening", "na", "none")]:
        answered = cli(
            "assessments", "answer", old, item, level, "--rationale", why,
            "--evidence", f"{item}-report", db=db_url,
        )  # fmt: skip
        assert answered.code == 0
    yaml = checklists / "minimal.yaml"
    _edit(yaml, 'version: "1.1"', 'version: "1.2"')
    _edit(yaml, "SLTD database promptly?", "SLTD database within a day?")  # reworded
    _edit(yaml, "Ask which border posts", "Ask, first, which border posts")  # guidance only
    yaml.write_text(yaml.read_text() + NEW_ITEM)

    shown = json.loads(cli("assessments", "show", old, "--json", db=db_url).out)
    assert shown["checklist_version"] == "1.1"
    with database.read() as session:
        assert repo.get_assessment(session, int(old)).checklist == minimal_checklist

    made = cli("assessments", "new", "--from", old, "--json", db=db_url)
    assert made.code == 0, made.err
    summary = json.loads(made.out)
    assert summary["checklist_version"] == "1.2"
    assert (summary["carried"], summary["rescore"], summary["added"]) == (
        ["sltd-screening"],
        ["sltd-reporting"],
        ["sltd-training"],
    )
    new = summary["id"]
    with database.read() as session:
        detail = repo.get_assessment(session, new)
        assert verify_all(session) == (2, None)
    assert detail.info.based_on_id == int(old) and detail.info.country_code == "KEN"
    carried = detail.answers["sltd-screening"]
    assert carried.response == Special.NOT_APPLICABLE
    assert carried.rationale == "none"
    assert carried.evidence == (legacy_entry("sltd-screening-report"),)
    flagged = detail.answers["sltd-reporting"]
    assert flagged.needs_rescore and flagged.response is None
    assert "sltd-training" not in detail.answers
    refused = cli("assessments", "finalize", str(new), db=db_url)
    assert refused.code == 1 and "unanswered" in refused.err

    # A broken YAML file breaks nothing that was recorded.
    yaml.write_text("id: minimal\nareas: [unclosed\n")
    assert cli("assessments", "show", old, db=db_url).code == 0
    assert cli("assessments", "show", str(new), db=db_url).code == 0
    assert cli("audit", "verify", db=db_url).code == 0


def test_each_carried_answer_is_an_audited_event(
    database: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    old = new_assessment(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, old, "sltd-reporting", 4, actor="ana", rationale="r")
        repo.record_answer(session, old, "sltd-screening", Special.NO_INFORMATION, actor="ana")
        made = start_next_round(session, old, minimal_checklist, date(2027, 3, 1), "ben")
        previous_uid = repo.get_assessment(session, old).info.uid
    assert made.carried == ("sltd-reporting", "sltd-screening") and made.rescore == ()
    with database.read() as session:
        detail = repo.get_assessment(session, made.info.id)
        assert verify_all(session)[1] is None
        events = session.execute(
            text(
                "SELECT kind, item_id, actor, after FROM answer_events "
                "WHERE assessment_id = :a ORDER BY seq"
            ),
            {"a": made.info.id},
        ).all()
    assert [(e.kind, e.item_id, e.actor) for e in events] == [
        ("create", None, "ben"),
        ("carry-forward", None, "ben"),
        ("answer", "sltd-reporting", "ben"),
        ("answer", "sltd-screening", "ben"),
    ]
    assert json.loads(events[1].after)["from"] == previous_uid
    assert detail.responses == {"sltd-reporting": 4, "sltd-screening": Special.NO_INFORMATION}
    assert detail.info.as_of == date(2027, 3, 1)


def test_a_scale_whose_levels_changed_meaning_sends_every_item_to_rescoring(
    database: Database, minimal_checklist: Any, new_assessment: Callable[..., int]
) -> None:
    old = new_assessment(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, old, "sltd-reporting", 4, actor="ana")
    levels = list(minimal_checklist.scale.levels)
    levels[1] = levels[1].model_copy(update={"label": "Something else"})
    scale = minimal_checklist.scale.model_copy(update={"levels": levels})
    changed = minimal_checklist.model_copy(update={"scale": scale, "version": "2.0"})
    with database.write() as session:
        made = start_next_round(session, old, changed, date(2027, 1, 1), "ben")
    assert made.carried == () and made.rescore == ("sltd-reporting", "sltd-screening")


def test_a_next_round_keeps_its_checklist_and_country(
    db_url: str,
    database: Database,
    minimal_checklist: Any,
    new_assessment: Callable[..., int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    old = new_assessment(database, minimal_checklist)
    other = minimal_checklist.model_copy(update={"id": "another"})
    with pytest.raises(CtcapError, match="keeps its checklist"), database.write() as session:
        start_next_round(session, old, other, date(2027, 1, 1), "ben")
    one_line_error(
        cli("assessments", "new", "--from", str(old), "--country", "UGA", db=db_url),
        "keeps its country",
    )
    one_line_error(cli("assessments", "new", "--from", "999", db=db_url), "assessment 999")
    usage = cli("assessments", "new", "--country", "KEN", db=db_url)
    assert usage.code == 2 and "--from" in usage.err
