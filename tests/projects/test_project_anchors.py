"""Project chains in the recorded heads (``audit head`` / ``audit verify --against``): a
project's history rewritten consistently passes ``audit verify`` alone, not the heads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ctcap.storage.audit import chain_hash

from .test_projects_cli import one_line_error, run

HAIPHONG = "ctcap-seed-mofa2010-vnm-haiphong"
JAIF = "ctcap-seed-mofa2010-jaif"


def _forge_title(db: Path, identifier: str, title: str) -> None:
    """What an insider could do: rewrite the project's last event and its row, recomputing
    the hash so that the chain and the row agree again."""
    with sqlite3.connect(db) as connection:
        project_id, uid = connection.execute(
            "SELECT id, uid FROM projects WHERE identifier = ?", (identifier,)
        ).fetchone()
        event_id, seq, kind, actor, at, before, after, prev = connection.execute(
            "SELECT id, seq, kind, actor, at, before, after, prev_hash FROM project_events "
            "WHERE project_id = ? ORDER BY seq DESC LIMIT 1", (project_id,)
        ).fetchone()  # fmt: skip
        state = json.loads(after)
        state["title"] = title
        forged = json.dumps(state, sort_keys=True, separators=(",", ":"))
        digest = chain_hash(prev, uid, seq, kind, None, actor, at, before, forged)
        connection.execute("UPDATE project_events SET after = ?, hash = ? WHERE id = ?",
                           (forged, digest, event_id))  # fmt: skip
        connection.execute("UPDATE projects SET title = ? WHERE id = ?", (title, project_id))


def test_a_rewritten_project_history_shows_against_the_recorded_heads(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    run("projects", "import", "--seed", db=db)
    heads = tmp_path / "heads.json"
    recorded = run("audit", "head", "-o", str(heads), db=db)
    assert "0 chain head(s) and 7 project head(s)" in recorded.stdout
    document = json.loads(heads.read_text(encoding="utf-8"))
    assert document["version"] == 2 and len(document["projects"]) == 7
    last = run("audit", "verify", "--against", str(heads), db=db).stdout.splitlines()[-1]
    assert last == f"0 recorded chain head(s) and 7 project head(s) match {heads}"
    # A chain that grew still matches what was recorded; a change after the heads is not
    # theirs to pin.
    run("projects", "link", HAIPHONG, "ct-capacity-building:cust-risk-management", db=db)
    _forge_title(db, HAIPHONG, "Forged after the heads")
    assert run("audit", "verify", "--against", str(heads), db=db).returncode == 0

    _forge_title(db, JAIF, "Forged title")  # its only event: the one recorded
    assert run("audit", "verify", db=db).returncode == 0  # consistent: only the heads can tell
    assert "Forged title" in run("projects", "show", JAIF, db=db).stdout
    failed = run("audit", "verify", "--against", str(heads), db=db, ok=False)
    one_line_error(failed, f"project '{JAIF}': event 1 is not the event recorded")
    assert "its history was rewritten" in failed.stderr and str(heads) in failed.stderr


def test_heads_files_of_version_1_are_read_and_edited_ones_refused(tmp_path: Path) -> None:
    from ctcap.storage.anchors import heads_digest

    db = tmp_path / "p.sqlite"
    run("projects", "import", "--seed", db=db)
    old = tmp_path / "v1.json"
    version_1 = {"format": "ctcap-audit-heads", "version": 1, "digest": heads_digest([]),
                 "recorded_at": "2026-01-01T00:00:00+00:00", "heads": []}  # fmt: skip
    old.write_text(json.dumps(version_1), encoding="utf-8")
    assert run("audit", "verify", "--against", str(old), db=db).returncode == 0
    heads = tmp_path / "heads.json"
    run("audit", "head", "-o", str(heads), db=db)
    document = json.loads(heads.read_text(encoding="utf-8"))
    document["projects"][0]["seq"] = 2
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document), encoding="utf-8")
    one_line_error(run("audit", "verify", "--against", str(edited), db=db, ok=False),
                   "digest: does not match")  # fmt: skip
    document["projects"][0].pop("project")
    nameless = tmp_path / "nameless.json"
    nameless.write_text(json.dumps(document), encoding="utf-8")
    one_line_error(run("audit", "verify", "--against", str(nameless), db=db, ok=False),
                   "projects[0].project: must be a project uid")  # fmt: skip
