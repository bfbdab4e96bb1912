"""Builders of the self-against-external section, for ``ctcap compare``, the history and
the gap report (``self_external_model``); the numbers are ``domain.self_external``'s."""

from __future__ import annotations

from collections.abc import Sequence

from ctcap.domain.self_external import compare_self_external
from ctcap.errors import CtcapError
from ctcap.storage import handling as handling_settings
from ctcap.storage import reading
from ctcap.storage.engine import ReadSession
from ctcap.storage.records import AssessmentDetail, AssessmentInfo

from .common import handling, items_by_id, level_ref, round_ref
from .self_external_model import (
    SelfExternalAreaLine,
    SelfExternalItemLine,
    SelfExternalReport,
    SelfExternalSection,
)


def self_external_section(ours: AssessmentDetail, theirs: AssessmentDetail) -> SelfExternalSection:
    """A self-assessment (``ours``) against an external round on the same checklist version."""
    checklist = ours.checklist
    found = compare_self_external(checklist, ours.responses, theirs.responses)
    items = items_by_id(checklist)
    lines = []
    for difference in found.items:
        item, area = items[difference.item_id]
        lines.append(
            SelfExternalItemLine(
                item_id=item.id,
                title=item.title,
                area_id=area.id,
                area_title=area.title,
                self_level=level_ref(item, difference.self_response, checklist),
                external_level=level_ref(item, difference.external_response, checklist),
                steps=difference.steps,
                points=difference.points,
            )
        )
    return SelfExternalSection(
        self_round=round_ref(ours),
        external_round=round_ref(theirs),
        items=tuple(lines),
        areas=tuple(
            SelfExternalAreaLine(a.area_id, a.title, a.self_score, a.external_score, a.points)
            for a in found.areas
        ),
        self_overall=found.self_overall,
        external_overall=found.external_overall,
        overall_points=found.overall_points,
        mean_steps=found.mean_steps,
        mean_points=found.mean_points,
        compared=found.compared,
        lower=found.lower,
        higher=found.higher,
    )


def check_pair(ours: AssessmentInfo, theirs: AssessmentInfo) -> None:
    """Refuse two rounds that are not a self and an external round of one country and date."""
    if ours.id == theirs.id:
        raise CtcapError("compare needs two different rounds (a self and an external one)")
    if ours.country_code != theirs.country_code or ours.as_of != theirs.as_of:
        raise CtcapError(
            f"rounds {ours.id} ({ours.country_code}, {ours.as_of}) and {theirs.id} "
            f"({theirs.country_code}, {theirs.as_of}) differ in country or date: a self and "
            "an external assessment are compared for the same country and date"
        )
    if ours.checklist_version_id != theirs.checklist_version_id:
        raise CtcapError(
            f"rounds {ours.id} and {theirs.id} use different checklists "
            f"({ours.checklist_id} {ours.checklist_version}, {theirs.checklist_id} "
            f"{theirs.checklist_version}): compare rounds on the same checklist version"
        )
    for info, wanted in ((ours, "self"), (theirs, "external")):
        if info.origin is not None and info.origin != wanted:
            raise CtcapError(
                f"round {info.id} was created as an {info.origin} assessment, not a {wanted} one"
            )


def build_self_external(session: ReadSession, self_id: int, external_id: int) -> SelfExternalReport:
    """Compare a self-assessment with an external one: same country, date and checklist."""
    ours = reading.assessment_info(session, self_id)
    theirs = reading.assessment_info(session, external_id)
    check_pair(ours, theirs)
    details = reading.load_details(session, [ours, theirs])
    return SelfExternalReport(
        country_code=ours.country_code,
        country_name=ours.country_name,
        section=self_external_section(details[self_id], details[external_id]),
        handling=handling(handling_settings.release(session, None), [ours, theirs]),
    )


def pairs(infos: Sequence[AssessmentInfo]) -> list[tuple[AssessmentInfo, AssessmentInfo]]:
    """Each external round with the self-assessment of its country, date and checklist
    version: the rounds created as such (``assessments new --origin``). Where a date has
    more than one of either, the latest created of each is paired (ids grow)."""
    selves: dict[tuple[str, object, int], AssessmentInfo] = {}
    externals: dict[tuple[str, object, int], AssessmentInfo] = {}
    for info in sorted(infos, key=lambda i: i.id):
        key = (info.country_code, info.as_of, info.checklist_version_id)
        if info.origin == "self":
            selves[key] = info
        elif info.origin == "external":
            externals[key] = info
    found = [(selves[key], external) for key, external in externals.items() if key in selves]
    return sorted(found, key=lambda pair: (pair[0].as_of, pair[1].id))


def counterpart(
    info: AssessmentInfo, infos: Sequence[AssessmentInfo]
) -> tuple[AssessmentInfo, AssessmentInfo] | None:
    """The (self, external) pair ``info`` belongs to, if it has one."""
    return next((pair for pair in pairs(infos) if info.id in (pair[0].id, pair[1].id)), None)
