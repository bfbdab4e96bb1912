"""Which rounds a gap report is of: the one asked for (else the reported round), the one
it is compared with (else the previous round), and its self or external counterpart."""

from __future__ import annotations

from typing import NamedTuple

from ctcap.domain.marks import Release
from ctcap.domain.rounds import previous_round, reported_round
from ctcap.errors import CtcapError, NotFoundError
from ctcap.storage import repository
from ctcap.storage.engine import ReadSession
from ctcap.storage.reading import load_details
from ctcap.storage.records import AssessmentDetail, AssessmentInfo

from .common import country_assessments
from .self_external import counterpart


class ChosenRounds(NamedTuple):
    """The country, its rounds, and the reported round, the compared one and its pair."""

    code: str
    name: str
    infos: list[AssessmentInfo]
    wanted: list[AssessmentInfo]  # the rounds loaded in full
    loaded: dict[int, AssessmentDetail]
    subject: AssessmentDetail
    against: AssessmentDetail | None
    pair: tuple[AssessmentDetail, AssessmentDetail] | None  # self, external


def choose_rounds(
    session: ReadSession,
    country: str,
    assessment_id: int | None,
    against_id: int | None,
    checklist_id: str | None,
    let_out: Release,
) -> ChosenRounds:
    """The rounds the report is of, loaded as the release lets them out."""
    code, name, infos = country_assessments(session, country, let_out)
    subject_info = _pick_subject(session, code, infos, assessment_id, checklist_id, let_out)
    against_info = _pick_against(infos, subject_info, against_id)
    pair = counterpart(subject_info, infos)
    shown = [i for i in (subject_info, against_info) if i is not None]
    wanted = list({i.id: i for i in (*shown, *(pair or ()))}.values())
    loaded = load_details(session, wanted, let_out)
    against = loaded[against_info.id] if against_info else None
    loaded_pair = (loaded[pair[0].id], loaded[pair[1].id]) if pair else None
    return ChosenRounds(
        code, name, infos, wanted, loaded, loaded[subject_info.id], against, loaded_pair
    )


def _pick_subject(
    session: ReadSession,
    code: str,
    infos: list[AssessmentInfo],
    assessment_id: int | None,
    checklist_id: str | None,
    release: Release,
) -> AssessmentInfo:
    """The round asked for, else the ``reported_round`` (of ``checklist_id``'s rounds, if given)."""
    if assessment_id is None:
        if checklist_id is not None:
            infos = [i for i in infos if i.checklist_id == checklist_id]
            if not infos:
                raise NotFoundError(f"no assessments of {code} against checklist {checklist_id!r}")
        found = reported_round(infos)
        assert found is not None  # country_assessments refuses a country without any
        return found
    for info in infos:
        if info.id == assessment_id:
            return info
    other = repository.get_assessment(session, assessment_id).info  # NotFoundError if none
    if not release.shows(other.mark):
        raise CtcapError(
            f"assessment {assessment_id} is marked above the release level "
            f"{release.scheme.label(str(release.level))}: left out"
        )
    raise CtcapError(
        f"assessment {assessment_id} is of {other.country_code}, not {code}: give its own --country"
    )


def _pick_against(
    infos: list[AssessmentInfo],
    subject: AssessmentInfo,
    against_id: int | None,
) -> AssessmentInfo | None:
    """By default the subject's previous round (``domain.rounds.previous_round``)."""
    if against_id is None:
        return previous_round(infos, subject)
    if against_id == subject.id:
        raise CtcapError(f"assessment {against_id} cannot be compared with itself")
    for info in infos:
        if info.id == against_id:
            if info.checklist_id != subject.checklist_id:
                raise CtcapError(
                    f"assessment {against_id} uses checklist {info.checklist_id!r}, "
                    f"assessment {subject.id} uses {subject.checklist_id!r}: "
                    "rounds compare only within one checklist"
                )
            return info
    raise NotFoundError(f"assessment {against_id} is not an assessment of {subject.country_code}")
