"""Chain heads kept outside the database (``ctcap audit head``) expose a history rewritten
consistently, which ``audit verify`` alone cannot see; chains that only grew still match."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ctcap.storage import repository as repo
from ctcap.storage.audit import chain_hash
from ctcap.storage.engine import Database


def _rewrite_last_answer(database: Database, assessment_id: int) -> None:
    """What an insider with database access could do: change event 4 (sltd-reporting 4 -> 1)
    and the answer, recomputing the hash so that the chain is consistent again."""
    with database.write() as session:
        uid = session.execute(
            text("SELECT uid FROM assessments WHERE id = :a"), {"a": assessment_id}
        ).scalar_one()
        event = session.execute(
            text("SELECT * FROM answer_events WHERE assessment_id = :a AND seq = 4"),
            {"a": assessment_id},
        ).one()
        after = json.loads(event.after)
        after["response"] = 1
        forged_after = json.dumps(after, sort_keys=True, separators=(",", ":"))
        forged = chain_hash(
            event.prev_hash, uid, 4, event.kind, event.item_id, event.actor, event.at,
            event.before, forged_after,
        )  # fmt: skip
        session.execute(
            text("UPDATE answer_events SET after = :f, hash = :h WHERE id = :i"),
            {"f": forged_after, "h": forged, "i": event.id},
        )
        session.execute(
            text("UPDATE answers SET level = 1 WHERE assessment_id = :a AND item_id = :i"),
            {"a": assessment_id, "i": "sltd-reporting"},
        )


def test_a_consistent_rewrite_passes_verify_but_not_the_recorded_heads(
    tmp_path: Path,
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    intact = scored()
    target = scored()
    heads = tmp_path / "heads.json"
    recorded = cli("audit", "head", "-o", str(heads), db=db_url)
    assert recorded.code == 0 and recorded.out.startswith("wrote 2 chain head(s)")
    assert heads.stat().st_mode & 0o777 == 0o600

    _rewrite_last_answer(database, target)
    with database.read() as session:
        assert repo.get_assessment(session, target).responses["sltd-reporting"] == 1
    alone = cli("audit", "verify", db=db_url)
    assert alone.code == 0, alone.err  # the chain is consistent: only the anchor can tell
    line = one_line_error(
        cli("audit", "verify", "--against", str(heads), db=db_url), f"assessment {target}:"
    )
    assert "event 4 is not the event recorded" in line and str(heads) in line
    only_intact = cli("audit", "verify", "--assessment", str(intact), "--against", str(heads),
                      db=db_url)  # fmt: skip
    assert only_intact.code == 0
    assert only_intact.out.splitlines()[-1] == f"1 recorded chain head(s) match {heads}"


def test_heads_recorded_earlier_still_match_after_the_chains_grow(
    tmp_path: Path,
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
) -> None:
    first = scored()
    printed = cli("audit", "head", db=db_url)  # standard output is the file itself
    heads = tmp_path / "heads.json"
    heads.write_text(printed.out, encoding="utf-8")
    assert cli("assessments", "answer", str(first), "sltd-screening", "na", db=db_url).code == 0
    assert cli("assessments", "finalize", str(first), db=db_url).code == 0
    assert cli("assessments", "reopen", str(first), "--reason", "typo", db=db_url).code == 0
    scored()  # a new assessment, not recorded
    ran = cli("audit", "verify", "--against", str(heads), db=db_url)
    assert ran.code == 0, ran.err
    assert ran.out.splitlines() == [
        "audit trail intact: 2 assessment(s) verified",
        f"1 recorded chain head(s) match {heads}",
    ]


def test_a_deleted_assessment_or_a_truncated_chain_is_named(
    tmp_path: Path,
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    gone = scored()
    short = scored()
    heads = tmp_path / "heads.json"
    assert cli("audit", "head", "-o", str(heads), db=db_url).code == 0
    with database.write() as session:
        for table in ("answer_events", "answers", "round_scores", "assessments"):
            column = "id" if table == "assessments" else "assessment_id"
            session.execute(text(f"DELETE FROM {table} WHERE {column} = :a"), {"a": gone})
        # Drop the last event and undo its answer: the shorter chain is consistent.
        session.execute(
            text("DELETE FROM answer_events WHERE assessment_id = :a AND seq = 4"), {"a": short}
        )
        session.execute(
            text("UPDATE answers SET level = 2 WHERE assessment_id = :a AND item_id = :i"),
            {"a": short, "i": "sltd-reporting"},
        )
    assert cli("audit", "verify", db=db_url).code == 0
    line = one_line_error(cli("audit", "verify", "--against", str(heads), db=db_url), "gone")
    assert f"assessment {gone} (" in line and "(and 1 more)" in line


def test_a_bad_heads_file_is_refused_before_the_database_is_opened(
    tmp_path: Path,
    db_url: str,
    database: Database,
    scored: Callable[[], int],
    cli: Callable[..., Any],
    one_line_error: Callable[..., str],
) -> None:
    scored()
    heads = tmp_path / "heads.json"
    assert cli("audit", "head", "-o", str(heads), db=db_url).code == 0
    document = json.loads(heads.read_text(encoding="utf-8"))

    def variant(name: str, change: Callable[[dict[str, Any]], None]) -> Path:
        edited = json.loads(json.dumps(document))
        change(edited)
        path = tmp_path / name
        path.write_text(json.dumps(edited), encoding="utf-8")
        return path

    cases = {
        variant("edited.json", lambda d: d["heads"][0].update(seq=2)): "digest: does not match",
        variant("no-hash.json", lambda d: d["heads"][0].pop("hash")): "heads[0].hash: must be",
        variant("bool.json", lambda d: d["heads"][0].update(seq=True)): "heads[0].seq: must be",
        variant("other.json", lambda d: d.update(format="x")): "format: not a ctcap-audit-heads",
    }
    duplicate = tmp_path / "duplicate.json"
    duplicate.write_text('{"format": "a", "format": "b"}', encoding="utf-8")
    cases[duplicate] = "duplicate key 'format'"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\x00\x01")
    cases[binary] = "binary data, not a JSON heads file"
    cases[tmp_path / "missing.json"] = "cannot read the heads file"
    for path, needle in cases.items():
        line = one_line_error(cli("audit", "verify", "--against", str(path), db=db_url), needle)
        assert str(path) in line
