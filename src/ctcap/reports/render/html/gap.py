"""HTML: the gap report, with its radar, trend and assistance charts inline."""

from __future__ import annotations

from markupsafe import Markup

from ...gap_model import GapReport
from ..key_messages import key_messages
from ..text import format_percent
from . import charts
from .environment import render


def render_gap_html(report: GapReport) -> str:
    return render(
        "gap.html.j2",
        r=report,
        synthetic=report.synthetic,
        handling=report.handling,
        top=[a for a in report.assistance if a.priority > 0],
        messages=key_messages(report),
        radar_chart=_radar(report),
        trend_chart=_trend(report),
        assistance_chart=_assistance(report),
    )


def _radar(report: GapReport) -> Markup:
    axes = [charts.Axis(a.title, a.score, a.target) for a in report.areas]
    return charts.radar(axes, f"Area scores against targets, {report.country_name}")


def _trend(report: GapReport) -> Markup:
    rounds = [
        f"#{p.round.assessment_id}\n{p.round.as_of.isoformat()}"
        + ("" if p.round.status == "final" else f"\n({p.round.status})")
        for p in report.trend
    ]
    series = [charts.Series("Overall", tuple(p.overall for p in report.trend), emphasis=True)]
    series += [
        charts.Series(a.title, tuple(p.area_score(a.area_id) for p in report.trend))
        for a in report.areas
    ]
    return charts.trend_lines(
        rounds, series, report.overall_target, f"Scores over rounds, {report.country_name}"
    )


def _assistance(report: GapReport) -> Markup:
    bars = [
        charts.Bar(
            a.title,
            a.priority,
            f"{a.priority:.2f} · {format_percent(a.share)} · {a.gaps} gap(s)" if a.gaps else "—",
        )
        for a in report.assistance
    ]
    return charts.assistance_bars(bars, "Gap priority by assistance area")
