"""Markdown: plain, diff-friendly text; the TUI shows the gap report's.

One module per report (``gap``, ``history``, ``portfolio``, ``agreement``,
``self_external``); the escaping and aligned tables they use are in ``blocks``.
"""

from .agreement import render_agreement_md
from .gap import render_gap_md
from .history import render_history_md
from .portfolio import render_portfolio_md
from .self_external import render_self_external_md

__all__ = [
    "render_agreement_md",
    "render_gap_md",
    "render_history_md",
    "render_portfolio_md",
    "render_self_external_md",
]
