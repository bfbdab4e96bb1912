"""Transitional: ``tui/workers.py`` imports ``render_gap_md`` from here.

The renderers live in ``render/`` now; once the TUI renders through
``formats.render_gap(report, "md")`` (or imports ``render.md``), delete this module.
"""

from .render.md import render_gap_md

__all__ = ["render_gap_md"]
