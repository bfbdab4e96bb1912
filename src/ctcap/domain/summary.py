"""A final round's scores in a few numbers: what the portfolio shows of it.

Final assessments are read-only, so their scores cannot change until they are reopened;
storage keeps this summary beside each final round so that a portfolio of thousands of
rounds reads numbers instead of scoring every answer again. ``RULES`` names the scoring
rules a summary was made with: bump it whenever scoring, gaps or their ranking change,
and stored summaries of older rules are ignored (and recomputed) rather than trusted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .gaps import gaps
from .model import AssistanceArea, Checklist
from .scoring import Responses, score_assessment

RULES = 1


@dataclass(frozen=True)
class AreaSummary:
    area_id: str
    score: float | None
    target: float
    capped_by: tuple[str, ...]


@dataclass(frozen=True)
class GapSummary:
    item_id: str
    assistance_area: AssistanceArea
    priority: float
    fundamental: bool


@dataclass(frozen=True)
class RoundSummary:
    overall: float | None
    target: float
    completion: float
    areas: tuple[AreaSummary, ...]
    gaps: tuple[GapSummary, ...]  # ranked as ``gaps.gaps`` ranks them

    def area(self, area_id: str) -> AreaSummary | None:
        return next((a for a in self.areas if a.area_id == area_id), None)


def summarise(checklist: Checklist, responses: Responses) -> RoundSummary:
    score = score_assessment(checklist, responses)
    return RoundSummary(
        overall=score.overall,
        target=score.target,
        completion=score.completion,
        areas=tuple(AreaSummary(a.area_id, a.score, a.target, a.capped_by) for a in score.areas),
        gaps=tuple(
            GapSummary(g.item_id, g.assistance_area, g.priority, g.fundamental)
            for g in gaps(checklist, responses)
        ),
    )


def summary_to_json(summary: RoundSummary) -> str:
    """Compact JSON; floats keep every digit (``repr``), so a round trip is exact."""
    return json.dumps(
        {
            "overall": summary.overall,
            "target": summary.target,
            "completion": summary.completion,
            "areas": [[a.area_id, a.score, a.target, list(a.capped_by)] for a in summary.areas],
            "gaps": [
                [g.item_id, g.assistance_area.value, g.priority, g.fundamental]
                for g in summary.gaps
            ],
        },
        separators=(",", ":"),
    )


def summary_from_json(text: str) -> RoundSummary:
    data = json.loads(text)
    return RoundSummary(
        overall=data["overall"],
        target=data["target"],
        completion=data["completion"],
        areas=tuple(AreaSummary(a, s, t, tuple(c)) for a, s, t, c in data["areas"]),
        gaps=tuple(GapSummary(i, AssistanceArea(area), p, f) for i, area, p, f in data["gaps"]),
    )
