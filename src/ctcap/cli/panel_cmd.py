"""``ctcap panel``: a round scored blind by several members, then agreed on.

On PostgreSQL everyone acts as their database login; on SQLite as ``--assessor`` (or
``$CTCAP_ASSESSOR``, the config file, the OS user).
"""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, pass_context
from .output import (
    check_binary_output,
    emit_json,
    emit_report,
    output_option,
    report_format_option,
)

ASSESSOR = click.option(
    "--assessor", help="Who acts (SQLite; on PostgreSQL your login, unless an administrator)."
)


@click.group()
def panel() -> None:
    """Score a round as a panel: blind answers, reveal, agreement, consensus."""


@panel.command("create")
@click.argument("assessment_id", type=int)
@click.option("--lead", required=True, help="The panel's lead (a member; reveals, decides).")
@click.option("--member", "members", multiple=True, help="A member (repeatable).")
@ASSESSOR
@pass_context
def panel_create(
    context: Context, assessment_id: int, lead: str, members: tuple[str, ...], assessor: str | None
) -> None:
    """Make draft round ASSESSMENT_ID a panel round (it must have no answers yet)."""
    from ctcap.storage import panels
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = panels.create_panel(
            session, assessment_id, lead=lead, members=members,
            actor=acting_person(session, assessor),
        )  # fmt: skip
    click.echo(f"assessment {assessment_id}: panel of {len(info.members)}, lead {info.lead}")


@panel.command("add-member")
@click.argument("assessment_id", type=int)
@click.argument("member")
@ASSESSOR
@pass_context
def panel_add_member(
    context: Context, assessment_id: int, member: str, assessor: str | None
) -> None:
    """Add MEMBER to the panel (the lead, before reveal)."""
    from ctcap.storage import panels
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = panels.add_member(
            session, assessment_id, member, actor=acting_person(session, assessor)
        )
    click.echo(f"assessment {assessment_id}: panel of {len(info.members)}")


@panel.command("answer")
@click.argument("assessment_id", type=int)
@click.argument("item_id")
@click.argument("level")
@click.option("--rationale", help="Why this level.")
@click.option("--evidence", multiple=True, help="An evidence reference (repeatable).")
@click.option("--if-version", "expected_version", type=click.IntRange(min=0),
              help="Write only over this version of your answer (0: unanswered).")  # fmt: skip
@ASSESSOR
@pass_context
def panel_answer(
    context: Context,
    assessment_id: int,
    item_id: str,
    level: str,
    rationale: str | None,
    evidence: tuple[str, ...],
    expected_version: int | None,
    assessor: str | None,
) -> None:
    """Your own answer to ITEM: a level, `na` or `unknown` (kept from the others)."""
    from ctcap.domain.answers import parse_response, response_label
    from ctcap.storage import panels, reading
    from ctcap.storage.identity import acting_person
    from ctcap.storage.repository import checklist_snapshot

    with context.database().write() as session:
        member = acting_person(session, assessor)
        info = reading.assessment_info(session, assessment_id)
        scale = checklist_snapshot(session, info.checklist_version_id).scale
        answer = panels.record_member_answer(
            session, assessment_id, member, item_id, parse_response(level, scale),
            rationale=rationale, evidence=list(evidence) if evidence else None,
            expected_version=expected_version,
        )  # fmt: skip
    click.echo(
        f"{item_id}: {response_label(answer.response, scale)} "
        f"(your version {answer.version}, {member})"
    )


@panel.command("show")
@click.argument("assessment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@ASSESSOR
@pass_context
def panel_show(context: Context, assessment_id: int, as_json: bool, assessor: str | None) -> None:
    """Your answers; everyone's once the lead has revealed."""
    from ctcap.storage import panels
    from ctcap.storage.identity import acting_person

    from .panel_output import show_view, view_json

    with context.database().read() as session:
        view = panels.panel_view(session, assessment_id, acting_person(session, assessor))
    if as_json:
        emit_json(view_json(view))
    else:
        show_view(view)


@panel.command("status")
@click.argument("assessment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def panel_status(context: Context, assessment_id: int, as_json: bool) -> None:
    """Members and how many items each has answered (no answers shown), reveal, review."""
    from ctcap.storage import consensus, panels, review

    from .panel_output import review_json

    with context.database().read() as session:
        info = panels.panel_info(session, assessment_id)
        decided = len(consensus.consensus_of(session, assessment_id))
        state = review.review_info(session, assessment_id)
    data = {
        "assessment": assessment_id,
        "lead": info.lead,
        "members": [{"member": m.member, "answered": m.answered} for m in info.members],
        "revealed": info.revealed,
        "revealed_at": info.revealed_at.isoformat() if info.revealed_at else None,
        "consensus": decided,
        "review": review_json(state),
    }
    if as_json:
        emit_json(data)
        return
    revealed = f"revealed by {info.revealed_by}" if info.revealed else "not revealed (blind)"
    click.echo(f"assessment {assessment_id}: lead {info.lead}, {revealed}")
    for member in info.members:
        click.echo(f"  {member.member}{' (lead)' if member.is_lead else ''}: "
                   f"{member.answered} item(s) answered")  # fmt: skip
    click.echo(f"consensus on {decided} item(s); review: {state.state.replace('_', ' ')}"
               + (" (four eyes required)" if state.required else ""))  # fmt: skip


@panel.command("reveal")
@click.argument("assessment_id", type=int)
@ASSESSOR
@pass_context
def panel_reveal(context: Context, assessment_id: int, assessor: str | None) -> None:
    """Open every member's answers to the panel (the lead; once; then answers close)."""
    from ctcap.storage import panels
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = panels.reveal(session, assessment_id, actor=acting_person(session, assessor))
    answered = ", ".join(f"{m.member} {m.answered}" for m in info.members)
    click.echo(f"assessment {assessment_id} revealed; items answered: {answered}")


@panel.command("agreement")
@click.argument("assessment_id", type=int)
@report_format_option()
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@output_option("the report")
@click.option("--top", type=click.IntRange(min=1), help="List only the N items most in need.")
@click.option("--seed", type=int, default=1, show_default=True, help="Bootstrap seed.")
@click.option("--resamples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap resamples for the intervals (0: none).")  # fmt: skip
@ASSESSOR
@pass_context
def panel_agreement(
    context: Context, assessment_id: int, fmt: str, as_json: bool, output: Path | None,
    top: int | None, seed: int, resamples: int, assessor: str | None,
) -> None:  # fmt: skip
    """Per item the spread; per area and overall Krippendorff's alpha (after reveal)."""
    from ctcap.reports.agreement import build_agreement_report
    from ctcap.storage.identity import acting_person

    fmt = "json" if as_json else fmt
    check_binary_output(fmt, output)
    with context.database().read() as session:
        report = build_agreement_report(
            session, assessment_id, acting_person(session, assessor),
            resamples=resamples, seed=seed, top=top,
        )  # fmt: skip
    from ctcap.reports.formats import render_agreement

    data = render_agreement(report, fmt)
    emit_report(data, fmt, output, "the agreement report", report.synthetic)


@panel.command("adopt")
@click.argument("assessment_id", type=int)
@click.option("--rationale", help="Rationale for every adopted item (default: says who agreed).")
@ASSESSOR
@pass_context
def panel_adopt(
    context: Context, assessment_id: int, rationale: str | None, assessor: str | None
) -> None:
    """Adopt as consensus, in one step, every item all members answered alike."""
    from ctcap.storage import consensus
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        adopted = consensus.adopt_unanimous(
            session, assessment_id, actor=acting_person(session, assessor), rationale=rationale
        )
    listed = f": {', '.join(r.item_id for r in adopted)}" if adopted else ""
    click.echo(f"assessment {assessment_id}: {len(adopted)} unanimous item(s) adopted{listed}")


@panel.command("consensus")
@click.argument("assessment_id", type=int)
@click.argument("item_id")
@click.argument("level")
@click.option("--rationale", required=True, help="Why the panel settled on this level.")
@click.option(
    "--evidence", multiple=True, help="An evidence entry, as for `assessments answer` (repeatable)."
)
@ASSESSOR
@pass_context
def panel_consensus(
    context: Context, assessment_id: int, item_id: str, level: str, rationale: str,
    evidence: tuple[str, ...], assessor: str | None,
) -> None:  # fmt: skip
    """Record the panel's answer to ITEM (the lead, after reveal), linked to members' ones."""
    from ctcap.domain.answers import parse_response, response_label
    from ctcap.storage import consensus, reading
    from ctcap.storage.identity import acting_person
    from ctcap.storage.repository import checklist_snapshot

    from .evidence_args import evidence_entries

    with context.database().write() as session:
        info = reading.assessment_info(session, assessment_id)
        scale = checklist_snapshot(session, info.checklist_version_id).scale
        record = consensus.record_consensus(
            session, assessment_id, item_id, parse_response(level, scale),
            actor=acting_person(session, assessor), rationale=rationale,
            evidence=evidence_entries(evidence) if evidence else None,
        )  # fmt: skip
    sources = ", ".join(f"{s.member}={s.response}" for s in record.sources)
    click.echo(f"{item_id}: {response_label(record.response, scale)} by consensus ({sources})")
