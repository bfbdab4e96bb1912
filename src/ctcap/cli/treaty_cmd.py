"""``ctcap assessments treaty``: record what a state did about an instrument; the level follows."""

from __future__ import annotations

import click

from . import evidence_args
from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, echo_line


@click.command("treaty")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.argument("item_id")
@click.option("--signed", metavar="DATE", help="Date of signature (YYYY-MM-DD).")
@click.option("--deposited", metavar="DATE", help="Date the consent to be bound was deposited.")
@click.option("--act", type=click.Choice(evidence_args.ACTS), help="The act deposited.")
@click.option("--in-force", metavar="DATE", help="Entry into force for the state.")
@click.option("--reservation", "reservations", multiple=True, help="A reservation (repeatable).")
@click.option(
    "--declaration",
    "declarations",
    multiple=True,
    help="A declaration (repeatable), e.g. under the Financing Convention's Art. 2(2)(a).",
)
@click.option("--denounced", metavar="DATE", help="The date a denunciation took effect.")
@click.option(
    "--implementation",
    type=click.IntRange(4, 5),
    help="4: in domestic law; 5: and applied in practice (not capped by the treaty act).",
)
@click.option("--rationale", help="Why (default: keep the answer's rationale).")
@click.option("--evidence", multiple=True, help="An evidence entry, as for `answer` (repeatable).")
@click.option("--confidence", type=click.Choice(evidence_args.CONFIDENCES))
@click.option("--clear", is_flag=True, help="Drop the item's treaty facts; its level stays.")
@click.option("--assessor", help="Who records it (default as for `new`).")
@pass_context
def assessments_treaty(
    context: Context,
    assessment_id: int,
    item_id: str,
    signed: str | None,
    deposited: str | None,
    act: str | None,
    in_force: str | None,
    reservations: tuple[str, ...],
    declarations: tuple[str, ...],
    denounced: str | None,
    implementation: int | None,
    rationale: str | None,
    evidence: tuple[str, ...],
    confidence: str | None,
    clear: bool,
    assessor: str | None,
) -> None:
    """Record ITEM's treaty facts; print the level they give (domain/treaty.py) and store it.

    The level is as of the round's as-of date: a signature alone is Signed (2), a
    deposited ratification, acceptance, approval, accession or succession Ratified or
    acceded (3), a denunciation in effect Not signed (1); --implementation 4 or 5 counts
    even before ratification (the level is the higher of the two).
    """
    from ctcap.domain.answers import response_label
    from ctcap.domain.treaty import treaty_level
    from ctcap.storage import repository
    from ctcap.storage.answer_codec import KEEP
    from ctcap.storage.identity import acting_person

    entries = evidence_args.evidence_entries(evidence) if evidence else None
    facts = None
    notes: tuple[str, ...] = ()
    if not clear:
        facts = evidence_args.treaty_facts(
            signed=signed, deposited=deposited, act=act, in_force=in_force,
            reservations=reservations, declarations=declarations, denounced=denounced,
            implementation=implementation,
        )  # fmt: skip
    with context.database().write() as session:
        detail = repository.get_assessment(session, assessment_id)
        scale = detail.checklist.scale
        current = detail.answers.get(item_id)
        if facts is None:
            if current is None or current.response is None:
                raise click.UsageError(f"{item_id} has no answer: nothing to clear")
            level, notes = current.response, ("treaty facts cleared",)
        else:
            standing = treaty_level(facts, detail.info.as_of)
            level, notes = standing.level, standing.notes
        record = repository.record_answer(
            session, assessment_id, item_id, level, actor=acting_person(session, assessor),
            rationale=rationale, evidence=entries, facts=facts,
            confidence=KEEP if confidence is None else evidence_args.confidence(confidence),
        )  # fmt: skip
    echo(f"{item_id}: {response_label(record.response, scale)} (version {record.version})")
    for note in notes:
        echo_line(f"  {note}")
