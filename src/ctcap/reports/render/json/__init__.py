"""JSON: the report models as documented, versioned JSON (see ``JSON.md`` in ``render/``).

The gap report and history are here, the portfolio in ``portfolio``, the panel reports
in ``agreement``, the assistance reports in ``assistance``.

Output is deterministic: keys in a fixed order, scores rounded to 2 decimals and
priorities and shares to 4, dates as ``YYYY-MM-DD``, no timestamps and no uids.
"""

from __future__ import annotations

import json
from typing import Any

from ...gap_model import AreaLine, GapEntry, GapReport, ItemNote, ItemRow
from ...history_model import History, RoundComparisonLine
from ...model import (
    AreaName,
    AssistanceLine,
    ChecklistChanges,
    EvidenceLine,
    Handling,
    ItemChangeLine,
    ItemName,
    LevelRef,
    RoundRef,
    ScaleInfo,
    TrendPoint,
)
from ...self_external_model import SelfExternalSection
from ..text import SYNTHETIC_MARK, cap_reason, trend_arrow

SCHEMA_VERSION = 2  # 2: handling marks, type and team, typed evidence, confidence, flags

Json = dict[str, Any]


def score(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def ratio(value: float) -> float:
    return round(value, 4)


def dump(value: Json) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _head(kind: str, synthetic: bool, handling: Handling) -> Json:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "handling": handling_json(handling),
        "marking": SYNTHETIC_MARK if synthetic else None,
        "synthetic": synthetic,
    }


def handling_json(handling: Handling) -> Json:
    return {
        "mark": handling.mark,
        "label": handling.label,
        "levels": list(handling.levels),
        "release": handling.release,
    }


def _evidence(lines: tuple[EvidenceLine, ...]) -> list[Json]:
    return [
        {
            "ref": e.ref,
            "type": e.source_type,
            "date": e.date,
            "grade": e.grade,
            "grade_label": e.grade_label,
            "link": e.link,
            "sha256": e.sha256,
            "stale": e.stale,
        }
        for e in lines
    ]


def round_json(ref: RoundRef) -> Json:
    return {
        "id": ref.assessment_id,
        "title": ref.title,
        "as_of": ref.as_of.isoformat(),
        "status": ref.status,
        "assessor": ref.assessor,
        "checklist": ref.checklist_id,
        "checklist_title": ref.checklist_title,
        "checklist_version": ref.checklist_version,
        "synthetic": ref.synthetic,
        "assessment_type": ref.assessment_type,
        "team": [
            {"name": m.name, "organisation": m.organisation, "role": m.role} for m in ref.team
        ],
        "mark": ref.mark,
        "names_withheld": ref.names_withheld,
    }


def scale_json(scale: ScaleInfo) -> Json:
    return {
        "id": scale.id,
        "title": scale.title,
        "levels": [
            {
                "value": lv.value,
                "label": lv.label,
                "description": lv.description,
                "colour": lv.colour,
            }
            for lv in scale.levels
        ],
    }


def level_json(ref: LevelRef | None) -> Json | None:
    if ref is None:
        return None
    return {
        "response": ref.response,
        "value": ref.value,
        "label": ref.label,
        "descriptor": ref.descriptor,
    }


def _name(name: ItemName) -> Json:
    return {"item": name.item_id, "title": name.title, "area": name.area_title}


def _changes(changes: ChecklistChanges | None) -> Json | None:
    if changes is None:
        return None
    return {
        "from_version": changes.from_version,
        "to_version": changes.to_version,
        "added": [_name(n) for n in changes.added],
        "removed": [_name(n) for n in changes.removed],
        "reworded": [_name(n) for n in changes.reworded],
    }


def _change_line(line: ItemChangeLine) -> Json:
    return {
        "item": line.item_id,
        "title": line.title,
        "area": line.area_title,
        "fundamental": line.fundamental,
        "before": level_json(line.before),
        "after": level_json(line.after),
        "rationale": line.rationale,
    }


def _note(note: ItemNote) -> Json:
    return {
        "item": note.item_id,
        "title": note.title,
        "area": note.area_title,
        "fundamental": note.fundamental,
        "assistance_area": note.assistance_title,
        "rationale": note.rationale,
    }


def _assistance(line: AssistanceLine) -> Json:
    return {
        "area": line.area,
        "title": line.title,
        "priority": ratio(line.priority),
        "share": ratio(line.share),
        "gaps": line.gaps,
        "fundamental_gaps": line.fundamental_gaps,
        "items": list(line.items),
    }


def _trend(point: TrendPoint) -> Json:
    return {
        "assessment": round_json(point.round),
        "overall": score(point.overall),
        "target": score(point.target),
        "completion": ratio(point.completion),
        "areas": [{"area": area_id, "score": score(value)} for area_id, value in point.areas],
    }


def _areas(names: tuple[AreaName, ...]) -> list[Json]:
    return [{"id": a.area_id, "title": a.title} for a in names]


def gap_to_json(report: GapReport) -> Json:
    return {
        **_head("gap-report", report.synthetic, report.handling),
        "stale_after_years": report.stale_years,
        "country": {"code": report.country_code, "name": report.country_name},
        "assessment": round_json(report.subject),
        "against": round_json(report.against) if report.against else None,
        "scale": scale_json(report.scale),
        "overall": _overall(report),
        "areas": [_area(a) for a in report.areas],
        "gaps": [_gap(g) for g in report.gaps],
        "assistance": [_assistance(a) for a in report.assistance],
        "no_information": [_note(n) for n in report.no_information],
        "unanswered": [_note(n) for n in report.unanswered],
        "not_applicable": [_note(n) for n in report.not_applicable],
        "regressed": [_change_line(c) for c in report.regressed],
        "improved": [_change_line(c) for c in report.improved],
        "checklist_changes": _changes(report.checklist_changes),
        "trend": [_trend(p) for p in report.trend],
        "items": [_item(r) for r in report.items],
        "self_external": _self_external(report.self_external),
    }


def _overall(report: GapReport) -> Json:
    return {
        "score": score(report.overall),
        "target": score(report.overall_target),
        "previous": score(report.overall_previous),
        "change": score(report.overall_change),
        "trend": trend_arrow(report.overall_change),
        "completion": ratio(report.completion),
        "answered": report.answered,
        "applicable": report.applicable,
        "items": report.total,
    }


def _area(a: AreaLine) -> Json:
    return {
        "id": a.area_id,
        "title": a.title,
        "score": score(a.score),
        "uncapped": score(a.uncapped),
        "target": score(a.target),
        "gap": score(a.gap),
        "previous": score(a.previous),
        "change": score(a.change),
        "trend": trend_arrow(a.change),
        "capped": a.capped,
        "cap_score": score(a.cap_score),
        "cap_reason": cap_reason(a) or None,
        "capped_by": [
            {"item": c.item_id, "title": c.title, "level": c.level, "target": c.target}
            for c in a.capped_by
        ],
        "answered": a.answered,
        "applicable": a.applicable,
        "items": a.total,
    }


def _gap(g: GapEntry) -> Json:
    return {
        "rank": g.rank,
        "item": g.item_id,
        "title": g.title,
        "question": g.question,
        "area": g.area_id,
        "area_title": g.area_title,
        "fundamental": g.fundamental,
        "no_information": g.no_information,
        "weight": g.weight,
        "current": level_json(g.current),
        "target": level_json(g.target),
        "steps": g.steps,
        "normalised_gap": ratio(g.normalised),
        "priority": ratio(g.priority),
        "previous": level_json(g.previous),
        "change": g.change,
        "rationale": g.rationale,
        "evidence_on_file": list(g.evidence_on_file),
        "evidence_missing": list(g.evidence_missing),
        "assistance_area": g.assistance_area,
        "assistance_title": g.assistance_title,
        "evidence": _evidence(g.evidence),
        "confidence": g.confidence,
        "flags": list(g.flags),
        "treaty": list(g.treaty),
        "withheld": g.withheld,
    }


def _item(r: ItemRow) -> Json:
    return {
        "item": r.item_id,
        "title": r.title,
        "area": r.area_id,
        "fundamental": r.fundamental,
        "weight": r.weight,
        "assistance_area": r.assistance_area,
        "answer": level_json(r.answer),
        "score": score(r.score),
        "target": level_json(r.target),
        "gap_steps": r.gap_steps,
        "priority": ratio(r.priority),
        "rank": r.rank,
        "previous": level_json(r.previous),
        "change": r.change,
        "rationale": r.rationale,
        "evidence": _evidence(r.evidence_lines),
        "assessor": r.assessor,
        "confidence": r.confidence,
        "flags": list(r.flags),
        "treaty": list(r.treaty),
        "withheld": r.withheld,
    }


def render_gap_json(report: GapReport) -> str:
    return dump(gap_to_json(report))


def _comparison(line: RoundComparisonLine) -> Json:
    return {
        "from": line.before.assessment_id,
        "to": line.after.assessment_id,
        "overall_change": score(line.overall_change),
        "changed": line.changed,
        "improved": [_change_line(c) for c in line.improved],
        "regressed": [_change_line(c) for c in line.regressed],
        "checklist_changes": _changes(line.checklist_changes),
    }


def _self_external(section: SelfExternalSection | None) -> Json | None:
    if section is None:
        return None
    from .self_external import self_external_json  # it imports this module's helpers

    return self_external_json(section)


def history_to_json(history: History) -> Json:
    return {
        **_head("history", history.synthetic, history.handling),
        "country": {"code": history.country_code, "name": history.country_name},
        "checklists": [
            {
                "checklist": track.checklist_id,
                "title": track.checklist_title,
                "areas": _areas(track.areas),
                "rounds": [_trend(p) for p in track.rounds],
                "comparisons": [_comparison(c) for c in track.comparisons],
                "self_external": [_self_external(x) for x in track.self_external],
            }
            for track in history.tracks
        ],
    }


def render_history_json(history: History) -> str:
    return dump(history_to_json(history))


# The portfolio's JSON is a module of its own (it reads the helpers above); its names
# stay importable from here.
from .portfolio import portfolio_to_json as portfolio_to_json  # noqa: E402
from .portfolio import render_portfolio_json as render_portfolio_json  # noqa: E402
