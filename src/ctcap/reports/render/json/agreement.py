"""JSON: the agreement report and self against external (``JSON.md``, kinds
``panel-agreement`` and ``self-external``), in the reports' conventions."""

from __future__ import annotations

from ctcap.domain.alpha import AlphaEstimate
from ctcap.domain.answers import Response

from ...agreement_model import AgreementLine, AgreementReport
from ...self_external_model import SelfExternalReport
from . import Json, _head, dump, level_json, ratio, round_json, scale_json
from .self_external import self_external_json


def response_json(response: Response | None) -> int | str | None:
    """A stored answer as JSON: the level, "na", "unknown", or null (unanswered)."""
    if response is None:
        return None
    return str(response) if isinstance(response, str) else int(response)


def alpha_json(estimate: AlphaEstimate) -> Json:
    def rounded(value: float | None) -> float | None:
        return None if value is None else ratio(value)

    return {
        "alpha": rounded(estimate.value),
        "interval": [rounded(estimate.low), rounded(estimate.high)],
        "level": estimate.level,
        "units": estimate.units,
        "pairable_values": estimate.pairable,
        "resamples": estimate.resamples,
        "seed": estimate.seed,
    }


def agreement_to_json(report: AgreementReport) -> Json:
    panel, review, agreement = report.panel, report.review, report.agreement
    return {
        **_head("panel-agreement", report.synthetic, report.handling),
        "country": {"code": report.round.country_code, "name": report.round.country_name},
        "assessment": round_json(report.subject),
        "scale": scale_json(report.scale),
        "panel": {
            "lead": panel.lead,
            "members": list(panel.names),
            "revealed_by": panel.revealed_by,
        },
        "review": {
            "state": review.state,
            "required": review.required,
            "submitted_by": review.submitted_by,
            "approved_by": review.approved_by,
            "note": review.note,
        },
        "metric": "ordinal",
        "overall": alpha_json(agreement.overall),
        "areas": [
            {
                "area": a.area_id,
                "title": a.title,
                "items": a.items,
                "within_one": a.within_one,
                "unanimous": a.unanimous,
                **alpha_json(a.alpha),
            }
            for a in agreement.areas
        ],
        "items": [_line(line) for line in report.lines],
        "discussion": [i.item_id for i in report.discussion],
        "adoptable": [i.item_id for i in report.adoptable],
    }


def _line(line: AgreementLine) -> Json:
    a = line.agreement
    return {
        "item": a.item_id,
        "title": line.title,
        "area": a.area_id,
        "answers": {member: response_json(response) for member, response in a.answers},
        "spread": a.spread,
        "within_one": a.within_one,
        "unanimous": a.unanimous,
        "mixed_special": a.mixed_special,
        "unanswered": a.unanswered,
        "rank": line.rank,
        "consensus": level_json(line.consensus),
        "consensus_method": line.consensus_method,
    }


def render_agreement_json(report: AgreementReport) -> str:
    return dump(agreement_to_json(report))


def self_external_to_json(report: SelfExternalReport) -> Json:
    return {
        **_head("self-external", report.synthetic, report.handling),
        "country": {"code": report.country_code, "name": report.country_name},
        **self_external_json(report.section),
    }


def render_self_external_json(report: SelfExternalReport) -> str:
    return dump(self_external_to_json(report))
