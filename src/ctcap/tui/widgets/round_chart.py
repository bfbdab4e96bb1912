"""Area scores per round as horizontal bars: one block per area, one bar per round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from ctcap.text import shown_line

from .glyphs import score_text

if TYPE_CHECKING:
    from ctcap.reports.history_model import HistoryTrack
    from ctcap.reports.model import TrendPoint

LABEL_WIDTH = 11


def bar_colour(score: float) -> str:
    if score < 40:
        return "#d73027"
    if score < 60:
        return "#fc8d59"
    if score < 80:
        return "#91cf60"
    return "#1a9850"


class RoundChart(Widget):
    DEFAULT_CSS = """
    RoundChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.track: HistoryTrack | None = None

    @property
    def rounds(self) -> tuple[TrendPoint, ...]:
        return self.track.rounds if self.track is not None else ()

    def set_track(self, track: HistoryTrack) -> None:
        self.track = track
        self.refresh(layout=True)

    def _series(self) -> list[tuple[str, list[float | None]]]:
        if self.track is None or not self.rounds:
            return []
        series: list[tuple[str, list[float | None]]] = [
            ("Overall", [p.overall for p in self.rounds])
        ]
        for area in self.track.areas:
            series.append((area.title, [p.area_score(area.area_id) for p in self.rounds]))
        return series

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self._series()) * (len(self.rounds) + 1))

    def render(self) -> Text:
        if not self.rounds:
            return Text("No rounds yet.", style="dim")
        width = max(10, self.size.width - LABEL_WIDTH - 6)
        text = Text()
        for title, values in self._series():
            text.append(shown_line(title) + "\n", style="bold")
            for point, value in zip(self.rounds, values, strict=True):
                text.append(f"{point.round.as_of.isoformat():<{LABEL_WIDTH}}", style="dim")
                if value is None:
                    text.append("·".ljust(width) + "    —\n", style="dim")
                    continue
                filled = round(value / 100 * width)
                text.append("█" * filled, style=bar_colour(value))
                text.append("░" * (width - filled), style="dim")
                text.append(f" {score_text(value):>4}\n")
        text.rstrip()
        return text
