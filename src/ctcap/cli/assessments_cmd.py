"""``ctcap assessments``: create, list, show, answer and finalize assessments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, echo_line, emit_json, emit_table, percent

if TYPE_CHECKING:
    from ctcap.storage.records import AssessmentDetail, AssessmentInfo


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
    "--origin",
    type=click.Choice(["self", "external"]),
    help="Who assesses: the country itself or an outside team (fixed; reports compare a "
    "self and an external round of the same date).",
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
    origin: str | None,
    as_json: bool,
) -> None:
    """Start a new assessment and print its id."""
    from ctcap.storage import repository
    from ctcap.storage.identity import acting_person

    from .context import find_checklist

    if previous_id is not None:
        _next_round(
            context, previous_id, country, checklist_id, as_of, assessor, title, origin, as_json
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
            origin=origin,
        )
    if as_json:
        emit_json({"id": info.id})
    else:
        echo(info.id)


def _next_round(
    context: Context,
    previous_id: int,
    country: str | None,
    checklist_id: str | None,
    as_of: dt.datetime | None,
    assessor: str | None,
    title: str | None,
    origin: str | None,
    as_json: bool,
) -> None:
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
            origin=origin,
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

    with context.database().read() as session:
        infos = repository.list_assessments(session, country)
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
        ["ID", "COUNTRY", "CHECKLIST", "AS OF", "STATUS", "SCORE", "DONE%", "ASSESSOR"],
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
            ]
            for i in infos
        ],
    )


def _detail_json(detail: AssessmentDetail) -> dict[str, Any]:
    from ctcap.domain.scoring import score_assessment

    score = score_assessment(detail.checklist, detail.responses)
    answers = []
    for item in detail.checklist.items():
        answer = detail.answers.get(item.id)
        response = answer.response if answer else None
        answers.append(
            {
                "item": item.id,
                "level": response
                if isinstance(response, int) and not isinstance(response, str)
                else None,
                "special": str(response) if isinstance(response, str) else None,
                "rationale": answer.rationale if answer else "",
                "evidence": list(answer.evidence) if answer else [],
                "assessor": answer.assessor if answer else None,
                "updated_at": answer.updated_at.isoformat() if answer else None,
                "version": answer.version if answer else 0,
            }
        )
    return {
        **info_json(detail.info),
        "overall": score.overall,
        "completion": score.completion,
        "areas": [
            {"id": a.area_id, "score": a.score, "target": a.target, "capped_by": list(a.capped_by)}
            for a in score.areas
        ],
        "answers": answers,
    }


@assessments.command("show")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def assessments_show(context: Context, assessment_id: int, as_json: bool) -> None:
    """One assessment with every answer."""
    from ctcap.domain.answers import response_label
    from ctcap.storage import repository
    from ctcap.storage.bundles import import_log
    from ctcap.text import shown_line

    with context.database().read() as session:
        detail = repository.get_assessment(session, assessment_id)
        imports = import_log(session, assessment_id)
    data = _detail_json(detail)
    data["imports"] = [vars(record) for record in imports]
    if as_json:
        emit_json(data)
        return
    info = detail.info
    mark = "  [SYNTHETIC DATA]" if info.synthetic else ""
    echo_line(f"#{info.id} {info.title}{mark}")
    echo_line(
        f"{info.checklist_id} {info.checklist_version} · as of {info.as_of} · "
        f"{info.assessor} · {info.status}" + (f" · {info.origin} assessment" if info.origin else "")
    )
    echo(f"Overall {percent(data['overall'])} · completion {percent(100 * data['completion'])}%")
    for record in imports:
        echo_line(
            f"Imported {record.at} by {record.actor}: {record.outcome}, {record.applied} "
            f"answer(s) changed, {record.conflicts} conflict(s) open, bundle "
            f"{record.bundle_sha256[:12]}, {record.describe_signature()}"
        )
    rows = []
    for item in detail.checklist.items():
        answer = detail.answers.get(item.id)
        response = answer.response if answer else None
        rows.append(
            [
                item.id,
                response_label(response, detail.checklist.scale),
                answer.version if answer else 0,
                answer.assessor if answer and response is not None else "",
                shown_line(answer.rationale, 50) if answer else "",
            ]
        )
    emit_table(["ITEM", "ANSWER", "VERSION", "BY", "RATIONALE"], rows)


@assessments.command("answer")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.argument("item_id")
@click.argument("level")
@click.option("--rationale", help="Why this level.")
@click.option("--evidence", multiple=True, help="An evidence reference (repeatable).")
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
    assessor: str | None,
    expected_version: int | None,
) -> None:
    """Answer ITEM with LEVEL: a level of the scale, `na` or `unknown`.

    Without --if-version the write replaces whatever is there (it is audited either way).
    """
    from ctcap.domain.answers import parse_response, response_label
    from ctcap.errors import ConflictError, CtcapError
    from ctcap.storage import repository
    from ctcap.storage.identity import acting_person
    from ctcap.storage.records import AnswerRecord

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
                evidence=list(evidence) if evidence else None,
                expected_version=expected_version,
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
