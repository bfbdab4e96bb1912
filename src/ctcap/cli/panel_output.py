"""Text and JSON of the panel commands; their reports (agreement, self against external)
are rendered by ``reports.formats``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .output import emit_table

if TYPE_CHECKING:
    from ctcap.domain.answers import Response
    from ctcap.domain.model import Scale
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
