"""A release at a level, applied where records are read (``domain.marks``' release rule).

Reports, exports and views that are given a ``Release`` read only what it lets out:
rounds marked above its level are not read at all, and in the rounds that are, names
and answers marked above it come back withheld: emptied, and labelled with the release
level they are above (never their own mark, which would tell how secret they are).
Doing it here, under every report and format, means no renderer can show what a
release left out: there is nothing left in the records to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ctcap.domain.marks import MarkScheme, Release

from .records import AnswerRecord, AssessmentInfo


def visible(info: AssessmentInfo, release: Release | None) -> bool:
    return release is None or release.shows(info.mark)


def released_infos(
    infos: Iterable[AssessmentInfo], release: Release | None
) -> list[AssessmentInfo]:
    """The rounds a release lets out, with their names withheld where marked above it."""
    return [released_info(info, release) for info in infos if visible(info, release)]


def released_info(info: AssessmentInfo, release: Release | None) -> AssessmentInfo:
    if release is None:
        return info
    if release.withheld(info.mark, info.names_mark) is None:
        return info
    return replace(info, assessor="", team=(), approved_by=None, names_withheld=release.level)


def released_answer(
    answer: AnswerRecord, info: AssessmentInfo, release: Release | None
) -> AnswerRecord:
    """The answer with its rationale, evidence, facts and assessor withheld if marked above;
    its assessor's name also where the round's names are (a name is a name)."""
    if release is None:
        return answer
    if release.withheld(info.mark, answer.mark) is None:
        if release.withheld(info.mark, info.names_mark) is not None and answer.assessor:
            return replace(answer, assessor="")
        return answer
    return replace(
        answer, rationale="", evidence=(), facts=None, assessor="", withheld=release.level
    )


def round_mark(
    scheme: MarkScheme, info: AssessmentInfo, answer_marks: Iterable[str | None] = ()
) -> str:
    """The mark a view of this round carries, as shown: the strictest of the round's mark,
    its names' and (where the view shows them) its answers' own."""
    return scheme.label(scheme.stricter(info.mark, info.names_mark, *answer_marks))
