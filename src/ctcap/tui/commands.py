"""The command palette's provider: jump to any country, or to any item of the open assessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from ctcap.text import shown_line

if TYPE_CHECKING:
    from .services import Services


@dataclass(frozen=True)
class Jump:
    title: str  # as shown: guarded (checklist titles and country names are not ours)
    help: str
    go: Callable[[], None]
    discovered: bool  # listed before anything is typed: items, and assessed countries


class JumpProvider(Provider):
    """Built from what the app already holds: no database query while typing."""

    def _jumps(self) -> list[Jump]:
        # Textual makes providers itself, so this one cannot be given the services.
        services = cast("Services", self.app)
        jumps: list[Jump] = []
        jump = getattr(self.screen, "jump_to_item", None)
        items = getattr(self.screen, "item_titles", None)
        if callable(jump) and callable(items):
            for item_id, title in items():
                shown, hint = shown_line(f"Item: {title}"), f"Go to item {shown_line(item_id)}"
                jumps.append(Jump(shown, hint, partial(jump, item_id), True))
        for summary in services.summaries:
            what = "Open the current assessment" if summary.assessed else "Start an assessment"
            title = shown_line(f"Country: {summary.name} ({summary.code})")
            go = partial(services.open_country, summary.code)
            jumps.append(Jump(title, what, go, summary.assessed))
        return jumps

    async def discover(self) -> Hits:
        for jump in self._jumps():
            if jump.discovered:
                yield DiscoveryHit(
                    Content(jump.title), jump.go, text=jump.title, help=escape(jump.help)
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for jump in self._jumps():
            score = matcher.match(jump.title)
            if score > 0:
                shown = _highlight(matcher, jump.title)
                yield Hit(score, shown, jump.go, text=jump.title, help=escape(jump.help))


def _highlight(matcher: Matcher, title: str) -> Content:
    """As ``Matcher.highlight``, which would parse the title as markup."""
    content = Content(title)
    offsets = matcher.fuzzy_search.match(matcher.query, title)[1]
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
