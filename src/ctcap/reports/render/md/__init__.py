"""Markdown: plain, diff-friendly text; the TUI shows the gap report's.

One module per report (``gap``, ``history``, ``portfolio``); the escaping and aligned
tables all three use are in ``blocks``.
"""

from .gap import render_gap_md
from .history import render_history_md
from .portfolio import render_portfolio_md

__all__ = ["render_gap_md", "render_history_md", "render_portfolio_md"]
