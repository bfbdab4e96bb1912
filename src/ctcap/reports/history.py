"""Progress over time: every round of a country, per checklist, compared by item id."""

from __future__ import annotations

from itertools import pairwise

from sqlalchemy.orm import Session

from .common import compare, country_assessments, trend_point, union_areas
from .model import History, HistoryTrack
from .reading import load_details


def build_history(session: Session, country: str) -> History:
    """Every assessment of ``country`` (drafts too, marked by status), grouped by checklist.

    Consecutive rounds of one checklist are compared by item id, across checklist
    versions: items added, removed or reworded between versions are named.
    """
    code, name, infos = country_assessments(session, country)
    tracks = []
    for checklist_id in sorted({i.checklist_id for i in infos}):
        mine = [i for i in infos if i.checklist_id == checklist_id]
        loaded = load_details(session, mine)
        details = [loaded[i.id] for i in mine]
        comparisons = tuple(compare(old, new)[1] for old, new in pairwise(details))
        tracks.append(
            HistoryTrack(
                checklist_id=checklist_id,
                checklist_title=details[-1].checklist.title,
                areas=union_areas([d.checklist for d in details]),
                rounds=tuple(trend_point(d) for d in details),
                comparisons=comparisons,
            )
        )
    return History(
        country_code=code,
        country_name=name,
        synthetic=any(p.round.synthetic for t in tracks for p in t.rounds),
        tracks=tuple(tracks),
    )
