"""``ctcap assessments``: create, list, show, answer and finalize assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from . import evidence_args
from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, emit_json, emit_table, percent

if TYPE_CHECKING:
    from ctcap.domain.method import AssessmentType, TeamMember
    from ctcap.storage.records import AssessmentInfo


def info_json(info: AssessmentInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "uid": info.uid,
        "country": info.country_code,
        "country_name": info.country_name,
        "checklist": info.checklist_id,
        "checklist_version": info.checklist_version,
        "title": info.title,
        "as_of": info.as_of.isoformat(),
        "assessor": info.assessor,
        "status": info.status,
        "synthetic": info.synthetic,
        "origin": info.origin,
        "created_at": info.created_at.isoformat(),
        "updated_at": info.updated_at.isoformat(),
        "assessment_type": info.assessment_type.value,
        "team": [member.model_dump() for member in info.team],
        "mark": info.mark,
        "names_mark": info.names_mark,
    }


@click.group()
def assessments() -> None:
    """Create, list, show, answer and finalize assessments."""


@assessments.command("new")
@click.option("--country", help="ISO 3166-1 alpha-3 code, e.g. KEN (required without --from).")
@click.option(
    "--checklist", "checklist_id", help="Checklist id or YAML path (required without --from)."
)
@click.option(
    "--from",
    "previous_id",
    type=ASSESSMENT_ID,
    metavar="ID",
    help="Start the next round of assessment ID on the current version of its checklist, "
    "carrying forward the answers of unchanged items.",
)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date assessed (default today).")
@click.option("--assessor", help="Default: $CTCAP_ASSESSOR, the config file, the OS user.")
@click.option("--title", help="Default: country, checklist and date.")
@click.option(
    "--type",
    "assessment_type",
    default="unknown",
    help="self-assessment, desk-review, on-site-visit or joint-external (default: not said).",
)
@click.option(
    "--member",
    "members",
    multiple=True,
    metavar="NAME|ORG|ROLE",
    help="A member of the assessing team (repeatable); organisation and role optional.",
)
@click.option(
    "--mark",
    help="Handling mark, e.g. TLP:GREEN (default: the database's default, TLP:AMBER; "
    "with --from, the previous round's).",
)
@click.option(
    "--names-mark", help="A stricter mark for the assessor's and team's names (default: --mark)."
)
@click.option(
    "--origin",
    type=click.Choice(["self", "external"]),
    help="Who assesses: the country itself or an outside team (fixed; reports compare a "
    "self and an external round of the same date). Default: from --type where it says.",
)
@click.option("--json", "as_json", is_flag=True, help='Print {"id": ...}.')
@pass_context
def assessments_new(
    context: Context,
    country: str | None,
    checklist_id: str | None,
    previous_id: int | None,
    as_of: dt.datetime | None,
    assessor: str | None,
    title: str | None,
    assessment_type: str,
    members: tuple[str, ...],
    mark: str | None,
    names_mark: str | None,
    origin: str | None,
    as_json: bool,
) -> None:
    """Start a new assessment and print its id."""
    from ctcap.domain.method import origin_of, parse_type
    from ctcap.storage import repository
    from ctcap.storage.identity import acting_person

    from .context import find_checklist

    kind = parse_type(assessment_type)
    how = _How(kind, origin_of(kind, origin), evidence_args.team(members), mark, names_mark)
    if previous_id is not None:
        _next_round(
            context, previous_id, (country, checklist_id, as_of, assessor, title), how, as_json
        )
        return
    if country is None or checklist_id is None:
        raise click.UsageError("--country and --checklist are required (or give --from ID)")
    checklist = find_checklist(checklist_id)
    with context.database().write() as session:
        info = repository.create_assessment(
            session,
            country=country,
            checklist=checklist,
            as_of=(as_of.date() if as_of else dt.date.today()),
            assessor=acting_person(session, assessor),
            title=title,
            assessment_type=how.type,
            team=how.team,
            mark=how.mark,
            names_mark=how.names_mark,
            origin=how.origin,
        )
    if as_json:
        emit_json({"id": info.id})
    else:
        echo(info.id)


@dataclass(frozen=True)
class _How:
    """Who assessed and how, and the marks, as `new` was given them."""

    type: AssessmentType
    origin: str | None
    team: list[TeamMember]
    mark: str | None
    names_mark: str | None


def _next_round(
    context: Context,
    previous_id: int,
    given: tuple[str | None, str | None, dt.datetime | None, str | None, str | None],
    how: _How,
    as_json: bool,
) -> None:
    country, checklist_id, as_of, assessor, title = given
    from ctcap.errors import CtcapError
    from ctcap.storage import repository
    from ctcap.storage.countries import normalise_code
    from ctcap.storage.identity import acting_person
    from ctcap.storage.rounds import start_next_round

    from .context import find_checklist

    with context.database().read() as session:
        previous = repository.get_assessment(session, previous_id).info
    if country is not None and normalise_code(country) != previous.country_code:
        raise CtcapError(
            f"assessment {previous_id} is of {previous.country_code}, not {country}: "
            "a new round keeps its country"
        )
    checklist = find_checklist(checklist_id or previous.checklist_id)
    with context.database().write() as session:
        made = start_next_round(
            session,
            previous_id,
            checklist,
            as_of.date() if as_of else dt.date.today(),
            acting_person(session, assessor),
            title=title,
            assessment_type=how.type,
            team=how.team,
            mark=how.mark,
            names_mark=how.names_mark,
            origin=how.origin,
        )
    if as_json:
        emit_json(
            {
                "id": made.info.id,
                "from": previous_id,
                "checklist_version": made.info.checklist_version,
                "carried": list(made.carried),
                "rescore": list(made.rescore),
                "added": list(made.added),
                "removed": list(made.removed),
            }
        )
        return
    echo(made.info.id)
    rescore = f": {', '.join(made.rescore)}" if made.rescore else ""
    echo(
        f"round after #{previous_id} on {checklist.id} {checklist.version}: "
        f"{len(made.carried)} answer(s) carried forward, "
        f"{len(made.rescore)} reworded item(s) to re-score{rescore}",
        err=True,
    )


@assessments.command("list")
@click.option("--country", help="Only this country (ISO alpha-3).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def assessments_list(context: Context, country: str | None, as_json: bool) -> None:
    """Every assessment, by country and date."""
    from ctcap.domain.scoring import score_assessment
    from ctcap.storage import repository
    from ctcap.storage.handling import mark_scheme

    with context.database().read() as session:
        infos = repository.list_assessments(session, country)
        scheme = mark_scheme(session)
        scores = {}
        for info in infos:
            detail = repository.get_assessment(session, info.id)
            scores[info.id] = score_assessment(detail.checklist, detail.responses)
    if as_json:
        emit_json(
            [
                {
                    **info_json(i),
                    "overall": scores[i.id].overall,
                    "completion": scores[i.id].completion,
                }
                for i in infos
            ]
        )
        return
    emit_table(
        ["ID", "COUNTRY", "CHECKLIST", "AS OF", "STATUS", "SCORE", "DONE%", "ASSESSOR", "MARK"],
        [
            [
                i.id,
                i.country_code,
                f"{i.checklist_id} {i.checklist_version}",
                i.as_of,
                i.status + (" (synthetic)" if i.synthetic else ""),
                percent(scores[i.id].overall),
                percent(100 * scores[i.id].completion),
                i.assessor,
                scheme.label(i.mark),
            ]
            for i in infos
        ],
    )


@assessments.command("answer")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.argument("item_id")
@click.argument("level")
@click.option("--rationale", help="Why this level.")
@click.option(
    "--evidence",
    multiple=True,
    help="An evidence entry (repeatable; replaces the answer's evidence): a plain reference, "
    'or "type=legislation; date=2019-05; grade=B; ref=Penal Code s.12; link=URL|sha256=HEX|'
    'file=PATH". Types: legislation, official-document, interview, site-visit, '
    "third-party-evaluation, open-source; grades A-F (Admiralty source reliability).",
)
@click.option(
    "--confidence", type=click.Choice(evidence_args.CONFIDENCES), help="The answer's confidence."
)
@click.option("--mark", help="A stricter mark for this answer's rationale, evidence and assessor.")
@click.option("--assessor", help="Who answers (default as for `new`).")
@click.option(
    "--if-version",
    "expected_version",
    type=click.IntRange(min=0),
    help="Write only if the answer is still at this version (`show` lists them; 0: "
    "unanswered); otherwise exit 1 naming the answer that is there.",
)
@pass_context
def assessments_answer(
    context: Context,
    assessment_id: int,
    item_id: str,
    level: str,
    rationale: str | None,
    evidence: tuple[str, ...],
    confidence: str | None,
    mark: str | None,
    assessor: str | None,
    expected_version: int | None,
) -> None:
    """Answer ITEM with LEVEL: a level of the scale, `na` or `unknown`.

    Without --if-version the write replaces whatever is there (it is audited either way).
    """
    from ctcap.domain.answers import parse_response, response_label
    from ctcap.errors import ConflictError, CtcapError
    from ctcap.storage import repository
    from ctcap.storage.answer_codec import KEEP
    from ctcap.storage.identity import acting_person
    from ctcap.storage.records import AnswerRecord

    entries = evidence_args.evidence_entries(evidence) if evidence else None
    with context.database().write() as session:
        detail = repository.get_assessment(session, assessment_id)
        scale = detail.checklist.scale
        response = parse_response(level, scale)
        try:
            record = repository.record_answer(
                session,
                assessment_id,
                item_id,
                response,
                actor=acting_person(session, assessor),
                rationale=rationale,
                evidence=entries,
                expected_version=expected_version,
                confidence=KEEP if confidence is None else evidence_args.confidence(confidence),
                mark=KEEP if mark is None else mark,
            )
        except ConflictError as exc:
            theirs = exc.current if isinstance(exc.current, AnswerRecord) else None
            there = (
                f"version {theirs.version} ({theirs.assessor}: "
                f"{response_label(theirs.response, scale)})"
                if theirs is not None
                else "version 0 (unanswered)"
            )
            raise CtcapError(
                f"{item_id} is at {there}, not version {expected_version}; nothing written"
            ) from None
    echo(f"{item_id}: {response_label(record.response, scale)} (version {record.version})")


@assessments.command("finalize")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.option("--assessor", help="Who finalizes (default as for `new`).")
@pass_context
def assessments_finalize(context: Context, assessment_id: int, assessor: str | None) -> None:
    """Make an assessment final and read-only (every item must be answered).

    Where four eyes applies (`ctcap review policy`), only once a reviewer approved it.
    """
    from ctcap.storage import repository
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = repository.finalize(session, assessment_id, actor=acting_person(session, assessor))
    echo(f"assessment {info.id} is final")


@assessments.command("reopen")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.option("--reason", required=True, help="Why it is reopened (recorded in the audit trail).")
@click.option("--assessor", help="Who reopens (default as for `new`).")
@pass_context
def assessments_reopen(
    context: Context, assessment_id: int, reason: str, assessor: str | None
) -> None:
    """Reopen a final assessment as a draft; the reopening is audited."""
    from ctcap.storage import repository
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        info = repository.reopen(
            session, assessment_id, actor=acting_person(session, assessor), reason=reason
        )
    echo(f"assessment {info.id} is a draft again")
