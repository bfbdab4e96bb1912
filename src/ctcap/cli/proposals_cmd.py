"""``ctcap proposals``: review what published data propose: accept, edit or reject."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .context import Context, pass_context
from .output import emit_json, emit_table

if TYPE_CHECKING:
    from ctcap.domain.model import Scale
    from ctcap.storage.proposals import ProposalRecord


@click.group()
def proposals() -> None:
    """Proposed answers from published data (`ctcap data import`), for review."""


def _record_json(record: ProposalRecord, scale: Scale) -> dict[str, Any]:
    from ctcap.domain.answers import response_label

    return {
        "id": record.id,
        "item": record.item_id,
        "proposed": response_label(record.response, scale),
        "status": record.status,
        "source": record.source,
        "file": record.file_name,
        "sha256": record.file_sha256,
        "mapping": record.mapping,
        "evidence": [vars(e) for e in record.evidence],
        "why": record.why,
        "note": record.note,
        "proposed_by": record.proposed_by,
        "proposed_at": record.proposed_at,
        "decided_by": record.decided_by,
        "decided_at": record.decided_at,
        "reason": record.reason,
        "answer_version": record.answer_version,
    }


@proposals.command("list")
@click.argument("assessment_id", type=int)
@click.option("--all", "include_decided", is_flag=True, help="Also accepted, edited, rejected.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def proposals_list(
    context: Context, assessment_id: int, include_decided: bool, as_json: bool
) -> None:
    """The proposals of ASSESSMENT_ID (pending ones unless --all), with their provenance."""
    from ctcap.domain.answers import response_label
    from ctcap.storage import repository
    from ctcap.storage.proposals import list_proposals
    from ctcap.text import shown_line

    with context.database().read() as session:
        detail = repository.get_assessment(session, assessment_id)
        found = list_proposals(session, assessment_id, include_decided=include_decided)
    scale = detail.checklist.scale
    if as_json:
        emit_json([_record_json(r, scale) for r in found])
        return
    rows = []
    for record in found:
        answer = detail.answers.get(record.item_id)
        current = answer.response if answer is not None else None
        values = "; ".join(f"{e.key}={e.value} ({e.data_date})" for e in record.evidence)
        rows.append([
            record.item_id, response_label(record.response, scale), record.status,
            shown_line(f"{record.source}: {values}", 60),
            response_label(current, scale) if current is not None else "",
            shown_line(record.reason or record.note, 50),
        ])  # fmt: skip
    emit_table(["ITEM", "PROPOSED", "STATUS", "FROM", "ANSWER NOW", "NOTE"], rows)
    pending = sum(1 for r in found if r.status == "pending")
    click.echo(f"{pending} pending proposal(s) in assessment {assessment_id}")


def _written(decision: Any, scale: Scale) -> str:
    from ctcap.domain.answers import response_label

    return (
        f"{decision.proposal.item_id}: {response_label(decision.written, scale)} "
        f"(answer version {decision.answer_version}, {decision.proposal.status})"
    )


@proposals.command("accept")
@click.argument("assessment_id", type=int)
@click.argument("item_id", required=False)
@click.option(
    "--all", "accept_every", is_flag=True, help="Every pending proposal on an unanswered item."
)
@click.option("--assessor", help="Who accepts (default as for `assessments new`).")
@pass_context
def proposals_accept(
    context: Context, assessment_id: int, item_id: str | None, accept_every: bool,
    assessor: str | None,
) -> None:  # fmt: skip
    """Write ITEM's proposed level as its answer (or --all): never over an answer."""
    from ctcap.config import default_assessor
    from ctcap.storage.proposal_decisions import accept, accept_all
    from ctcap.storage.snapshots import checklist_snapshot

    if (item_id is None) == (not accept_every):
        raise click.UsageError("give ITEM or --all")
    actor = default_assessor(assessor)
    with context.database().write() as session:
        if accept_every:
            done, left = accept_all(session, assessment_id, actor=actor)
        else:
            done, left = [accept(session, assessment_id, item_id or "", actor=actor)], []
        scale = _scale(session, assessment_id, checklist_snapshot)
    for decision in done:
        click.echo(_written(decision, scale))
    for item, why in left:
        click.echo(f"{item}: left pending, {why}")
    click.echo(f"accepted {len(done)}, left {len(left)} pending")


def _scale(session: Any, assessment_id: int, snapshot: Any) -> Scale:
    from ctcap.storage.reading import assessment_info

    return snapshot(session, assessment_info(session, assessment_id).checklist_version_id).scale


@proposals.command("edit")
@click.argument("assessment_id", type=int)
@click.argument("item_id")
@click.argument("level")
@click.option("--note", default="", help="Why the level differs from the data's.")
@click.option("--assessor", help="Who decides (default as for `assessments new`).")
@pass_context
def proposals_edit(
    context: Context, assessment_id: int, item_id: str, level: str, note: str,
    assessor: str | None,
) -> None:  # fmt: skip
    """Answer ITEM with LEVEL instead of the proposed one; the proposal stays its source."""
    from ctcap.config import default_assessor
    from ctcap.domain.answers import parse_response
    from ctcap.storage.proposal_decisions import edit
    from ctcap.storage.snapshots import checklist_snapshot

    with context.database().write() as session:
        scale = _scale(session, assessment_id, checklist_snapshot)
        response = parse_response(level, scale)
        decision = edit(
            session, assessment_id, item_id, response, actor=default_assessor(assessor), note=note
        )
    click.echo(_written(decision, scale))


@proposals.command("reject")
@click.argument("assessment_id", type=int)
@click.argument("item_id")
@click.option("--reason", required=True, help="Why (kept in the proposal log).")
@click.option("--assessor", help="Who decides (default as for `assessments new`).")
@pass_context
def proposals_reject(
    context: Context, assessment_id: int, item_id: str, reason: str, assessor: str | None
) -> None:
    """Turn ITEM's proposal down; its answer stays as it is."""
    from ctcap.config import default_assessor
    from ctcap.storage.proposal_decisions import reject

    with context.database().write() as session:
        reject(session, assessment_id, item_id, actor=default_assessor(assessor), reason=reason)
    click.echo(f"{item_id}: proposal rejected")


@proposals.command("log")
@click.argument("assessment_id", type=int)
@pass_context
def proposals_log(context: Context, assessment_id: int) -> None:
    """The proposal log of ASSESSMENT_ID: every import, acceptance, edit and rejection."""
    import json

    from ctcap.storage.proposals import proposal_log
    from ctcap.storage.reading import assessment_info
    from ctcap.text import shown_line

    with context.database().read() as session:
        assessment_info(session, assessment_id)  # a missing one is an error, not an empty log
        events = proposal_log(session, assessment_id)
    for event in events:
        after = json.loads(event.after)
        if event.kind == "propose":
            what = (f"{len(after['proposals'])} proposal(s) from {after['file']} "
                    f"(sha256 {after['sha256'][:12]}…, {after['mapping']})")  # fmt: skip
        else:
            what = f"{event.item_id}: {after['status']}"
            if "answer" in after:
                what += f" → answer event {after['answer']['seq']}"
            if after.get("reason") or after.get("note"):
                what += f" ({after.get('reason') or after.get('note')})"
        click.echo(shown_line(f"{event.seq:>3} {event.at} {event.actor} {event.kind}: {what}"))
