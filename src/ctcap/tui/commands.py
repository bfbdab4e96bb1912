"""The command palette's provider: jump to any country, or to any item of the open assessment."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import CtcapApp


class JumpProvider(Provider):
    """Built from what the app already holds: no database query while typing."""

    def _entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        app: CtcapApp = self.app  # type: ignore[assignment]
        entries: list[tuple[str, str, Callable[[], None]]] = []
        jump = getattr(self.screen, "jump_to_item", None)
        items = getattr(self.screen, "item_titles", None)
        if callable(jump) and callable(items):
            for item_id, title in items():
                entries.append((f"Item: {title}", f"Go to item {item_id}", partial(jump, item_id)))
        for summary in app.summaries:
            what = "Open the current assessment" if summary.assessed else "Start an assessment"
            entries.append(
                (
                    f"Country: {summary.name} ({summary.code})",
                    what,
                    partial(app.open_country, summary.code),
                )
            )
        return entries

    async def discover(self) -> Hits:
        app: CtcapApp = self.app  # type: ignore[assignment]
        assessed = {s.code for s in app.summaries if s.assessed}
        for title, help_text, callback in self._entries():
            if title.startswith("Item: ") or title[-4:-1] in assessed:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
