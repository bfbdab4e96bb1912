"""``ctcap db`` and ``ctcap audit``: the database itself and its audit trail."""

from __future__ import annotations

import click

from .context import Context, pass_context


@click.group()
def db() -> None:
    """Create or upgrade the database."""


@db.command("upgrade")
@pass_context
def db_upgrade(context: Context) -> None:
    """Apply every pending migration (also done whenever a database is opened)."""
    from ctcap.storage.engine import HEAD_REVISION

    database = context.database()
    click.echo(f"{database.url}: at schema revision {HEAD_REVISION}")


@db.command("path")
@pass_context
def db_path(context: Context) -> None:
    """Print the database URL that commands use."""
    click.echo(context.db_url)


@click.group()
def audit() -> None:
    """Check the tamper-evident audit trail."""


@audit.command("verify")
@click.option("--assessment", "assessment_id", type=int, help="Only this assessment.")
@pass_context
def audit_verify(context: Context, assessment_id: int | None) -> None:
    """Exit 0 when every chain is intact; else report the first broken link and exit 1."""
    from ctcap.storage.audit import verify_all

    with context.database().read() as session:
        checked, broken = verify_all(session, assessment_id)
    if broken is not None:
        click.echo(f"ctcap: audit chain broken: {broken}", err=True)
        raise SystemExit(1)
    click.echo(f"audit trail intact: {checked} assessment(s) verified")
