"""HTML: the agreement report of a revealed panel, and self against external."""

from __future__ import annotations

from ...agreement_model import AgreementReport
from ...self_external_model import SelfExternalReport
from .environment import render


def render_agreement_html(report: AgreementReport) -> str:
    return render(
        "agreement.html.j2",
        r=report,
        synthetic=report.synthetic,
        lines=report.discussion_lines,
        handling=report.handling,
    )


def render_self_external_html(report: SelfExternalReport) -> str:
    return render(
        "self_external.html.j2", r=report, synthetic=report.synthetic, handling=report.handling
    )
