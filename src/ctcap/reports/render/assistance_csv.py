"""CSV of the assistance reports, for pivot tables (beside ``csv.py``, as its conventions).

Need against assistance: one row per country × area, then one per region × area, each
with its flag (``served``) and the items several donors address at once. Before and
after: one row per group of each grouping (project, area, donor) with the count of each
outcome, and on every row the note that this is association, not attribution. Text
goes through ``ctcap.text.for_cell``: a spreadsheet shows it, never runs it.
"""

from __future__ import annotations

from decimal import Decimal

from ctcap.text import for_cell

from ..assistance_model import Money, NeedAgainstAssistance, NeedRow, RegionRow
from ..outcomes_model import Outcomes
from .assistance_text import SERVED_LABELS, several_donors
from .csv import _write
from .text import SYNTHETIC_MARK

NEED_COLUMNS = (
    "marking",
    "kind",
    "code",
    "name",
    "area",
    "area_title",
    "priority",
    "gaps",
    "fundamental_gaps",
    "assessed_as_of",
    "need_share",
    "currency",
    "committed",
    "disbursed",
    "committed_share",
    "ratio",
    "served",
    "flag",
    "projects",
    "donors",
    "other_currencies",
    "several_donors",
    "several_donors_on",
)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _others(amounts: tuple[Money, ...]) -> str:
    return "; ".join(f"{_amount(m.committed)} {m.currency}" for m in amounts)


def _country(row: NeedRow, mark: str, currency: str) -> list[str]:
    return [
        mark,
        "country",
        row.country_code,
        for_cell(row.country_name),
        row.area.value if row.area else "",
        row.area.title if row.area else "",
        f"{row.priority:.4f}",
        str(row.gaps),
        str(row.fundamental_gaps),
        row.assessed_as_of.isoformat() if row.assessed_as_of else "",
        f"{row.need_share:.4f}",
        currency,
        _amount(row.money.committed),
        _amount(row.money.disbursed),
        _ratio(row.committed_share),
        _ratio(row.ratio),
        row.served.value,
        SERVED_LABELS[row.served],
        str(row.projects),
        for_cell("; ".join(row.donors)),
        _others(row.other_currencies),
        several_donors(row),
        "; ".join(row.several_donors),
    ]


def _region(row: RegionRow, mark: str, currency: str) -> list[str]:
    return [
        mark,
        "region",
        for_cell(row.region),
        for_cell(row.name),
        row.area.value if row.area else "",
        row.area.title if row.area else "",
        *([""] * 5),
        currency,
        _amount(row.money.committed),
        _amount(row.money.disbursed),
        "",
        "",
        "regional",
        "regional: not split among members",
        str(row.projects),
        for_cell("; ".join(row.donors)),
        _others(row.other_currencies),
        "",
        "",
    ]


def render_need_csv(view: NeedAgainstAssistance) -> str:
    mark = SYNTHETIC_MARK if view.synthetic else ""
    rows = [_country(row, mark, view.currency) for row in view.rows]
    rows += [_region(row, mark, view.currency) for row in view.regions]
    # The handling mark first on every row, as the other reports' CSV carry it.
    marked = [[view.handling.label, *row] for row in rows]
    return _write(("handling", *NEED_COLUMNS), marked)


def render_outcomes_csv(outcomes: Outcomes) -> str:
    mark = SYNTHETIC_MARK if outcomes.synthetic else ""
    columns = ("handling", "marking", "grouping", "key", "label",
               *(o.value for o in outcomes.outcomes), "total", "note")  # fmt: skip
    rows = [
        [
            outcomes.handling.label,
            mark,
            grouping.by,
            for_cell(row.key),
            for_cell(row.label),
            *(str(n) for _, n in row.tally.counts),
            str(row.tally.total),
            outcomes.note,
        ]
        for grouping in outcomes.groupings
        for row in grouping.rows
    ]
    return _write(columns, rows)
