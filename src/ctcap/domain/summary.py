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
from typing import NamedTuple

from .gaps import Gap, assistance_totals, gaps
from .model import AssistanceArea, Checklist
from .scoring import Responses, score_assessment

RULES = 1


# Named tuples, not dataclasses: a portfolio reads some 50,000 of them per report.
class AreaSummary(NamedTuple):
    area_id: str
    score: float | None
    target: float
    capped_by: tuple[str, ...]


class AssistanceSummary(NamedTuple):
    """One of the nine assistance areas, as ``gaps.assistance_totals`` ranks them."""

    area: AssistanceArea
    priority: float
    gaps: int
    fundamental_gaps: int
    items: tuple[str, ...]  # its gaps' item ids, in gap rank order


_AREAS = {area.value: area for area in AssistanceArea}


@dataclass(frozen=True)
class RoundSummary:
    overall: float | None
    target: float
    completion: float
    areas: tuple[AreaSummary, ...]
    gaps: int
    fundamental_gaps: int
    assistance: tuple[AssistanceSummary, ...]  # all nine, largest first

    def area(self, area_id: str) -> AreaSummary | None:
        return next((a for a in self.areas if a.area_id == area_id), None)


def assistance_summary(found: list[Gap]) -> tuple[AssistanceSummary, ...]:
    """The nine areas' totals of ranked gaps, largest first, each with its gaps' items."""
    items: dict[AssistanceArea, list[str]] = {}
    for gap in found:  # grouped once, in ranking order
        items.setdefault(gap.assistance_area, []).append(gap.item_id)
    return tuple(
        AssistanceSummary(
            t.area, t.priority, t.gaps, t.fundamental_gaps, tuple(items.get(t.area, ()))
        )
        for t in assistance_totals(found)
    )


def summarise(checklist: Checklist, responses: Responses) -> RoundSummary:
    score = score_assessment(checklist, responses)
    found = gaps(checklist, responses)
    return RoundSummary(
        overall=score.overall,
        target=score.target,
        completion=score.completion,
        areas=tuple(AreaSummary(a.area_id, a.score, a.target, a.capped_by) for a in score.areas),
        gaps=len(found),
        fundamental_gaps=sum(1 for g in found if g.fundamental),
        assistance=assistance_summary(found),
    )


def summary_to_json(summary: RoundSummary) -> str:
    """Compact JSON; floats keep every digit (``repr``), so a round trip is exact."""
    return json.dumps(
        {
            "overall": summary.overall,
            "target": summary.target,
            "completion": summary.completion,
            "areas": [[a.area_id, a.score, a.target, list(a.capped_by)] for a in summary.areas],
            "gaps": [summary.gaps, summary.fundamental_gaps],
            "assistance": [
                [a.area.value, a.priority, a.gaps, a.fundamental_gaps, list(a.items)]
                for a in summary.assistance
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
        areas=tuple([AreaSummary(a, s, t, tuple(c)) for a, s, t, c in data["areas"]]),
        gaps=data["gaps"][0],
        fundamental_gaps=data["gaps"][1],
        assistance=tuple(
            [
                AssistanceSummary(_AREAS[a], p, g, f, tuple(i))
                for a, p, g, f, i in data["assistance"]
            ]
        ),
    )


def assistance_gaps_from_json(text: str) -> list[AssistanceSummary]:
    """The assistance areas with gaps in a stored summary: what need against assistance
    reads (areas without a gap are skipped unbuilt)."""
    totals = json.loads(text)["assistance"]
    return [AssistanceSummary(_AREAS[a], p, g, f, tuple(i)) for a, p, g, f, i in totals if g]
