"""HTML: need against assistance (with the shares chart) and the projects' before/after."""

from __future__ import annotations

from markupsafe import Markup

from ...assistance_model import NeedAgainstAssistance
from ...outcomes_model import Outcomes
from .. import assistance_text as say
from .assistance_charts import ShareGroup, outcome_bars, share_bars
from .environment import render

GROUP_TITLES = {"project": "By project", "area": "By assistance area", "donor": "By donor"}


def render_need_html(view: NeedAgainstAssistance) -> str:
    groups = [
        ShareGroup(say.area_title(a.area), a.need_share, a.committed_share, a.disbursed_share)
        for a in view.areas
    ]
    chart = share_bars(groups, f"Need against assistance per area, {view.currency}")
    return render(
        "need.html.j2",
        v=view,
        synthetic=view.synthetic,
        handling=view.handling,
        chart=chart,
        say=say,
    )


def render_outcomes_html(outcomes: Outcomes) -> str:
    charts: dict[str, Markup] = {}
    for grouping in outcomes.groupings:
        if grouping.by == "project" or not grouping.rows:
            continue
        rows = [
            (row.label, [(say.OUTCOME_LABELS[o], n) for o, n in row.tally.counts])
            for row in grouping.rows
        ]
        charts[grouping.by] = outcome_bars(rows, f"Linked gaps by outcome, {grouping.by}")
    return render(
        "outcomes.html.j2",
        o=outcomes,
        synthetic=outcomes.synthetic,
        handling=outcomes.handling,
        charts=charts,
        group_titles=GROUP_TITLES,
        say=say,
    )
