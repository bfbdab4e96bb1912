"""Builder of the agreement report (after reveal); self against external is in
``self_external``."""

from __future__ import annotations

from ctcap.domain.agreement import ItemAgreement, panel_agreement
from ctcap.storage import consensus, panels, review
from ctcap.storage import handling as handling_settings
from ctcap.storage.engine import ReadSession as Session
from ctcap.storage.panel_records import ConsensusRecord, PanelView

from .agreement_model import AgreementLine, AgreementReport
from .common import handling, items_by_id, level_ref, round_ref_of, scale_info


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
    discussion = tuple(agreement.for_discussion(top))
    decided = consensus.consensus_of(session, assessment_id)
    let_out = handling_settings.release(session, None)
    return AgreementReport(
        round=view.round,
        checklist=view.checklist,
        panel=view.panel,
        agreement=agreement,
        discussion=discussion,
        consensus=decided,
        review=review.review_info(session, assessment_id),
        subject=round_ref_of(view.round, view.checklist, let_out.scheme),
        scale=scale_info(view.checklist),
        lines=_lines(view, agreement.items, discussion, decided),
        handling=handling(let_out, [view.round]),
    )


def _lines(
    view: PanelView,
    items: tuple[ItemAgreement, ...],
    discussion: tuple[ItemAgreement, ...],
    decided: dict[str, ConsensusRecord],
) -> tuple[AgreementLine, ...]:
    checklist, found = view.checklist, items_by_id(view.checklist)
    ranks = {item.item_id: n for n, item in enumerate(discussion, start=1)}
    lines = []
    for agreement in items:
        item, area = found[agreement.item_id]
        record = decided.get(item.id)
        lines.append(
            AgreementLine(
                agreement=agreement,
                title=item.title,
                area_title=area.title,
                answers=tuple(
                    (member, level_ref(item, response, checklist))
                    for member, response in agreement.answers
                ),
                consensus=None if record is None else level_ref(item, record.response, checklist),
                consensus_method=None if record is None else record.method,
                rank=ranks.get(item.id),
            )
        )
    return tuple(lines)
