"""The gap report of one country: what is missing, ranked, mapped to the assistance areas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ctcap.domain.answers import Response, Special
from ctcap.domain.gaps import Gap, gaps
from ctcap.domain.marks import MarkScheme, Release
from ctcap.domain.model import Item
from ctcap.domain.rounds import round_key
from ctcap.domain.scoring import AssessmentScore, score_assessment, score_item
from ctcap.storage import handling as handling_settings
from ctcap.storage.engine import ReadSession
from ctcap.storage.reading import light_details
from ctcap.storage.records import AssessmentDetail, AssessmentInfo

from .common import (
    assistance_lines,
    compare,
    handling,
    level_ref,
    round_ref,
    scale_info,
    trend_point,
)
from .gap_model import AreaLine, CapCause, GapEntry, GapReport, ItemNote, ItemRow
from .gap_rounds import ChosenRounds, choose_rounds
from .gap_support import answer_support, evidence_missing, withheld_label
from .history_model import RoundComparisonLine
from .model import Handling, LevelRef, TrendPoint
from .self_external import self_external_section


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _trend(
    session: ReadSession,
    infos: list[AssessmentInfo],
    subject: AssessmentDetail,
    scheme: MarkScheme,
) -> tuple[TrendPoint, ...]:
    """The final rounds of the subject's checklist up to it, and the subject itself."""
    key = round_key(subject.info)
    chosen = [
        info
        for info in infos
        if info.checklist_id == subject.info.checklist_id
        and round_key(info) < key
        and info.is_final
    ]
    details = light_details(session, chosen)
    points = (trend_point(details[info.id], scheme=scheme) for info in chosen)
    return (*points, trend_point(subject, scheme=scheme))


def build_gap_report(
    session: ReadSession,
    country: str,
    assessment_id: int | None = None,
    against_id: int | None = None,
    *,
    checklist_id: str | None = None,
    release: str | None = None,
) -> GapReport:
    """The gap report of ``country``.

    By default it reports the country's ``reported_round`` and compares it with that
    round's ``previous_round`` (both in ``domain.rounds``). ``checklist_id`` limits
    the default choice to one checklist when the country is assessed against several.
    ``release`` (a mark level) leaves out every round marked above it, and withholds
    names, rationales and evidence marked above it (``storage.release``).
    A round with a self or external counterpart of the same date is compared with it too.
    """
    let_out = handling_settings.release(session, release)
    scheme, stale = let_out.scheme, handling_settings.stale_years(session)
    chosen = choose_rounds(session, country, assessment_id, against_id, checklist_id, let_out)
    rounds = _Rounds.of(chosen.subject, chosen.against, scheme)
    detail, score, before = rounds.detail, rounds.score, rounds.previous_score
    subject = round_ref(detail, scheme)
    against = round_ref(rounds.previous, scheme) if rounds.previous is not None else None
    line = rounds.line
    trend = _trend(session, chosen.infos, detail, scheme)
    return GapReport(
        subject=subject,
        country_code=chosen.code,
        country_name=chosen.name,
        synthetic=subject.synthetic or bool(against and against.synthetic),
        scale=scale_info(detail.checklist),
        against=against,
        overall=score.overall,
        overall_target=score.target,
        overall_previous=before.overall if before else None,
        overall_change=_change(score.overall, before.overall if before else None),
        completion=score.completion,
        answered=score.answered,
        applicable=score.applicable,
        total=score.total,
        areas=_area_lines(rounds),
        gaps=_gap_entries(rounds, stale),
        assistance=assistance_lines(rounds.gaps),
        no_information=_notes(rounds, lambda r: r == Special.NO_INFORMATION),
        unanswered=_notes(rounds, lambda r: r is None),
        not_applicable=_notes(rounds, lambda r: r == Special.NOT_APPLICABLE),
        regressed=line.regressed if line else (),
        improved=line.improved if line else (),
        checklist_changes=line.checklist_changes if line else None,
        items=_item_rows(rounds, stale),
        trend=trend,
        handling=_handling(let_out, chosen, trend),
        stale_years=stale,
        self_external=self_external_section(*chosen.pair) if chosen.pair else None,
    )


def _handling(let_out: Release, chosen: ChosenRounds, trend: tuple[TrendPoint, ...]) -> Handling:
    """The marks of every round the report draws on, and of the answers it shows."""
    loaded = chosen.loaded.values()
    shown_parts = [a.mark for d in loaded for a in d.answers.values() if not a.withheld]
    trend_ids = {p.round.assessment_id for p in trend}
    trend_infos = [i for i in chosen.infos if i.id in trend_ids]
    return handling(let_out, [*chosen.wanted, *trend_infos], shown_parts)


@dataclass(frozen=True)
class _Rounds:
    """The reported round and the round it is compared with, each scored once, compared."""

    detail: AssessmentDetail
    responses: dict[str, Response]
    score: AssessmentScore
    gaps: list[Gap]  # ranked
    ranks: dict[str, int]  # item id → rank among the gaps
    previous: AssessmentDetail | None
    previous_responses: dict[str, Response]
    previous_score: AssessmentScore | None
    line: RoundComparisonLine | None
    directions: dict[str, int]  # item id → +1 improved, −1 regressed since the previous round
    scheme: MarkScheme

    @classmethod
    def of(
        cls, detail: AssessmentDetail, previous: AssessmentDetail | None, scheme: MarkScheme
    ) -> _Rounds:
        responses = detail.responses
        score = score_assessment(detail.checklist, responses)
        found = gaps(detail.checklist, responses)
        ranks = {gap.item_id: n for n, gap in enumerate(found, start=1)}
        if previous is None:
            return cls(detail, responses, score, found, ranks, None, {}, None, None, {}, scheme)
        before = previous.responses
        before_score = score_assessment(previous.checklist, before)
        comparison, line = compare(previous, detail, (before_score, score), scheme)
        directions = {c.item_id: c.direction for c in comparison.changed}
        return cls(
            detail, responses, score, found, ranks, previous, before, before_score, line,
            directions, scheme,
        )  # fmt: skip

    def previous_ref(self, item: Item) -> tuple[LevelRef | None, int]:
        """The item's answer in the previous round and its direction since; None if not there."""
        if self.previous is None:
            return None, 0
        try:
            old_item = self.previous.checklist.item(item.id)
        except KeyError:
            return None, 0  # added in the newer checklist version
        old = level_ref(old_item, self.previous_responses.get(item.id), self.previous.checklist)
        return old, self.directions.get(item.id, 0)


def _area_lines(rounds: _Rounds) -> tuple[AreaLine, ...]:
    """Each area's score against its target and the previous round, and why it is capped."""
    checklist, responses = rounds.detail.checklist, rounds.responses
    before = rounds.previous_score
    previous = {a.area_id: a.score for a in before.areas} if before else {}
    lines = []
    for area, area_score in zip(checklist.areas, rounds.score.areas, strict=True):
        causes = []
        for item_id in area_score.capped_by:
            item = checklist.item(item_id)
            causes.append(
                CapCause(
                    item_id=item_id,
                    title=item.title,
                    level=level_ref(item, responses.get(item_id), checklist).label,
                    target=level_ref(item, item.target, checklist).label,
                )
            )
        lines.append(
            AreaLine(
                area_id=area.id,
                title=area.title,
                score=area_score.score,
                uncapped=area_score.uncapped,
                target=area_score.target,
                gap=area_score.gap,
                previous=previous.get(area.id),
                change=_change(area_score.score, previous.get(area.id)),
                cap_score=area_score.cap_score,
                capped_by=tuple(causes),
                answered=area_score.answered,
                applicable=area_score.applicable,
                total=area_score.total,
            )
        )
    return tuple(lines)


def _gap_entries(rounds: _Rounds, stale: int) -> tuple[GapEntry, ...]:
    """The ranked gaps, each with its levels, evidence and the previous round's answer."""
    detail, checklist, responses = rounds.detail, rounds.detail.checklist, rounds.responses
    entries = []
    for gap in rounds.gaps:
        item = checklist.item(gap.item_id)
        answer = detail.answers.get(item.id)
        lines, confidence, flags, treaty = answer_support(answer, detail.info.as_of, stale)
        refs = tuple(line.ref for line in lines)
        old, direction = rounds.previous_ref(item)
        entries.append(
            GapEntry(
                rank=rounds.ranks[gap.item_id],
                item_id=item.id,
                title=item.title,
                question=item.question,
                area_id=gap.area_id,
                area_title=checklist.area_of(item.id).title,
                fundamental=gap.fundamental,
                weight=item.weight,
                current=level_ref(item, responses.get(item.id), checklist),
                target=level_ref(item, item.target, checklist),
                steps=gap.steps,
                normalised=gap.normalised,
                priority=gap.priority,
                no_information=gap.no_information,
                previous=old,
                change=direction,
                rationale=answer.rationale if answer else "",
                evidence_on_file=tuple(line.text for line in lines),
                evidence_missing=evidence_missing(item, gap.level, refs),
                assistance_area=gap.assistance_area.value,
                assistance_title=gap.assistance_area.title,
                evidence=lines,
                confidence=confidence,
                flags=flags,
                treaty=treaty,
                withheld=withheld_label(answer, rounds.scheme),
            )
        )
    return tuple(entries)


def _item_rows(rounds: _Rounds, stale: int) -> tuple[ItemRow, ...]:
    """Every item of the checklist in its order, answered or not: the CSV's and XLSX's rows."""
    detail, checklist, responses = rounds.detail, rounds.detail.checklist, rounds.responses
    gap_by_item = {g.item_id: g for g in rounds.gaps}
    rows = []
    for area in checklist.areas:
        for item in area.items:
            response = responses.get(item.id)
            answer = detail.answers.get(item.id) if response is not None else None
            old, direction = rounds.previous_ref(item)
            item_gap = gap_by_item.get(item.id)
            lines, confidence, flags, treaty = answer_support(answer, detail.info.as_of, stale)
            rows.append(
                ItemRow(
                    area_id=area.id,
                    area_title=area.title,
                    item_id=item.id,
                    title=item.title,
                    weight=item.weight,
                    fundamental=item.fundamental,
                    assistance_area=item.assistance_area.value,
                    assistance_title=item.assistance_area.title,
                    answer=level_ref(item, response, checklist),
                    score=score_item(response, checklist.scale),
                    target=level_ref(item, item.target, checklist),
                    gap_steps=item_gap.steps if item_gap else 0,
                    priority=item_gap.priority if item_gap else 0.0,
                    rank=rounds.ranks.get(item.id),
                    previous=old,
                    change=direction,
                    rationale=answer.rationale if answer else "",
                    evidence=tuple(line.text for line in lines),
                    assessor=answer.assessor if answer else "",
                    evidence_lines=lines,
                    confidence=confidence,
                    flags=flags,
                    treaty=treaty,
                    withheld=withheld_label(answer, rounds.scheme),
                )
            )
    return tuple(rows)


def _notes(rounds: _Rounds, wanted: Callable[[Response | None], bool]) -> tuple[ItemNote, ...]:
    """The items whose response is ``wanted`` (no information, unanswered, N/A), in order."""
    detail, checklist = rounds.detail, rounds.detail.checklist
    notes = []
    for item in checklist.items():
        if not wanted(rounds.responses.get(item.id)):
            continue
        answer = detail.answers.get(item.id)
        notes.append(
            ItemNote(
                item_id=item.id,
                title=item.title,
                area_title=checklist.area_of(item.id).title,
                fundamental=item.fundamental,
                assistance_title=item.assistance_area.title,
                rationale=answer.rationale if answer else "",
            )
        )
    return tuple(notes)
