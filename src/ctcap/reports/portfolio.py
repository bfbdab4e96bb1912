"""The portfolio: every country side by side, one section per checklist.

Checklists have different areas (and scales), so a single countries × areas matrix
would mix things that do not compare. Each checklist gets its own section: its areas
are the columns, and each country with a final assessment of it is a row, taken from
that country's latest final assessment and compared with the final one before it.
Countries with only drafts of a checklist are listed under the section as pending.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ctcap.domain.gaps import gaps
from ctcap.domain.scoring import score_assessment
from ctcap.storage import repository
from ctcap.storage.records import AssessmentDetail, AssessmentInfo

from .common import assistance_lines, round_key, round_ref, scale_info, union_areas
from .model import (
    PendingCountry,
    Portfolio,
    PortfolioCell,
    PortfolioRow,
    PortfolioSection,
)
from .reading import light_details, list_infos


def _row(
    detail: AssessmentDetail, previous: AssessmentDetail | None, areas: list[str]
) -> PortfolioRow:
    checklist = detail.checklist
    score = score_assessment(checklist, detail.responses)
    before = (
        score_assessment(previous.checklist, previous.responses) if previous is not None else None
    )
    before_areas = {a.area_id: a.score for a in before.areas} if before else {}
    mine = {a.area_id: a for a in score.areas}
    cells = []
    for area_id in areas:
        now = mine.get(area_id)
        old = before_areas.get(area_id)
        cells.append(
            PortfolioCell(
                area_id=area_id,
                score=now.score if now else None,
                target=now.target if now else None,
                change=(
                    None if now is None or now.score is None or old is None else now.score - old
                ),
                capped=bool(now and now.capped_by),
            )
        )
    found = gaps(checklist, detail.responses)
    top = tuple(line for line in assistance_lines(found) if line.priority > 0)[:3]
    return PortfolioRow(
        country_code=detail.info.country_code,
        country_name=detail.info.country_name,
        round=round_ref(detail),
        previous=round_ref(previous) if previous is not None else None,
        overall=score.overall,
        overall_change=(
            None
            if before is None or before.overall is None or score.overall is None
            else score.overall - before.overall
        ),
        completion=score.completion,
        cells=tuple(cells),
        gaps=len(found),
        fundamental_gaps=sum(1 for g in found if g.fundamental),
        top_assistance=top,
    )


def build_portfolio(session: Session) -> Portfolio:
    infos = sorted(
        list_infos(session), key=lambda i: (i.checklist_id, i.country_code, *round_key(i))
    )
    groups: dict[str, dict[str, list[AssessmentInfo]]] = {}
    for info in infos:
        groups.setdefault(info.checklist_id, {}).setdefault(info.country_code, []).append(info)
    wanted: list[AssessmentInfo] = []
    for countries in groups.values():
        for rounds in countries.values():
            wanted += [i for i in rounds if i.is_final][-2:]
    details = light_details(session, wanted)

    sections = []
    for checklist_id, countries in sorted(groups.items()):
        chosen: list[tuple[AssessmentDetail, AssessmentDetail | None]] = []
        pending = []
        for _code, rounds in sorted(countries.items()):
            finals = [i for i in rounds if i.is_final]
            if not finals:
                pending.append(_pending(rounds))
                continue
            previous = details[finals[-2].id] if len(finals) > 1 else None
            chosen.append((details[finals[-1].id], previous))
        if chosen:
            newest = sorted(
                (d for d, _ in chosen), key=lambda d: (d.info.as_of, d.info.id, d.checklist.version)
            )
            checklists = [d.checklist for d in newest]
            areas = union_areas(checklists)
            area_ids = [a.area_id for a in areas]
            rows = tuple(_row(d, p, area_ids) for d, p in chosen)
            title, scale = checklists[-1].title, scale_info(checklists[-1])
            versions = tuple(sorted({d.checklist.version for d, _ in chosen}))
        else:
            last = max((r[-1] for r in countries.values()), key=round_key)
            first = repository.checklist_snapshot(session, last.checklist_version_id)
            areas, rows = union_areas([first]), ()
            title, scale, versions = first.title, scale_info(first), ()
        sections.append(
            PortfolioSection(
                checklist_id=checklist_id,
                checklist_title=title,
                versions=versions,
                scale=scale,
                areas=areas,
                rows=rows,
                pending=tuple(pending),
            )
        )
    synthetic = any(r.round.synthetic for s in sections for r in s.rows) or any(
        p.synthetic for s in sections for p in s.pending
    )
    return Portfolio(synthetic=synthetic, sections=tuple(sections))


def _pending(rounds: list[AssessmentInfo]) -> PendingCountry:
    last = rounds[-1]
    return PendingCountry(
        country_code=last.country_code,
        country_name=last.country_name,
        drafts=len(rounds),
        latest_as_of=last.as_of,
        synthetic=any(i.synthetic for i in rounds),
    )
