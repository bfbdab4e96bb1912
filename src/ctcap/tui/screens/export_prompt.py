"""The one way a screen exports its report: ask for a file name (its extension says the
format), then hand the write to the database client, which answers ``FileExported``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..services import Services

FORMATS_HINT = "(.md .html .json .csv .xlsx)"


def ask_to_export(
    screen: Screen[None],
    services: Services,
    what: str,
    file_name: str,
    render: Callable[[str], str | bytes],
) -> None:
    """Prompt "Export ``what`` to …" with ``file_name`` filled in; export on OK."""
    from .prompt import PromptScreen

    def chosen(path: str | None) -> None:
        if path:
            services.database.export_report(screen, path, render)

    prompt = PromptScreen(
        f"Export {what} to {FORMATS_HINT}:",
        file_name,
        ok="Export",
        cursor_blink=services.cursor_blink,
    )
    screen.app.push_screen(prompt, chosen)
