"""HTML: the portfolio, a heatmap and a table per checklist."""

from __future__ import annotations

from ...portfolio_model import Portfolio
from . import heatmap
from .environment import render


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
    return render(
        "portfolio.html.j2",
        p=portfolio,
        synthetic=portfolio.synthetic,
        sections=sections,
        handling=portfolio.handling,
    )
