"""``ctcap assessments show``: one assessment, its marks, type, team and every answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .assessments_cmd import info_json
from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, echo_line, emit_json, emit_table, percent

if TYPE_CHECKING:
    from ctcap.storage.records import AnswerRecord, AssessmentDetail


def _flags(detail: AssessmentDetail, answer: AnswerRecord | None, stale: int) -> tuple[Any, ...]:
    """Why the answer's level rests on weak ground (``domain.evidence.answer_flags``)."""
    from ctcap.domain.evidence import answer_flags

    if answer is None or answer.response is None:
        return ()
    return answer_flags(answer.confidence, answer.evidence, detail.info.as_of, stale)


def _detail_json(detail: AssessmentDetail, stale: int) -> dict[str, Any]:
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
                "evidence": [entry.as_json() for entry in answer.evidence] if answer else [],
                "confidence": answer.confidence.value if answer and answer.confidence else None,
                "facts": answer.facts.as_json() if answer and answer.facts else None,
                "mark": answer.mark if answer else None,
                "flags": [str(f) for f in _flags(detail, answer, stale)] if answer else [],
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


@click.command("show")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def assessments_show(context: Context, assessment_id: int, as_json: bool) -> None:
    """One assessment with every answer."""
    from ctcap.domain.answers import response_label
    from ctcap.storage import handling, repository
    from ctcap.storage.bundles import import_log
    from ctcap.text import shown_line

    with context.database().read() as session:
        detail = repository.get_assessment(session, assessment_id)
        imports = import_log(session, assessment_id)
        scheme, stale = handling.mark_scheme(session), handling.stale_years(session)
    data = _detail_json(detail, stale)
    data["imports"] = [vars(record) for record in imports]
    data["mark_label"] = scheme.label(detail.info.mark)
    if as_json:
        emit_json(data)
        return
    info = detail.info
    synthetic = "  [SYNTHETIC DATA]" if info.synthetic else ""
    names = f" (names {scheme.label(info.names_mark)})" if info.names_mark else ""
    echo_line(f"{scheme.label(info.mark)}{names}")
    echo_line(f"#{info.id} {info.title}{synthetic}")
    echo_line(
        f"{info.checklist_id} {info.checklist_version} · as of {info.as_of} · "
        f"{info.assessor} · {info.status} · {info.assessment_type.label}"
        + (f" · {info.origin} assessment" if info.origin else "")
    )
    for member in info.team:
        echo_line(f"Team: {member.describe()}")
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
                answer.confidence.value if answer and answer.confidence else "",
                len(answer.evidence) if answer else 0,
                ", ".join(_flags(detail, answer, stale)),
                shown_line(answer.rationale, 50) if answer else "",
            ]
        )
    emit_table(["ITEM", "ANSWER", "VERSION", "BY", "CONF", "EVID", "FLAGS", "RATIONALE"], rows)
