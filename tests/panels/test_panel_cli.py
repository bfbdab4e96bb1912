"""The panel, review and compare commands end to end on a SQLite file, as a person types them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from panels.panel_help import Ran, refused

Cli = Callable[..., Ran]
ITEMS = ("sltd-reporting", "sltd-screening")


def _state(path: Path) -> list[tuple[object, ...]]:
    """Everything stored that a refused command must leave as it was."""
    with sqlite3.connect(path) as connection:
        rows = []
        for table in ("assessments", "answers", "answer_events", "panels", "panel_members",
                      "member_answers", "member_events", "consensus", "round_reviews"):  # fmt: skip
            rows += [(table, *r) for r in connection.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return rows


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "panel.sqlite"


def _panel(cli: Cli, db: Path, scores: dict[str, tuple[str, str]]) -> str:
    made = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
               "--as-of", "2026-03-01", db=db)  # fmt: skip
    aid = made.out.strip()
    members = [arg for name in list(scores)[1:] for arg in ("--member", name)]
    lead = next(iter(scores))
    assert cli("panel", "create", aid, "--lead", lead, *members, db=db).code == 0
    for member, levels in scores.items():
        for item, level in zip(ITEMS, levels, strict=True):
            ran = cli("panel", "answer", aid, item, level, "--assessor", member, db=db)
            assert ran.code == 0, ran.err
    return aid


SCORES = {"ana": ("3", "1"), "ben": ("3", "4"), "cy": ("3", "na")}


def test_blind_scoring_reveal_agreement_consensus_review_final(cli: Cli, db: Path) -> None:
    aid = _panel(cli, db, SCORES)
    shown = json.loads(cli("panel", "show", aid, "--json", "--assessor", "ben", db=db).out)
    assert set(shown["answers"]) == {"ben"} and not shown["revealed"]
    status = cli("panel", "status", aid, db=db)
    assert "ben: 2 item(s) answered" in status.out and "not revealed" in status.out
    refused(cli("panel", "agreement", aid, "--assessor", "ana", db=db), "not revealed yet")
    assert cli("panel", "reveal", aid, "--assessor", "ana", db=db).code == 0
    text = cli("panel", "agreement", aid, "--assessor", "ben", db=db)
    assert text.code == 0 and "## Most in need of discussion" in text.out
    assert "sltd-screening" in text.out.split("## Most in need of discussion")[1]
    report = json.loads(cli("panel", "agreement", aid, "--json", db=db).out)
    assert report["discussion"] == ["sltd-screening"] and report["adoptable"] == ["sltd-reporting"]
    assert report["items"][1]["answers"] == {"ana": 1, "ben": 4, "cy": "na"}
    again = json.loads(cli("panel", "agreement", aid, "--json", db=db).out)
    assert again == report  # the bootstrap is seeded
    adopted = cli("panel", "adopt", aid, "--assessor", "ana", db=db)
    assert "1 unanimous item(s) adopted: sltd-reporting" in adopted.out
    decided = cli("panel", "consensus", aid, "sltd-screening", "2", "--rationale",
                  "the SOP exists, not yet used", "--assessor", "ana", db=db)  # fmt: skip
    assert decided.code == 0 and "ana=1, ben=4, cy=na" in decided.out
    assert cli("review", "submit", aid, "--assessor", "ana", db=db).code == 0
    approved = cli("review", "approve", aid, "--assessor", "rev", db=db)
    assert approved.out.strip() == f"assessment {aid}: approved by rev"
    assert cli("assessments", "finalize", aid, "--assessor", "ana", db=db).code == 0
    detail = json.loads(cli("assessments", "show", aid, "--json", db=db).out)
    assert [a["level"] for a in detail["answers"]] == [3, 2] and detail["status"] == "final"
    assert "panel member chain(s)" in cli("audit", "verify", db=db).out


def test_bad_steps_are_refused_in_one_line_and_change_nothing(cli: Cli, db: Path) -> None:
    aid = _panel(cli, db, SCORES)
    before = _state(db)
    refused(cli("panel", "reveal", aid, "--assessor", "ben", db=db), "only the panel's lead")
    refused(cli("assessments", "answer", aid, ITEMS[0], "2", db=db), "scored by a panel")
    refused(cli("panel", "answer", aid, ITEMS[0], "7", "--assessor", "ben", db=db), "not on scale")
    refused(
        cli("panel", "answer", aid, ITEMS[0], "2", "--assessor", "eve", db=db), "not on the panel"
    )
    assert _state(db) == before
    assert cli("panel", "reveal", aid, "--assessor", "ana", db=db).code == 0
    before = _state(db)
    refused(cli("panel", "reveal", aid, "--assessor", "ana", db=db), "revealing is done once")
    refused(
        cli("panel", "answer", aid, ITEMS[0], "2", "--assessor", "ben", db=db), "answers are closed"
    )
    refused(cli("panel", "consensus", aid, ITEMS[1], "2", "--rationale", "x", "--assessor", "ben",
                db=db), "only the panel's lead")  # fmt: skip
    refused(cli("review", "approve", aid, "--assessor", "rev", db=db), "submit it first")
    assert _state(db) == before
    assert cli("panel", "adopt", aid, "--assessor", "ana", db=db).code == 0
    assert cli("panel", "consensus", aid, ITEMS[1], "2", "--rationale", "x", "--assessor", "ana",
               db=db).code == 0  # fmt: skip
    assert cli("review", "submit", aid, "--assessor", "ana", db=db).code == 0
    before = _state(db)
    refused(cli("review", "approve", aid, "--assessor", "ana", db=db), "did not score")
    refused(cli("review", "approve", aid, "--assessor", "cy", db=db), "did not score")
    refused(cli("assessments", "finalize", aid, "--assessor", "ana", db=db), "approval")
    refused(cli("panel", "consensus", aid, ITEMS[1], "3", "--rationale", "y", "--assessor", "ana",
                db=db), "in review")  # fmt: skip
    assert _state(db) == before
    refused(cli("team", "grant", "alice", "assessor", db=db), "need a shared PostgreSQL")


def test_self_against_external_by_item_area_and_mean(cli: Cli, db: Path) -> None:
    ids = []
    for origin, levels in (("self", ("4", "3")), ("external", ("3", "unknown"))):
        ids.append(cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
                       "--as-of", "2026-03-01", "--origin", origin, db=db).out.strip())  # fmt: skip
        for item, level in zip(ITEMS, levels, strict=True):
            assert cli("assessments", "answer", ids[-1], item, level, db=db).code == 0
    found = json.loads(cli("compare", *ids, "--json", db=db).out)
    assert found["mean_steps"] == -1.5 and found["compared"] == 2 and found["lower"] == 2
    assert [i["steps"] for i in found["items"]] == [-1, -2]
    assert found["areas"][0]["points"] < 0
    text = cli("compare", *ids, db=db).out
    assert "mean -1.50 steps (-30.0 points)" in text
    other = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
                "--as-of", "2025-03-01", db=db).out.strip()  # fmt: skip
    refused(cli("compare", ids[0], other, db=db), "same country and date")
    refused(cli("compare", ids[1], ids[0], db=db), "created as an external assessment")
    shown = json.loads(cli("assessments", "show", ids[1], "--json", db=db).out)
    assert shown["origin"] == "external"
    assert "external assessment" in cli("assessments", "show", ids[1], db=db).out
    bad = cli("assessments", "new", "--country", "KEN", "--checklist", "minimal",
              "--origin", "peer", db=db)  # fmt: skip
    assert bad.code == 2 and "Traceback" not in bad.err


def test_the_type_gives_the_origin_and_a_contradiction_is_refused(cli: Cli, db: Path) -> None:
    new = ("assessments", "new", "--country", "KEN", "--checklist", "minimal")
    visit = cli(*new, "--type", "on-site-visit", db=db).out.strip()
    shown = json.loads(cli("assessments", "show", visit, "--json", db=db).out)
    assert shown["origin"] == "external"
    desk = cli(*new, "--type", "desk-review", db=db).out.strip()  # either side: not said
    assert json.loads(cli("assessments", "show", desk, "--json", db=db).out)["origin"] is None
    before = _state(db)
    refused(cli(*new, "--type", "self-assessment", "--origin", "external", db=db), "contradicts")
    assert _state(db) == before
