"""``ctcap db`` and ``ctcap audit``: the database itself and its audit trail."""

from __future__ import annotations

from pathlib import Path

import click

from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, fail_line, output_option, write_output


@click.group()
def db() -> None:
    """Create or upgrade the database."""


@db.command("upgrade")
@pass_context
def db_upgrade(context: Context) -> None:
    """Apply every pending migration (also done whenever a database is opened)."""
    from ctcap.storage.engine import HEAD_REVISION, safe_url

    database = context.database()
    echo(f"{safe_url(database.url)}: at schema revision {HEAD_REVISION}")


@db.command("path")
@pass_context
def db_path(context: Context) -> None:
    """Print the database URL that commands use (any password masked)."""
    from ctcap.storage.engine import safe_url

    echo(safe_url(context.db_url))


@click.group()
def audit() -> None:
    """Check the tamper-evident audit trail."""


@audit.command("verify")
@click.option("--assessment", "assessment_id", type=ASSESSMENT_ID, help="Only this assessment.")
@click.option(
    "--against",
    "heads_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also check the chain heads recorded in FILE by `ctcap audit head`.",
)
@pass_context
def audit_verify(context: Context, assessment_id: int | None, heads_file: Path | None) -> None:
    """Exit 0 when every chain is intact; else report the first broken link and exit 1.

    With --against, every head recorded earlier must still be in its chain: a chain
    rewritten consistently from some event on (every hash recomputed) shows there.
    """
    from ctcap.storage.anchors import RecordedHeads, check_heads, check_project_heads, read_heads
    from ctcap.storage.audit import verify_all
    from ctcap.storage.project_audit import verify_projects

    recorded = read_heads(heads_file) if heads_file is not None else None  # before the database
    if recorded is not None and assessment_id is not None:
        mine = [h for h in recorded.assessments if h.assessment_id == assessment_id]
        recorded = RecordedHeads(mine, [])
    heads = recorded.assessments if recorded is not None else None
    from ctcap.storage.panel_audit import verify_member_chains

    with context.database().read() as session:
        checked, broken = verify_all(session, assessment_id)
        members, broken_member = verify_member_chains(session, assessment_id)
        broken = broken or broken_member
        rewritten = check_heads(session, heads) if heads is not None and broken is None else []
        # Projects keep chains of their own (storage/project_audit.py).
        projects, project_broken = (0, None) if assessment_id else verify_projects(session)
        if recorded is not None and broken is None and project_broken is None:
            rewritten += check_project_heads(session, recorded.projects)
    for found in (broken, project_broken):
        if found is not None:
            fail_line(f"ctcap: audit chain broken: {found}")
            raise SystemExit(1)
    if rewritten:
        more = f" (and {len(rewritten) - 1} more)" if len(rewritten) > 1 else ""
        fail_line(f"ctcap: audit trail differs from {heads_file}: {rewritten[0]}{more}")
        raise SystemExit(1)
    also = f" and {members} panel member chain(s)" if members else ""
    also += f", {projects} project(s)" if projects else ""
    echo(f"audit trail intact: {checked} assessment(s){also} verified")
    if recorded is not None:
        of_projects = f" and {len(recorded.projects)} project head(s)" if recorded.projects else ""
        echo(f"{len(recorded.assessments)} recorded chain head(s){of_projects} match {heads_file}")


@audit.command("head")
@output_option("the heads (default: standard output)")
@pass_context
def audit_head(context: Context, output: Path | None) -> None:
    """Print the head of every assessment's and project's chain, to keep outside the database.

    Keep the output where the database's users cannot change it; later,
    `ctcap audit verify --against FILE` shows whether any history up to it was rewritten.
    """
    from datetime import UTC, datetime

    from ctcap.storage.anchors import chain_heads, heads_digest, heads_document, project_heads

    with context.database().read() as session:
        heads, projects = chain_heads(session), project_heads(session)
    recorded_at = datetime.now(UTC).isoformat(timespec="seconds")
    document = heads_document(heads, recorded_at, projects)
    written = write_output(output if output is not None else "-", document, "json")
    if written is not None:
        of_projects = f" and {len(projects)} project head(s)" if projects else ""
        digest = heads_digest(heads, projects)
        echo(f"wrote {len(heads)} chain head(s){of_projects} to {written} (digest {digest})")
