"""Text and JSON of the panel commands (the report renderers come with reports/render)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .output import emit_table, percent

if TYPE_CHECKING:
    from ctcap.domain.agreement import AreaAgreement
    from ctcap.domain.alpha import AlphaEstimate
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Scale
    from ctcap.reports.agreement_model import AgreementReport, SelfExternalReport
    from ctcap.storage.panel_records import PanelView, ReviewInfo


def response_json(response: Response | None) -> int | str | None:
    return None if response is None else response if isinstance(response, str) else int(response)


def short(response: Response | None) -> str:
    from ctcap.domain.answers import Special

    if response is None:
        return "·"
    if isinstance(response, Special):
        return "N/A" if response == Special.NOT_APPLICABLE else "?"
    return str(response)


def alpha_json(estimate: AlphaEstimate) -> dict[str, Any]:
    return {
        "alpha": estimate.value,
        "interval": [estimate.low, estimate.high],
        "level": estimate.level,
        "units": estimate.units,
        "pairable_values": estimate.pairable,
        "resamples": estimate.resamples,
        "seed": estimate.seed,
    }


def alpha_text(estimate: AlphaEstimate) -> str:
    if estimate.value is None:
        return "α undefined (no variation in the levels given)"
    interval = (
        f" [{estimate.low:.2f}, {estimate.high:.2f}]"
        if estimate.low is not None and estimate.high is not None
        else ""
    )
    return f"α {estimate.value:.2f}{interval}"


def review_json(info: ReviewInfo) -> dict[str, Any]:
    return {
        "state": info.state,
        "required": info.required,
        "submitted_by": info.submitted_by,
        "submitted_at": info.submitted_at.isoformat() if info.submitted_at else None,
        "reviewed_by": info.reviewed_by,
        "approved_by": info.approved_by,
        "approved_at": info.approved_at.isoformat() if info.approved_at else None,
        "note": info.note,
    }


def view_json(view: PanelView) -> dict[str, Any]:
    panel = view.panel
    return {
        "assessment": view.round.id,
        "lead": panel.lead,
        "viewer": view.viewer,
        "revealed": panel.revealed,
        "revealed_at": panel.revealed_at.isoformat() if panel.revealed_at else None,
        "revealed_by": panel.revealed_by,
        "members": [{"member": m.member, "answered": m.answered} for m in panel.members],
        "answers": {
            member: {
                item: {
                    "response": response_json(a.response),
                    "rationale": a.rationale,
                    "evidence": list(a.evidence),
                    "version": a.version,
                }
                for item, a in items.items()
            }
            for member, items in view.answers.items()
        },
    }


def show_view(view: PanelView) -> None:
    panel, scale = view.panel, view.checklist.scale
    state = (
        f"revealed by {panel.revealed_by} at {panel.revealed_at:%Y-%m-%d %H:%M}"
        if panel.revealed_at is not None
        else f"blind: you see only your own answers until {panel.lead} reveals"
    )
    click.echo(f"#{view.round.id} {view.round.title} · panel of {len(panel.members)} · {state}")
    members = panel.names if panel.revealed else (view.viewer,)
    rows = [
        [item.id, *(_label(view.answers.get(m, {}).get(item.id), scale) for m in members)]
        for item in view.checklist.items()
    ]
    emit_table(["ITEM", *(m.upper() for m in members)], rows)


def _label(answer: Any, scale: Scale) -> str:
    return "" if answer is None else short(answer.response)


def agreement_json(report: AgreementReport) -> dict[str, Any]:
    agreement = report.agreement
    return {
        "assessment": report.round.id,
        "title": report.round.title,
        "synthetic": report.round.synthetic,
        "metric": "ordinal",
        "members": list(agreement.members),
        "lead": report.panel.lead,
        "overall": alpha_json(agreement.overall),
        "areas": [_area_json(a) for a in agreement.areas],
        "items": [
            {
                "item": i.item_id,
                "area": i.area_id,
                "answers": {member: response_json(r) for member, r in i.answers},
                "spread": i.spread,
                "within_one": i.within_one,
                "unanimous": i.unanimous,
                "mixed_special": i.mixed_special,
                "consensus": response_json(report.consensus[i.item_id].response)
                if i.item_id in report.consensus
                else None,
            }
            for i in agreement.items
        ],
        "discussion": [i.item_id for i in report.discussion],
        "adoptable": [i.item_id for i in report.adoptable],
        "review": review_json(report.review),
    }


def _area_json(area: AreaAgreement) -> dict[str, Any]:
    return {
        "area": area.area_id,
        "title": area.title,
        "items": area.items,
        "within_one": area.within_one,
        "unanimous": area.unanimous,
        **alpha_json(area.alpha),
    }


def show_agreement(report: AgreementReport, limit: int = 15) -> None:
    """The summary, the areas, and the ``limit`` items most in need of discussion."""
    agreement = report.agreement
    mark = "  [SYNTHETIC DATA]" if report.round.synthetic else ""
    click.echo(f"#{report.round.id} {report.round.title}{mark}")
    overall = agreement.overall
    within = sum(1 for i in agreement.items if i.within_one)
    click.echo(
        f"Panel of {len(agreement.members)} (lead {report.panel.lead}) · overall "
        f"{alpha_text(overall)} (Krippendorff's alpha, ordinal; {overall.level:.0%} bootstrap "
        f"over items, {overall.resamples} resamples, seed {overall.seed})"
    )
    click.echo(
        f"{len(agreement.items)} items: {within} within one step, {len(agreement.unanimous)} "
        f"unanimous ({len(report.adoptable)} to adopt with `ctcap panel adopt`), "
        f"{len(report.consensus)} decided"
    )
    emit_table(
        ["AREA", "ALPHA", "95% INTERVAL", "WITHIN 1", "UNANIMOUS", "ITEMS"],
        [[a.area_id, *_alpha_cells(a.alpha), a.within_one, a.unanimous, a.items]
         for a in agreement.areas],
    )  # fmt: skip
    if not report.discussion:
        click.echo("No item needs discussion.")
        return
    click.echo("Most in need of discussion:")
    shown, more = report.discussion[:limit], len(report.discussion) - limit
    emit_table(
        ["ITEM", "SPREAD", "WITHIN 1", "ANSWERS (member=level)"],
        [
            [
                i.item_id,
                "—" if i.spread is None else i.spread,
                {True: "yes", False: "no", None: "—"}[i.within_one],
                " ".join(f"{member}={short(r)}" for member, r in i.answers),
            ]
            for i in shown
        ],
    )
    if more > 0:
        click.echo(f"… and {more} more (--top N, or --json for every item)")


def _alpha_cells(estimate: AlphaEstimate) -> list[str]:
    if estimate.value is None:
        return ["—", "—"]
    interval = (
        f"{estimate.low:.2f} – {estimate.high:.2f}"
        if estimate.low is not None and estimate.high is not None
        else "—"
    )
    return [f"{estimate.value:.2f}", interval]


def compare_json(report: SelfExternalReport) -> dict[str, Any]:
    c = report.comparison
    return {
        "self": report.self_round.id,
        "external": report.external_round.id,
        "country": report.self_round.country_code,
        "as_of": report.self_round.as_of.isoformat(),
        "synthetic": report.self_round.synthetic or report.external_round.synthetic,
        "difference": "external − self",
        "overall": {"self": c.self_overall, "external": c.external_overall,
                    "points": c.overall_points},
        "mean_steps": c.mean_steps,
        "mean_points": c.mean_points,
        "compared": c.compared,
        "lower": c.lower,
        "higher": c.higher,
        "areas": [{"area": a.area_id, "self": a.self_score, "external": a.external_score,
                   "points": a.points} for a in c.areas],
        "items": [{"item": i.item_id, "area": i.area_id, "self": response_json(i.self_response),
                   "external": response_json(i.external_response), "steps": i.steps,
                   "points": i.points} for i in c.items],
    }  # fmt: skip


def _signed(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:+.{digits}f}"


def show_compare(report: SelfExternalReport) -> None:
    c, ours, theirs = report.comparison, report.self_round, report.external_round
    synthetic = ours.synthetic or theirs.synthetic
    click.echo(
        f"{ours.country_name} ({ours.country_code}) as of {ours.as_of}: self #{ours.id} "
        f"against external #{theirs.id}" + ("  [SYNTHETIC DATA]" if synthetic else "")
    )
    click.echo(
        f"Overall {percent(c.self_overall)} self, {percent(c.external_overall)} external "
        f"({_signed(c.overall_points)} points). Over {c.compared} items with a level on both "
        f"sides: mean {_signed(c.mean_steps, 2)} steps ({_signed(c.mean_points)} points); "
        f"{c.lower} lower, {c.higher} higher externally"
    )
    emit_table(
        ["AREA", "SELF", "EXTERNAL", "EXT − SELF"],
        [[a.area_id, percent(a.self_score), percent(a.external_score), _signed(a.points)]
         for a in c.areas],
    )  # fmt: skip
    emit_table(
        ["ITEM", "SELF", "EXTERNAL", "STEPS"],
        [[i.item_id, short(i.self_response), short(i.external_response),
          "—" if i.steps is None else f"{i.steps:+d}"] for i in c.items],
    )  # fmt: skip
