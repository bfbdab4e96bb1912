"""JSON: the portfolio report, a section per checklist and a row per country."""

from __future__ import annotations

from ...portfolio_model import PendingCountry, Portfolio, PortfolioRow, PortfolioSection
from ..text import trend_arrow
from . import Json, _areas, _assistance, _head, dump, ratio, round_json, scale_json, score


def portfolio_to_json(portfolio: Portfolio) -> Json:
    return {
        **_head("portfolio", portfolio.synthetic, portfolio.handling),
        "checklists": [_section(section) for section in portfolio.sections],
    }


def _section(section: PortfolioSection) -> Json:
    return {
        "checklist": section.checklist_id,
        "title": section.checklist_title,
        "versions": list(section.versions),
        "scale": scale_json(section.scale),
        "areas": _areas(section.areas),
        "countries": [_row(row) for row in section.rows],
        "pending": [_pending(p) for p in section.pending],
    }


def _row(row: PortfolioRow) -> Json:
    return {
        "code": row.country_code,
        "name": row.country_name,
        "assessment": round_json(row.round),
        "previous": round_json(row.previous) if row.previous else None,
        "overall": score(row.overall),
        "overall_change": score(row.overall_change),
        "trend": trend_arrow(row.overall_change),
        "completion": ratio(row.completion),
        "gaps": row.gaps,
        "fundamental_gaps": row.fundamental_gaps,
        "cells": [
            {
                "area": c.area_id,
                "score": score(c.score),
                "target": score(c.target),
                "change": score(c.change),
                "trend": trend_arrow(c.change),
                "capped": c.capped,
            }
            for c in row.cells
        ],
        "top_assistance": [_assistance(a) for a in row.top_assistance],
    }


def _pending(pending: PendingCountry) -> Json:
    return {
        "code": pending.country_code,
        "name": pending.country_name,
        "drafts": pending.drafts,
        "latest_as_of": pending.latest_as_of.isoformat(),
        "synthetic": pending.synthetic,
    }


def render_portfolio_json(portfolio: Portfolio) -> str:
    return dump(portfolio_to_json(portfolio))
