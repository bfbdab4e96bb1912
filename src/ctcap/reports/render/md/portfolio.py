"""Markdown: the portfolio, one table per checklist with a row per country.

Each row is the country's latest final round, with arrows against the final round
before it; countries with only drafts are listed as pending below the table.
"""

from __future__ import annotations

from ...portfolio_model import Portfolio, PortfolioRow, PortfolioSection
from ..text import SYNTHETIC_MARK, format_change, format_percent, format_score, trend_arrow
from .blocks import code_span, escape, handling_line, scale_text, synthetic_banner, table


def render_portfolio_md(portfolio: Portfolio) -> str:
    out = handling_line(portfolio.handling) + synthetic_banner(portfolio.synthetic)
    out += [
        "# Portfolio",
        "",
        "Each country's latest final assessment per checklist; arrows compare it with "
        "the final round before it. † marks an area capped by a fundamental item.",
        "",
    ]
    if not portfolio.sections:
        out += ["No assessments yet.", ""]
    for section in portfolio.sections:
        out += _section(section)
    if portfolio.synthetic:
        out += [f"*{SYNTHETIC_MARK}*", ""]
    out += handling_line(portfolio.handling)
    return "\n".join(out).rstrip("\n") + "\n"


def _section(section: PortfolioSection) -> list[str]:
    versions = ", ".join(escape(v) for v in section.versions) or "—"
    out = [
        f"## {escape(section.checklist_title)} ({code_span(section.checklist_id)})",
        "",
        f"Versions: {versions}. Scale: {scale_text(section.scale)}.",
        "",
    ]
    if section.rows:
        headers = ["Country", "As of", "Overall", "Change", "Done"]
        headers += [escape(a.title) for a in section.areas]
        headers += ["Top assistance need", "Mark"]
        rows = [_row(row) for row in section.rows]
        right = tuple(range(2, 5 + len(section.areas)))
        out += [table(headers, rows, right=right), ""]
    for pending in section.pending:
        out.append(
            f"- Pending: {escape(pending.country_name)} ({pending.country_code}), "
            f"{pending.drafts} draft(s), latest as of {pending.latest_as_of.isoformat()}; "
            "no final assessment yet"
        )
    if section.pending:
        out.append("")
    return out


def _row(row: PortfolioRow) -> list[str]:
    mark = " (synthetic)" if row.round.synthetic else ""
    cells = [
        f"{escape(row.country_name)} ({row.country_code}){mark}",
        row.round.as_of.isoformat(),
        format_score(row.overall),
        format_change(row.overall_change),
        format_percent(row.completion),
    ]
    for cell in row.cells:
        text = format_score(cell.score)
        if cell.change is not None:
            text += " " + trend_arrow(cell.change)
        cells.append(text + ("†" if cell.capped else ""))
    cells.append(", ".join(escape(a.title) for a in row.top_assistance[:1]) or "—")
    cells.append(escape(row.round.mark_label))
    return cells
