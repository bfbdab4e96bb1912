"""Builders of the panel reports: agreement (after reveal) and self against external."""

from __future__ import annotations

from ctcap.domain.agreement import panel_agreement
from ctcap.domain.self_external import compare_self_external
from ctcap.errors import CtcapError
from ctcap.storage import consensus, panels, reading, review
from ctcap.storage.engine import ReadSession as Session

from .agreement_model import AgreementReport, SelfExternalReport


def build_agreement_report(
    session: Session,
    assessment_id: int,
    viewer: str,
    *,
    resamples: int = 1000,
    seed: int = 1,
    top: int | None = None,
) -> AgreementReport:
    """Agreement of a revealed panel; refused before reveal (members score blind)."""
    view = panels.panel_view(session, assessment_id, viewer)
    if not view.panel.revealed:
        raise panels.PanelError(
            f"assessment {assessment_id}: the panel is not revealed yet; agreement is shown "
            f"once its lead ({view.panel.lead}) reveals (`ctcap panel reveal`)"
        )
    responses = {
        member: {
            item: answer.response for item, answer in items.items() if answer.response is not None
        }
        for member, items in view.answers.items()
    }
    agreement = panel_agreement(
        view.checklist, view.panel.names, responses, resamples=resamples, seed=seed
    )
    return AgreementReport(
        round=view.round,
        checklist=view.checklist,
        panel=view.panel,
        agreement=agreement,
        discussion=tuple(agreement.for_discussion(top)),
        consensus=consensus.consensus_of(session, assessment_id),
        review=review.review_info(session, assessment_id),
    )


def build_self_external(session: Session, self_id: int, external_id: int) -> SelfExternalReport:
    """Compare a self-assessment with an external one: same country, date and checklist."""
    if self_id == external_id:
        raise CtcapError("compare needs two different rounds (a self and an external one)")
    ours = reading.assessment_info(session, self_id)
    theirs = reading.assessment_info(session, external_id)
    if ours.country_code != theirs.country_code or ours.as_of != theirs.as_of:
        raise CtcapError(
            f"rounds {self_id} ({ours.country_code}, {ours.as_of}) and {external_id} "
            f"({theirs.country_code}, {theirs.as_of}) differ in country or date: a self and "
            "an external assessment are compared for the same country and date"
        )
    if ours.checklist_version_id != theirs.checklist_version_id:
        raise CtcapError(
            f"rounds {self_id} and {external_id} use different checklists "
            f"({ours.checklist_id} {ours.checklist_version}, {theirs.checklist_id} "
            f"{theirs.checklist_version}): compare rounds on the same checklist version"
        )
    details = reading.load_details(session, [ours, theirs])
    checklist = details[self_id].checklist
    return SelfExternalReport(
        self_round=ours,
        external_round=theirs,
        checklist=checklist,
        comparison=compare_self_external(
            checklist, details[self_id].responses, details[external_id].responses
        ),
    )
