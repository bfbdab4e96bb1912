"""What the panel screen reads, and a member's own answers for the scoring screen.

Runs on the database thread (``database.py``); every query is storage's, the
agreement is the reports package's (``ctcap panel agreement`` shows the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctcap.storage import panels, reading, repository, review

from .panel_views import PanelData

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.evidence import EvidenceEntry
    from ctcap.storage.engine import Database, ReadSession
    from ctcap.storage.panel_records import MemberAnswer
    from ctcap.storage.records import AnswerRecord, AssessmentDetail


def load_panel(db: Database, assessment_id: int, viewer: str) -> PanelData:
    """The round's panel and review; its agreement only once the lead has revealed."""
    from ctcap.reports.agreement import build_agreement_report

    with db.read() as session:
        info = reading.assessment_info(session, assessment_id)
        checklist = repository.checklist_snapshot(session, info.checklist_version_id)
        panel = panels.panel_info(session, assessment_id) if panels.has_panel(
            session, assessment_id
        ) else None  # fmt: skip
        agreement = None
        if panel is not None and panel.revealed:
            agreement = build_agreement_report(session, assessment_id, viewer)
        return PanelData(
            info=info,
            checklist_title=checklist.title,
            items=len(checklist.items()),
            viewer=viewer,
            panel=panel,
            review=review.review_info(session, assessment_id),
            agreement=agreement,
        )


def answer_record(answer: MemberAnswer) -> AnswerRecord:
    """A member's own answer as the scoring screen holds answers."""
    from ctcap.storage.records import AnswerRecord

    return AnswerRecord(
        item_id=answer.item_id,
        response=answer.response,
        rationale=answer.rationale,
        evidence=answer.evidence,
        assessor=answer.member,
        updated_at=answer.updated_at,
        version=answer.version,
    )


def members_view(session: ReadSession, detail: AssessmentDetail, viewer: str) -> AssessmentDetail:
    """A panel round as ``viewer`` scores it before reveal: their own answers only."""
    from ctcap.storage.records import AssessmentDetail

    view = panels.panel_view(session, detail.info.id, viewer)
    mine = view.answers.get(viewer, {})
    return AssessmentDetail(
        info=detail.info,
        checklist=detail.checklist,
        answers={item: answer_record(answer) for item, answer in mine.items()},
    )


def record_member_answer(
    session: ReadSession,
    assessment_id: int,
    item_id: str,
    response: Response | None,
    *,
    actor: str,
    rationale: str | None,
    evidence: list[EvidenceEntry] | None,
    expected_version: int | None,
    confidence: object = None,
) -> AnswerRecord:
    """The scoring screen's write for a panel member: their own blind answer. Confidence
    belongs to the panel's consensus answer, not to a member's, so it is not kept here."""
    del confidence
    answer = panels.record_member_answer(
        session, assessment_id, actor, item_id, response, rationale=rationale,
        evidence=evidence, expected_version=expected_version,
    )  # fmt: skip
    return answer_record(answer)


def member_record(current: object) -> object:
    """A conflict's stored answer as the screen holds answers (a member's, converted)."""
    from ctcap.storage.panel_records import MemberAnswer

    return answer_record(current) if isinstance(current, MemberAnswer) else current
