"""The assessment-results document: its rounds, findings and observations, from the data."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from ctcap.interchange.oscal import NS, UUID_ROOT
from ctcap.interchange.oscal.model import dump
from ctcap.interchange.oscal.results import build_assessment_results
from ctcap.interchange.oscal.text import from_markup, timestamp

from .conftest import CONTROL, HOSTILE, SmallDb


def ours(thing: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in thing.get("props", []) if p["ns"] == NS and p["name"] == name]


@pytest.fixture
def results(small_db: SmallDb, read_session) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The document of the draft round r3: it covers r1, r2 and r3."""
    with read_session(small_db.url) as session:
        return dump(build_assessment_results(session, "XOS", small_db.ids["r3"]))


def by_item(entries: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    if kind == "finding":
        return {e["target"]["target-id"].removesuffix("_smt"): e for e in entries}
    return {ours(e, "item")[0]: e for e in entries}


def test_one_result_per_round_of_the_trend(results: dict[str, Any], small_db: SmallDb) -> None:
    rounds = results["assessment-results"]["results"]
    assert [ours(r, "as-of")[0] for r in rounds] == ["2023-03-31", "2024-03-31", "2025-03-31"]
    assert [ours(r, "status")[0] for r in rounds] == ["final", "final", "draft"]
    assert [ours(r, "assessment-uid")[0] for r in rounds] == [
        small_db.uids[name] for name in ("r1", "r2", "r3")
    ]
    assert "end" in rounds[0] and "end" not in rounds[2]  # a draft has not ended
    for result in rounds:
        reviewed = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        assert [c["control-id"] for c in reviewed] == ["sltd-reporting", "sltd-screening"]


def test_the_default_round_is_the_gap_reports(small_db: SmallDb, read_session) -> None:  # type: ignore[no-untyped-def]
    # The reported round is the latest final one (r2): the draft is left out.
    with read_session(small_db.url) as session:
        document = dump(build_assessment_results(session, "XOS"))
    rounds = document["assessment-results"]["results"]
    assert [ours(r, "as-of")[0] for r in rounds] == ["2023-03-31", "2024-03-31"]


def test_findings_say_whether_the_target_is_met(results: dict[str, Any]) -> None:
    first, second, third = results["assessment-results"]["results"]
    statuses = {
        item: finding["target"]["status"]
        for item, finding in by_item(first["findings"], "finding").items()
    }
    assert statuses == {
        "sltd-reporting": {"state": "satisfied", "reason": "pass"},  # 4, target 4
        "sltd-screening": {"state": "not-satisfied", "reason": "fail"},  # 2, target 4
    }
    # No information is not-satisfied; not applicable has an observation but no finding.
    findings = by_item(second["findings"], "finding")
    assert list(findings) == ["sltd-reporting"]
    assert findings["sltd-reporting"]["target"]["status"]["state"] == "not-satisfied"
    assert findings["sltd-reporting"]["target"]["status"]["reason"] == "other"
    assert sorted(by_item(second["observations"], "observation")) == [
        "sltd-reporting",
        "sltd-screening",
    ]
    # The unanswered item of the draft has neither.
    assert list(by_item(third["observations"], "observation")) == ["sltd-reporting"]
    assert list(by_item(third["findings"], "finding")) == ["sltd-reporting"]
    assert "1 item(s) not applicable or unanswered" in third["remarks"]


def test_numbers_come_from_the_gap_report(small_db: SmallDb, read_session) -> None:  # type: ignore[no-untyped-def]
    from ctcap.reports.gap import build_gap_report

    with read_session(small_db.url) as session:
        document = dump(build_assessment_results(session, "XOS", small_db.ids["r1"]))
        report = build_gap_report(session, "XOS", small_db.ids["r1"])
    (result,) = document["assessment-results"]["results"]
    assert float(ours(result, "overall-score")[0]) == report.overall
    assert [float(v) for v in ours(result, "area-score")] == [a.score for a in report.areas]
    observations = by_item(result["observations"], "observation")
    for row in report.items:
        assert float(ours(observations[row.item_id], "score")[0]) == row.score
        assert ours(observations[row.item_id], "level") == [row.answer.response]


def test_observations_carry_rationale_evidence_and_time(
    results: dict[str, Any], small_db: SmallDb, read_session
) -> None:  # type: ignore[no-untyped-def]
    from ctcap.storage import repository

    third = results["assessment-results"]["results"][2]
    observation = by_item(third["observations"], "observation")["sltd-reporting"]
    assert from_markup(observation["description"]) == HOSTILE + " " + CONTROL
    evidence = [from_markup(e["description"]) for e in observation["relevant-evidence"]]
    assert evidence == [CONTROL, HOSTILE]
    assert ours(observation, "level") == ["5"] and ours(observation, "score") == ["100.0"]
    with read_session(small_db.url) as session:
        answer = repository.get_assessment(session, small_db.ids["r3"]).answers["sltd-reporting"]
    assert observation["collected"] == timestamp(answer.updated_at)
    # No confidence was recorded: none is made up. The handling mark that covers the
    # rationale is the round's own (the default, TLP:AMBER); the evidence is untyped.
    assert ours(observation, "confidence") == [] and ours(observation, "handling") == ["AMBER"]
    assert observation["methods"] == ["UNKNOWN"]
    assert [ours(e, "source-type") for e in observation["relevant-evidence"]] == [["unknown"]] * 2


def test_hostile_text_is_escaped_markup(results: dict[str, Any]) -> None:
    text = to_json_text(results)
    assert "<script>" not in text  # escaped for Markdown renderers, and still readable
    assert "\\u0007" in text and "\\u0001" in text  # control characters stay JSON escapes


def to_json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_uuids_are_derived_from_the_assessment_and_item(
    results: dict[str, Any], small_db: SmallDb
) -> None:
    third = results["assessment-results"]["results"][2]
    uid = small_db.uids["r3"]
    finding = by_item(third["findings"], "finding")["sltd-reporting"]
    assert finding["uuid"] == str(uuid.uuid5(UUID_ROOT, f"finding/{uid}/sltd-reporting"))
    assert third["uuid"] == str(uuid.uuid5(UUID_ROOT, f"result/{uid}"))
    observation_uuid = finding["related-observations"][0]["observation-uuid"]
    assert observation_uuid == str(uuid.uuid5(UUID_ROOT, f"observation/{uid}/sltd-reporting"))


def test_the_same_data_gives_the_same_document(small_db: SmallDb, ctcap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("report", "gap", "--country", "XOS", "--format", "oscal")
    first = ctcap(f"--db={small_db.url}", *args)
    assert first.code == 0, first.err
    written = ctcap(f"--db={small_db.url}", *args, "-o", str(tmp_path / "ar.json"))
    assert written.code == 0 and "OSCAL assessment results" in written.out
    assert (tmp_path / "ar.json").read_text(encoding="utf-8") == first.out
    metadata = json.loads(first.out)["assessment-results"]["metadata"]
    assert ours(metadata, "synthetic") == ["true"]  # XOS is a user-assigned (fictional) code


def test_times_come_from_the_data(results: dict[str, Any], small_db: SmallDb, read_session) -> None:  # type: ignore[no-untyped-def]
    from ctcap.storage import repository

    with read_session(small_db.url) as session:
        infos = [
            repository.get_assessment(session, small_db.ids[n]).info for n in ("r1", "r2", "r3")
        ]
    document = results["assessment-results"]
    assert document["metadata"]["last-modified"] == timestamp(max(i.updated_at for i in infos))
    assert [r["start"] for r in document["results"]] == [timestamp(i.created_at) for i in infos]


def test_against_does_not_apply(small_db: SmallDb, ctcap) -> None:  # type: ignore[no-untyped-def]
    run = ctcap(
        f"--db={small_db.url}", "report", "gap", "--country", "XOS", "--format", "oscal",
        "--against", str(small_db.ids["r1"]),
    )  # fmt: skip
    assert run.code == 2 and "--against does not apply" in run.err and run.out == ""


def test_the_document_names_the_checklist_as_its_plan(results: dict[str, Any]) -> None:
    document = results["assessment-results"]
    plan_href = document["import-ap"]["href"]
    resources = {r["uuid"]: r for r in document["back-matter"]["resources"]}
    plan = resources[plan_href.removeprefix("#")]
    assert ours(plan, "checklist-id") == ["minimal"]
    assert all(r["links"][0]["href"] == plan_href for r in document["results"])
