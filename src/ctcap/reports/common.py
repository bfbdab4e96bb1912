"""Pieces the report builders share: reading rounds, naming levels, comparing rounds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ctcap.domain.answers import Response, Special
from ctcap.domain.compare import ItemChange, RoundComparison, compare_rounds
from ctcap.domain.evidence import EvidenceEntry, is_stale
from ctcap.domain.gaps import Gap
from ctcap.domain.marks import TLP, MarkScheme, Release
from ctcap.domain.model import Area, Checklist, Item
from ctcap.domain.rounds import round_key
from ctcap.domain.scoring import AssessmentScore, score_assessment
from ctcap.domain.summary import AssistanceSummary, RoundSummary, assistance_summary
from ctcap.errors import NotFoundError
from ctcap.storage.countries import normalise_code
from ctcap.storage.engine import ReadSession
from ctcap.storage.reading import country_name, list_infos
from ctcap.storage.records import AssessmentDetail, AssessmentInfo

from .history_model import RoundComparisonLine
from .model import (
    AreaName,
    AssistanceLine,
    ChecklistChanges,
    EvidenceLine,
    Handling,
    ItemChangeLine,
    ItemName,
    LevelInfo,
    LevelRef,
    RoundRef,
    ScaleInfo,
    TeamLine,
    TrendPoint,
)

# The colours of the answers that are not a level, for ``LevelRef.colour``.
SPECIAL_COLOURS = {"na": "#f0f0f0", "unknown": "#bdbdbd", "": "#ffffff"}


def country_assessments(
    session: ReadSession, country: str, release: Release | None = None
) -> tuple[str, str, list[AssessmentInfo]]:
    """The country's code, name and assessments (oldest first; those ``release`` lets out),
    or ``NotFoundError``."""
    code = normalise_code(country)
    name = country_name(session, code)
    if name is None:
        raise NotFoundError(f"no assessments for {code}: the country is not in this database")
    infos = sorted(list_infos(session, code, release), key=round_key)
    if not infos:
        level = release.level if release is not None else None
        at = (
            f" at or below the release level {release.scheme.label(level)}"
            if release and level
            else ""
        )
        raise NotFoundError(f"no assessments for {code} ({name}){at}")
    return code, name, infos


def round_ref(detail: AssessmentDetail, scheme: MarkScheme = TLP) -> RoundRef:
    return round_ref_of(detail.info, detail.checklist, scheme)


def round_ref_of(info: AssessmentInfo, checklist: Checklist, scheme: MarkScheme = TLP) -> RoundRef:
    """The round as reports name it; ``scheme`` labels its mark (``TLP:GREEN``)."""
    return RoundRef(
        assessment_id=info.id,
        title=info.title,
        as_of=info.as_of,
        status=info.status,
        assessor=info.assessor,
        checklist_id=checklist.id,
        checklist_title=checklist.title,
        checklist_version=checklist.version,
        synthetic=info.synthetic or checklist.synthetic,
        assessment_type=info.assessment_type.value,
        type_label=info.assessment_type.label,
        team=tuple(TeamLine(m.name, m.organisation, m.role, m.describe()) for m in info.team),
        mark=info.mark,
        mark_label=scheme.label(info.mark),
        names_withheld=scheme.label(info.names_withheld) if info.names_withheld else None,
    )


def handling(
    release: Release, infos: Iterable[AssessmentInfo], parts: Iterable[str | None] = ()
) -> Handling:
    """The report's mark: the strictest of the rounds it shows, of their names where shown,
    and of ``parts`` (the marks of answers whose rationale and evidence it shows)."""
    marks: list[str | None] = []
    for info in infos:
        marks.append(info.mark)
        if info.names_withheld is None:
            marks.append(info.names_mark)
    return handling_of(release, [*marks, *parts])


def released_marks(release: Release, marks: Iterable[str | None]) -> list[str | None]:
    """The round marks a report of figures carries under ``release``: a round's names
    marked above the level are not shown (rounds above it were not read at all)."""
    return [mark for mark in marks if release.shows(mark)]


def handling_of(release: Release, marks: Iterable[str | None]) -> Handling:
    """The strictest of ``marks`` (None: not marked), on the release's scheme."""
    scheme = release.scheme
    mark = scheme.strictest(list(marks))
    level = release.level
    return Handling(
        mark=mark,
        label=scheme.label(mark),
        levels=scheme.levels,
        release=level,
        release_label=scheme.label(level) if level is not None else None,
    )


def evidence_lines(
    entries: Sequence[EvidenceEntry], as_of: date, stale_years: int
) -> tuple[EvidenceLine, ...]:
    return tuple(
        EvidenceLine(
            ref=e.ref,
            source_type=e.type.value,
            date=e.date,
            grade=e.grade.value if e.grade else None,
            grade_label=e.grade.label if e.grade else "not graded",
            link=e.link,
            sha256=e.sha256,
            stale=is_stale(e, as_of, stale_years),
            text=e.describe(as_of=as_of, stale_years=stale_years),
        )
        for e in entries
    )


def scale_info(checklist: Checklist) -> ScaleInfo:
    scale = checklist.scale
    return ScaleInfo(
        id=scale.id,
        title=scale.title,
        levels=tuple(
            LevelInfo(lv.value, lv.label, lv.description, lv.colour) for lv in scale.levels
        ),
    )


def level_ref(item: Item, response: Response | None, checklist: Checklist) -> LevelRef:
    """An answer (or target, given as its level value) named with the item's descriptor."""
    if response is None:
        return LevelRef("", None, "Unanswered", "", SPECIAL_COLOURS[""])
    if response == Special.NOT_APPLICABLE:
        return LevelRef("na", None, "N/A", "Not applicable", SPECIAL_COLOURS["na"])
    if response == Special.NO_INFORMATION:
        return LevelRef(
            "unknown",
            None,
            "No information",
            "No information; scored as the lowest level",
            SPECIAL_COLOURS["unknown"],
        )
    value = int(response)
    level = checklist.scale.level(value)
    return LevelRef(
        str(value), value, f"{value} {level.label}", item.descriptors.get(value, ""), level.colour
    )


def item_name(checklist: Checklist, item_id: str) -> ItemName:
    return ItemName(item_id, checklist.item(item_id).title, checklist.area_of(item_id).title)


def trend_point(
    detail: AssessmentDetail, score: AssessmentScore | None = None, scheme: MarkScheme = TLP
) -> TrendPoint:
    score = score or score_assessment(detail.checklist, detail.responses)
    return TrendPoint(
        round=round_ref(detail, scheme),
        overall=score.overall,
        target=score.target,
        completion=score.completion,
        areas=tuple((a.area_id, a.score) for a in score.areas),
    )


def checklist_changes(
    old: Checklist, new: Checklist, comparison: RoundComparison
) -> ChecklistChanges | None:
    """None when both rounds used the same checklist version and nothing was reworded."""
    if old.version == new.version and not (
        comparison.added or comparison.removed or comparison.reworded
    ):
        return None
    return ChecklistChanges(
        from_version=old.version,
        to_version=new.version,
        added=tuple(item_name(new, i) for i in comparison.added),
        removed=tuple(item_name(old, i) for i in comparison.removed),
        reworded=tuple(item_name(new, i) for i in comparison.reworded),
    )


def items_by_id(checklist: Checklist) -> dict[str, tuple[Item, Area]]:
    """Each item of ``checklist`` and its area, by item id.

    ``Checklist.item`` and ``area_of`` search the areas in turn; a report that looks up
    every changed item of sixty rounds does it with one dict per checklist instead.
    """
    return {item.id: (item, area) for area in checklist.areas for item in area.items}


def change_lines(
    changes: Sequence[ItemChange], old: AssessmentDetail, new: AssessmentDetail
) -> tuple[ItemChangeLine, ...]:
    if not changes:
        return ()
    old_items, new_items = items_by_id(old.checklist), items_by_id(new.checklist)
    lines = []
    for change in changes:
        item, area = new_items[change.item_id]
        answer = new.answers.get(change.item_id)
        lines.append(
            ItemChangeLine(
                item_id=change.item_id,
                title=item.title,
                area_title=area.title,
                fundamental=item.fundamental,
                before=level_ref(old_items[change.item_id][0], change.before, old.checklist),
                after=level_ref(item, change.after, new.checklist),
                rationale=answer.rationale if answer else "",
            )
        )
    return tuple(lines)


def compare(
    old: AssessmentDetail,
    new: AssessmentDetail,
    scores: tuple[AssessmentScore, AssessmentScore] | None = None,
    scheme: MarkScheme = TLP,
) -> tuple[RoundComparison, RoundComparisonLine]:
    """``scores``: both rounds' scores when the caller has them (else they are computed)."""
    old_responses, new_responses = old.responses, new.responses
    comparison = compare_rounds(old.checklist, old_responses, new.checklist, new_responses)
    if scores is None:
        scores = (
            score_assessment(old.checklist, old_responses),
            score_assessment(new.checklist, new_responses),
        )
    old_score, new_score = scores[0].overall, scores[1].overall
    line = RoundComparisonLine(
        before=round_ref(old, scheme),
        after=round_ref(new, scheme),
        checklist_changes=checklist_changes(old.checklist, new.checklist, comparison),
        improved=change_lines(comparison.improved, old, new),
        regressed=change_lines(comparison.regressed, old, new),
        changed=len(comparison.changed),
        overall_change=(None if old_score is None or new_score is None else new_score - old_score),
    )
    return comparison, line


def union_areas(checklists: Sequence[Checklist]) -> tuple[AreaName, ...]:
    """The newest checklist's areas in its order, then areas only older ones had."""
    names: dict[str, str] = {}
    for checklist in reversed(checklists):
        for area in checklist.areas:
            names.setdefault(area.id, area.title)
    return tuple(AreaName(area_id, title) for area_id, title in names.items())


def top_assistance_lines(summary: RoundSummary, most: int) -> tuple[AssistanceLine, ...]:
    """The first ``most`` of ``assistance_lines`` with a priority, from a stored summary.

    Shares are of all nine totals; only the lines shown are built (a portfolio row
    shows three, and builds some 1,200 rows).
    """
    grand = sum(t.priority for t in summary.assistance)
    wanted = [t for t in summary.assistance[:most] if t.priority > 0]
    return _lines(wanted, grand)


def assistance_lines(found: Sequence[Gap]) -> tuple[AssistanceLine, ...]:
    """The domain's totals for all nine assistance areas, largest first, with shares."""
    totals = assistance_summary(list(found))
    return _lines(totals, sum(t.priority for t in totals))


def _lines(totals: Sequence[AssistanceSummary], grand: float) -> tuple[AssistanceLine, ...]:
    return tuple(
        AssistanceLine(
            area=t.area.value,
            title=t.area.title,
            priority=t.priority,
            share=(t.priority / grand) if grand else 0.0,
            gaps=t.gaps,
            fundamental_gaps=t.fundamental_gaps,
            items=t.items,
        )
        for t in totals
    )
