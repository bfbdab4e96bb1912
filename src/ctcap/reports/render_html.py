"""HTML: single self-contained files (inline CSS and SVG, no scripts, no external links).

Templates live in ``templates/`` and are rendered with autoescaping on: rationales
and evidence are user input, and whatever markup they contain appears as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import charts, heatmap
from .gap_model import GapReport
from .messages import key_messages
from .model import SYNTHETIC_NOTICE, format_change, format_percent, format_score, trend_arrow
from .portfolio_model import Portfolio
from .svg import text_colour

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        score=format_score,
        change=format_change,
        percent=format_percent,
        arrow=trend_arrow,
        ink=text_colour,
    )
    return env


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(notice=SYNTHETIC_NOTICE, **context)


def render_gap_html(report: GapReport) -> str:
    axes = [charts.Axis(a.title, a.score, a.target) for a in report.areas]
    radar = charts.radar(axes, f"Area scores against targets, {report.country_name}")
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
    trend = charts.trend_lines(
        rounds, series, report.overall_target, f"Scores over rounds, {report.country_name}"
    )
    bars = [
        charts.Bar(
            a.title,
            a.priority,
            f"{a.priority:.2f} · {format_percent(a.share)} · {a.gaps} gap(s)" if a.gaps else "—",
        )
        for a in report.assistance
    ]
    assistance = charts.assistance_bars(bars, "Gap priority by assistance area")
    return _render(
        "gap.html.j2",
        r=report,
        synthetic=report.synthetic,
        top=[a for a in report.assistance if a.priority > 0],
        messages=key_messages(report),
        radar_chart=radar,
        trend_chart=trend,
        assistance_chart=assistance,
    )


def render_portfolio_html(portfolio: Portfolio) -> str:
    sections = []
    for section in portfolio.sections:
        rows = [
            (
                f"{row.country_name} ({row.country_code})",
                [heatmap.HeatCell(c.score, c.change, c.capped) for c in row.cells],
            )
            for row in section.rows
        ]
        heat = heatmap.heatmap(
            rows, [a.title for a in section.areas], section.scale, section.checklist_title
        )
        sections.append({"section": section, "heatmap": heat})
    return _render(
        "portfolio.html.j2", p=portfolio, synthetic=portfolio.synthetic, sections=sections
    )
