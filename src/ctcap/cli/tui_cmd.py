"""``ctcap`` with no command: the TUI once it is installed, else the checklist list."""

from __future__ import annotations

from .context import Context


def open_app(context: Context) -> None:
    try:
        from ctcap.tui.app import run_app
    except ImportError:
        from .checklists_cmd import print_checklists

        print_checklists(as_json=False)
        return
    run_app(context.db_url)
