"""A country's rounds of one checklist as an OSCAL assessment-results document.

The rounds are those of the gap report's trend: the reported round (or the one asked
for) and the final rounds of its checklist before it, oldest first, one ``result`` each.
Every number and status comes from ``build_gap_report`` (the domain's scoring and gap
rules); storage gives only what a report leaves out: the assessment's uid (for stable
UUIDs) and the times answers were recorded (for ``collected``).

In each result every answered item has an observation (its rationale, evidence, level and
score). Every item answered with a level or "no information" also has a finding against
its target level: ``satisfied`` when it has no gap, ``not-satisfied`` when it has one.
Not applicable and unanswered items have no finding: OSCAL's two states would both be
untrue of them. They are counted in the result's remarks.
"""

from __future__ import annotations

from ctcap.domain.model import Checklist
from ctcap.reports.gap import build_gap_report
from ctcap.reports.gap_model import GapReport, ItemRow
from ctcap.reports.render.text import SYNTHETIC_MARK, SYNTHETIC_NOTICE, format_score
from ctcap.storage import repository
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.records import AnswerRecord, AssessmentDetail

from . import OSCAL_VERSION, stable_uuid
from .catalog_out import catalog_uuid, control_id, flag, prop, statement_id
from .model import (
    AssessmentResults,
    AssessmentResultsDocument,
    BackMatter,
    ControlSelection,
    Finding,
    FindingTarget,
    ImportAp,
    Link,
    Metadata,
    Observation,
    Prop,
    RelatedObservation,
    RelevantEvidence,
    Resource,
    Result,
    ReviewedControls,
    SelectControl,
    TargetStatus,
    nonempty,
)
from .text import number, timestamp, to_markup, to_token

CATALOG_REL = "catalog"


def _answer_marks(row: ItemRow, record: AnswerRecord, round_mark: str) -> list[Prop]:
    """The answer's confidence (when recorded) and the handling mark that covers its
    rationale and evidence (its own, else the round's), and any weak-ground flags."""
    props = []
    if row.confidence is not None:
        props.append(prop("confidence", row.confidence))
    props.append(prop("handling", record.mark or round_mark))
    props += [prop("evidence-flag", to_token(flag_)) for flag_ in row.flags]
    return props


# How a kind of evidence was gathered, in OSCAL's observation methods.
_METHODS = {"interview": "INTERVIEW"}


def _methods(row: ItemRow) -> list[str]:
    """INTERVIEW for interviews, EXAMINE for the rest (documents, what a visit observed);
    UNKNOWN when no evidence is typed."""
    found = {
        _METHODS.get(line.source_type, "EXAMINE")
        for line in row.evidence_lines
        if line.source_type != "unknown"
    }
    return sorted(found) or ["UNKNOWN"]


def _evidence(row: ItemRow) -> list[RelevantEvidence]:
    evidence = []
    for line in row.evidence_lines:
        props = [prop("source-type", line.source_type)]
        if line.date:
            props.append(prop("evidence-date", line.date))
        if line.grade:
            props.append(prop("reliability", line.grade))
        if line.sha256:
            props.append(prop("sha256", line.sha256))
        if line.stale:
            props.append(prop("stale", "true"))
        evidence.append(
            RelevantEvidence(href=line.link, description=to_markup(line.ref), props=props)
        )
    return evidence


def _plan_uuid(checklist: Checklist) -> str:
    return stable_uuid("assessment-plan", catalog_uuid(checklist))


def _plan_resource(checklist: Checklist) -> Resource:
    """Stands for the assessment plan: ctcap's plan is the checklist, as an OSCAL catalog."""
    # Markdown of our own: ids and versions are of characters Markdown leaves alone.
    text = (
        "ctcap keeps no separate OSCAL assessment plan: the plan is the checklist "
        f"{checklist.id!r} version {checklist.version}, written as an OSCAL catalog by "
        f"`ctcap checklists export --format oscal {checklist.id}`."
    )
    return Resource(
        uuid=_plan_uuid(checklist),
        title=to_markup(f"Checklist {checklist.title}, version {checklist.version}"),
        description=text,
        props=[
            prop("checklist-id", checklist.id),
            prop("checklist-version", checklist.version),
            prop("catalog-uuid", catalog_uuid(checklist)),
        ],
    )


def _observation(row: ItemRow, record: AnswerRecord, uid: str, round_mark: str) -> Observation:
    props = [
        prop("item", control_id(row.item_id)),
        prop("level", row.answer.response),
        prop("target", str(row.target.value)),
    ]
    if row.score is not None:
        props.append(prop("score", number(row.score)))
    props += _answer_marks(row, record, round_mark)
    rationale = row.rationale or "No rationale was recorded with this answer."
    recorded = f" Recorded by {row.assessor}." if row.assessor else ""
    if row.withheld:
        rationale = f"Rationale and evidence withheld: marked above {row.withheld}."
        recorded = ""
    return Observation(
        uuid=stable_uuid("observation", uid, row.item_id),
        title=to_markup(row.title),
        description=to_markup(rationale),
        props=props,
        methods=_methods(row),  # from how its evidence was gathered; UNKNOWN when untyped
        types=["control-objective"],
        relevant_evidence=nonempty(_evidence(row)),
        collected=timestamp(record.updated_at),
        remarks=to_markup(f"Answer: {row.answer.label}.{recorded}"),
    )


def _finding(row: ItemRow, uid: str) -> Finding:
    satisfied = row.rank is None
    if row.answer.response == "unknown":
        status = TargetStatus(
            state="not-satisfied",
            reason="other",
            remarks="No information: counted at the lowest level, below the target.",
        )
    else:
        status = TargetStatus(
            state="satisfied" if satisfied else "not-satisfied",
            reason="pass" if satisfied else "fail",
        )
    text = f"{row.answer.label} against a target of {row.target.label}"
    props = [prop("gap-steps", str(row.gap_steps))]
    if row.rank is not None:
        text += f": a gap of {row.gap_steps} step(s), ranked {row.rank}"
        props += [prop("rank", str(row.rank)), prop("priority", number(row.priority))]
    return Finding(
        uuid=stable_uuid("finding", uid, row.item_id),
        title=to_markup(row.title),
        description=to_markup(text + "."),
        props=props,
        target=FindingTarget(
            type="statement-id", target_id=statement_id(row.item_id), status=status
        ),
        related_observations=[
            RelatedObservation(observation_uuid=stable_uuid("observation", uid, row.item_id))
        ],
    )


def _result_props(report: GapReport, detail: AssessmentDetail) -> list[Prop]:
    info = detail.info
    props = [
        prop("assessment-uid", info.uid),
        prop("as-of", info.as_of.isoformat()),
        prop("status", info.status),
        prop("checklist-id", detail.checklist.id),
        prop("checklist-version", detail.checklist.version),
        prop("synthetic", flag(report.subject.synthetic)),
        prop("overall-target", number(report.overall_target)),
        prop("completion", number(report.completion)),
        prop("handling", report.subject.mark),
        prop("assessment-type", report.subject.assessment_type),
    ]
    if report.overall is not None:
        props.append(prop("overall-score", number(report.overall)))
    props += [
        prop("area-score", number(area.score), class_=to_token(area.area_id))
        for area in report.areas
        if area.score is not None
    ]
    return props


def _result(report: GapReport, detail: AssessmentDetail) -> Result:
    info, uid = detail.info, detail.info.uid
    answered = [row for row in report.items if row.answer.response]
    scored = [row for row in answered if row.answer.response != "na"]
    subject = report.subject
    by = f", assessed by {subject.assessor}" if subject.assessor else ""
    team = "; ".join(member.text for member in subject.team)
    description = (
        f"{subject.status.capitalize()} round of {report.country_name} ({report.country_code}) "
        f"against {subject.checklist_title} version {subject.checklist_version}, as of "
        f"{subject.as_of.isoformat()}{by} ({subject.type_label}"
        + (f"; team: {team}" if team else "")
        + "). Overall score "
        f"{format_score(report.overall)} of 100 (target {format_score(report.overall_target)}); "
        f"{report.answered} of {report.applicable} applicable items answered."
    )
    left_out = len(report.items) - len(scored)
    remarks = (
        f"{left_out} item(s) not applicable or unanswered have no finding." if left_out else None
    )
    return Result(
        uuid=stable_uuid("result", uid),
        title=to_markup(info.title),
        description=to_markup(description),
        start=timestamp(info.created_at),
        end=timestamp(info.updated_at) if info.is_final else None,
        props=_result_props(report, detail),
        links=[Link(href=f"#{_plan_uuid(detail.checklist)}", rel=CATALOG_REL)],
        reviewed_controls=ReviewedControls(
            control_selections=[
                ControlSelection(
                    include_controls=[
                        SelectControl(control_id=control_id(item.id))
                        for item in detail.checklist.items()
                    ]
                )
            ]
        ),
        observations=nonempty(
            [
                _observation(row, detail.answers[row.item_id], uid, report.subject.mark)
                for row in answered
            ]
        ),
        findings=nonempty([_finding(row, uid) for row in scored]),
        remarks=to_markup(remarks) if remarks else None,
    )


def _rounds(
    session: Session, report: GapReport, release: str | None
) -> list[tuple[GapReport, AssessmentDetail]]:
    """The trend's rounds, oldest first, each with its own gap report and stored record (of
    which only times and marks are written: texts come from the released report)."""
    rounds = []
    for point in report.trend:
        round_id = point.round.assessment_id
        own = (
            report
            if round_id == report.subject.assessment_id
            else build_gap_report(session, report.country_code, round_id, release=release)
        )
        rounds.append((own, repository.get_assessment(session, round_id)))
    return rounds


def build_assessment_results(
    session: Session,
    country: str,
    assessment_id: int | None = None,
    *,
    checklist_id: str | None = None,
    release: str | None = None,
) -> AssessmentResultsDocument:
    """The assessment results of ``country``'s reported round (or ``assessment_id``);
    ``release`` leaves out what is marked above it, as the gap report does."""
    report = build_gap_report(
        session, country, assessment_id, checklist_id=checklist_id, release=release
    )
    rounds = _rounds(session, report, release)
    subject = rounds[-1][1]
    last_modified = timestamp(max(detail.info.updated_at for _, detail in rounds))
    synthetic = any(own.synthetic for own, _ in rounds)
    plans = {_plan_uuid(d.checklist): _plan_resource(d.checklist) for _, d in rounds}
    marks = [own.handling for own, _ in rounds]
    strictest = max(marks, key=lambda h: h.levels.index(h.mark))
    props = [
        prop("country", report.country_code),
        prop("checklist-id", subject.checklist.id),
        prop("synthetic", flag(synthetic)),
        prop("handling", strictest.mark),
    ]
    if strictest.release is not None:
        props.append(prop("release", strictest.release))
    metadata = Metadata(
        title=to_markup(
            f"{strictest.label} Assessment results: {report.country_name} "
            f"({report.country_code}), {report.subject.checklist_title}"
        ),
        last_modified=last_modified,
        version=last_modified,  # the state of the data it was written from
        oscal_version=OSCAL_VERSION,
        props=props,
        remarks=to_markup(
            f"Handling: {strictest.banner}."
            + (f" {SYNTHETIC_MARK}: {SYNTHETIC_NOTICE}" if synthetic else "")
        ),
    )
    return AssessmentResultsDocument(
        assessment_results=AssessmentResults(
            uuid=stable_uuid("assessment-results", subject.info.uid, last_modified),
            metadata=metadata,
            import_ap=ImportAp(href=f"#{_plan_uuid(subject.checklist)}"),
            results=[_result(own, detail) for own, detail in rounds],
            back_matter=BackMatter(resources=list(plans.values())),
        )
    )


def marked_synthetic(document: AssessmentResultsDocument) -> bool:
    """Whether the document holds synthetic (demonstration) data."""
    props = document.assessment_results.metadata.props or []
    return any(p.name == "synthetic" and p.value == "true" for p in props)
