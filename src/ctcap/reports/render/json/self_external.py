"""JSON: the self-against-external section, for ``ctcap compare``, the history and the
gap report. Imported by ``json/__init__`` when a report has such a section."""

from __future__ import annotations

from ...self_external_model import SelfExternalSection
from . import Json, level_json, ratio, round_json, score


def self_external_json(section: SelfExternalSection) -> Json:
    return {
        "self": round_json(section.self_round),
        "external": round_json(section.external_round),
        "difference": "external − self",
        "overall": {
            "self": score(section.self_overall),
            "external": score(section.external_overall),
            "points": score(section.overall_points),
        },
        "mean_steps": None if section.mean_steps is None else ratio(section.mean_steps),
        "mean_points": score(section.mean_points),
        "compared": section.compared,
        "lower": section.lower,
        "higher": section.higher,
        "areas": [
            {
                "area": a.area_id,
                "title": a.title,
                "self": score(a.self_score),
                "external": score(a.external_score),
                "points": score(a.points),
            }
            for a in section.areas
        ],
        "items": [
            {
                "item": i.item_id,
                "title": i.title,
                "area": i.area_id,
                "self": level_json(i.self_level),
                "external": level_json(i.external_level),
                "steps": i.steps,
                "points": score(i.points),
            }
            for i in section.items
        ],
    }
