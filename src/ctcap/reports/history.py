"""Progress over time: every round of a country, per checklist, compared by item id."""

from __future__ import annotations

from ctcap.domain.rounds import previous_rounds
from ctcap.domain.scoring import score_assessment
from ctcap.storage.engine import ReadSession
from ctcap.storage.handling import release as release_of
from ctcap.storage.reading import light_details

from .common import compare, country_assessments, handling, trend_point, union_areas
from .history_model import History, HistoryTrack
from .self_external import pairs, self_external_section


def build_history(session: ReadSession, country: str, release: str | None = None) -> History:
    """Every assessment of ``country`` (drafts too, marked by status), grouped by checklist.

    Each round is compared with its ``previous_round`` (``domain.rounds``) by item id,
    across checklist versions: items added, removed or reworded between versions are named.
    """
    let_out = release_of(session, release)
    scheme = let_out.scheme
    code, name, infos = country_assessments(session, country, let_out)
    tracks = []
    parts: list[str | None] = []
    for checklist_id in sorted({i.checklist_id for i in infos}):
        mine = [i for i in infos if i.checklist_id == checklist_id]
        # Responses and rationales: a history shows no evidence, assessors or times.
        loaded = light_details(session, mine, rationale=True, release=let_out)
        details = [loaded[i.id] for i in mine]
        parts += (a.mark for d in details for a in d.answers.values() if not a.withheld)
        # Each round is scored once: for its trend point and for every comparison it is in.
        scores = {d.info.id: score_assessment(d.checklist, d.responses) for d in details}
        previous = previous_rounds(mine)
        comparisons = tuple(
            compare(loaded[before.id], new, (scores[before.id], scores[new.info.id]), scheme)[1]
            for new in details
            if (before := previous[new.info.id]) is not None
        )
        tracks.append(
            HistoryTrack(
                checklist_id=checklist_id,
                checklist_title=details[-1].checklist.title,
                areas=union_areas([d.checklist for d in details]),
                rounds=tuple(trend_point(d, scores[d.info.id], scheme) for d in details),
                comparisons=comparisons,
                self_external=tuple(
                    self_external_section(loaded[ours.id], loaded[theirs.id])
                    for ours, theirs in pairs(mine)
                ),
            )
        )
    return History(
        country_code=code,
        country_name=name,
        synthetic=any(p.round.synthetic for t in tracks for p in t.rounds),
        tracks=tuple(tracks),
        handling=handling(let_out, infos, parts),
    )
