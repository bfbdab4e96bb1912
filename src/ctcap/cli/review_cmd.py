"""``ctcap review``, ``ctcap compare`` and ``ctcap team``: four eyes, self against
external, and who may do what on a shared PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, pass_context
from .output import (
    check_binary_output,
    emit_json,
    emit_report,
    emit_table,
    output_option,
    report_format_option,
)

ASSESSOR = click.option(
    "--assessor", help="Who acts (SQLite; on PostgreSQL your login, unless an administrator)."
)


@click.group()
def review() -> None:
    """Four eyes: submit a round, request changes, approve it."""


def _step(context: Context, assessment_id: int, assessor: str | None, step: str, **kw: str) -> None:
    from ctcap.storage import review as reviews
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = getattr(reviews, step)(
            session, assessment_id, actor=acting_person(session, assessor), **kw
        )
    who = f" by {info.approved_by}" if info.approved_by else ""
    click.echo(f"assessment {assessment_id}: {info.state.replace('_', ' ')}{who}")


@review.command("submit")
@click.argument("assessment_id", type=int)
@ASSESSOR
@pass_context
def review_submit(context: Context, assessment_id: int, assessor: str | None) -> None:
    """Send a complete draft to review; it takes no answers while in review."""
    _step(context, assessment_id, assessor, "submit")


@review.command("request-changes")
@click.argument("assessment_id", type=int)
@click.option("--note", required=True, help="What should change.")
@ASSESSOR
@pass_context
def review_request_changes(
    context: Context, assessment_id: int, note: str, assessor: str | None
) -> None:
    """Send a round in review back to its assessors (a reviewer who did not score it)."""
    _step(context, assessment_id, assessor, "request_changes", note=note)


@review.command("approve")
@click.argument("assessment_id", type=int)
@click.option("--note", default="", help="A remark kept with the approval.")
@ASSESSOR
@pass_context
def review_approve(context: Context, assessment_id: int, note: str, assessor: str | None) -> None:
    """Approve a round in review (a reviewer who did not score it); then finalize it."""
    _step(context, assessment_id, assessor, "approve", note=note)


@review.command("status")
@click.argument("assessment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def review_status(context: Context, assessment_id: int, as_json: bool) -> None:
    """Where the round's review stands, and whether four eyes applies to it."""
    from ctcap.storage import review as reviews

    from .panel_output import review_json

    with context.database().read() as session:
        info = reviews.review_info(session, assessment_id)
    if as_json:
        emit_json({"assessment": assessment_id, **review_json(info)})
        return
    parts = [f"assessment {assessment_id}: {info.state.replace('_', ' ')}"]
    if info.approved_by:
        parts.append(f"approved by {info.approved_by} at {info.approved_at:%Y-%m-%d %H:%M}")
    parts.append("four eyes required" if info.required else "four eyes not required")
    if info.note:
        parts.append(f"note: {info.note}")
    click.echo(" · ".join(parts))


@review.command("policy")
@click.argument("policy", required=False, type=click.Choice(["off", "panels", "all"]))
@ASSESSOR
@pass_context
def review_policy(context: Context, policy: str | None, assessor: str | None) -> None:
    """Show or set this database's four-eyes policy: off, panels (default) or all."""
    from ctcap.storage import review as reviews
    from ctcap.storage.identity import acting_person

    if policy is None:
        with context.database().read() as session:
            click.echo(reviews.four_eyes_policy(session))
        return
    with context.database().write() as session:
        reviews.set_four_eyes_policy(session, policy, actor=acting_person(session, assessor))
    click.echo(f"four-eyes policy: {policy}")


@click.command("compare")
@click.argument("self_id", type=int)
@click.argument("external_id", type=int)
@report_format_option()
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@output_option("the comparison")
@pass_context
def compare(
    context: Context, self_id: int, external_id: int, fmt: str, as_json: bool,
    output: Path | None,
) -> None:  # fmt: skip
    """A self-assessment SELF_ID against an external one, EXTERNAL_ID (external − self)."""
    from ctcap.reports.self_external import build_self_external

    fmt = "json" if as_json else fmt
    check_binary_output(fmt, output)
    with context.database().read() as session:
        report = build_self_external(session, self_id, external_id)
    from ctcap.reports.formats import render_self_external

    data = render_self_external(report, fmt)
    emit_report(data, fmt, output, "the comparison", report.synthetic)


@click.group()
def team() -> None:
    """Roles and country teams on a shared PostgreSQL database (administrators)."""


@team.command("grant")
@click.argument("login")
@click.argument("role", type=click.Choice(["assessor", "reviewer", "manager", "admin"]))
@pass_context
def team_grant(context: Context, login: str, role: str) -> None:
    """Give LOGIN a ROLE (PostgreSQL group role ctcap_ROLE; cluster-wide)."""
    from ctcap.storage import teams

    with context.database().write() as session:
        teams.grant_role(session, login, role)
    click.echo(f"{login}: {role}")


@team.command("revoke")
@click.argument("login")
@click.argument("role", type=click.Choice(["assessor", "reviewer", "manager", "admin"]))
@pass_context
def team_revoke(context: Context, login: str, role: str) -> None:
    """Take ROLE from LOGIN."""
    from ctcap.storage import teams

    with context.database().write() as session:
        teams.revoke_role(session, login, role)
    click.echo(f"{login}: no longer {role}")


@team.command("add")
@click.argument("login")
@click.argument("country")
@pass_context
def team_add(context: Context, login: str, country: str) -> None:
    """Put LOGIN on COUNTRY's team (ISO alpha-3): it may then work on its rounds."""
    from ctcap.storage import teams
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        teams.add_to_team(session, login, country, actor=acting_person(session))
    click.echo(f"{login}: on the {country.upper()} team")


@team.command("remove")
@click.argument("login")
@click.argument("country")
@pass_context
def team_remove(context: Context, login: str, country: str) -> None:
    """Take LOGIN off COUNTRY's team."""
    from ctcap.storage import teams

    with context.database().write() as session:
        teams.remove_from_team(session, login, country)
    click.echo(f"{login}: off the {country.upper()} team")


@team.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def team_list(context: Context, as_json: bool) -> None:
    """Logins with their roles and teams."""
    from ctcap.storage import teams

    with context.database().read() as session:
        entries = teams.team_list(session)
    if as_json:
        emit_json([vars(e) for e in entries])
        return
    emit_table(
        ["LOGIN", "ROLES", "COUNTRIES"],
        [[e.login, ", ".join(e.roles), ", ".join(e.countries)] for e in entries],
    )


@team.command("whoami")
@pass_context
def team_whoami(context: Context) -> None:
    """Who this database takes you for, and what you may do."""
    from ctcap.storage.identity import acting_person, current_login

    with context.database().read() as session:
        login = current_login(session)
        actor = acting_person(session)
    if login is None:
        click.echo(f"{actor} (SQLite: single-user, no roles)")
        return
    roles = ", ".join(login.roles) or "no ctcap role"
    click.echo(f"{login.name}: {roles}{' (administrator)' if login.admin else ''}")
