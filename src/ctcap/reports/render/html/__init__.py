"""HTML: single self-contained files (inline CSS and SVG, no scripts, no external links).

One module per report (``gap``, ``portfolio``, ``agreement`` with self against
external; the history has no HTML), rendered from
the Jinja2 templates in ``templates/`` through ``environment``. The SVG charts are
built in ``charts`` (gap report) and ``heatmap`` (portfolio) from the pieces in ``svg``.
"""

from .agreement import render_agreement_html, render_self_external_html
from .gap import render_gap_html
from .portfolio import render_portfolio_html

__all__ = [
    "render_agreement_html",
    "render_gap_html",
    "render_portfolio_html",
    "render_self_external_html",
]
