"""Markdown: plain, diff-friendly text; the TUI shows the gap report's.

One module per report (``gap``, ``history``, ``portfolio``, ``agreement``,
``self_external``); the escaping and aligned tables they use are in ``blocks``. Each
renderer is imported when first asked for, so a command renders one report without
loading the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .agreement import render_agreement_md
    from .gap import render_gap_md
    from .history import render_history_md
    from .portfolio import render_portfolio_md
    from .self_external import render_self_external_md

_MODULES = {
    "render_agreement_md": "agreement",
    "render_gap_md": "gap",
    "render_history_md": "history",
    "render_portfolio_md": "portfolio",
    "render_self_external_md": "self_external",
}

__all__ = [
    "render_agreement_md",
    "render_gap_md",
    "render_history_md",
    "render_portfolio_md",
    "render_self_external_md",
]


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
