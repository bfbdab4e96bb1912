"""What the panel screen's tables and lines show, as plain functions of ``PanelData``.

Stored text (names, titles) goes through the text guard and into ``Text`` objects, so
neither an escape sequence nor Rich markup in it is obeyed. Before reveal nothing here
reads any member's answers: ``PanelData`` holds only how many items each answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ctcap.text import shown_line

from ..widgets.glyphs import answer_glyph

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from ctcap.domain.alpha import AlphaEstimate
    from ctcap.reports.agreement_model import AgreementLine, AgreementReport

    from ..panel_views import PanelData


def plain(text: str, width: int | None = None, style: str = "") -> Text:
    return Text(shown_line(text, width), style=style)


def alpha_text(estimate: AlphaEstimate) -> str:
    if estimate.value is None:
        return "α undefined (no variation)"
    interval = (
        f" [{estimate.low:.2f}, {estimate.high:.2f}]"
        if estimate.low is not None and estimate.high is not None
        else ""
    )
    return f"α {estimate.value:.2f}{interval}"


def title_line(data: PanelData) -> Text:
    info, panel = data.info, data.panel
    line = plain(f"#{info.id} {info.country_name} · as of {info.as_of}", 50)
    if panel is None:
        line.append(" · not a panel round")
    elif panel.revealed:
        line.append(f" · revealed by {shown_line(panel.revealed_by or '', 30)}", "bold")
    else:
        line.append(f" · blind until {shown_line(panel.lead, 30)} reveals", "bold yellow")
    review = data.review.state.replace("_", " ")
    line.append(f" · review: {review}" + (" (four eyes)" if data.review.required else ""))
    return line


def fill_members(table: DataTable[Text], data: PanelData) -> None:
    """Each member and their progress: how many items, never which answers."""
    table.clear(columns=True)
    table.add_column("Member", key="member", width=20)
    table.add_column("Answered", key="answered", width=8)
    if data.panel is None:
        table.add_row(plain("(one assessor)"), plain(""), key="none")
        return
    for member in data.panel.members:
        marks = [
            " (lead)" if member.is_lead else "",
            " (you)" if member.member == data.viewer else "",
        ]
        name = plain(shown_line(member.member, 14) + "".join(marks), style="bold" * member.is_lead)
        table.add_row(name, plain(f"{member.answered}/{data.items}"), key=member.member)


def summary_lines(data: PanelData) -> Text:
    """Before reveal: what is hidden and why. After: alpha overall and by area, counts."""
    report = data.agreement
    if data.panel is None:
        return Text(
            "One assessor scores this round. Review steps: s submit, n send back, y approve."
        )
    if report is None:
        return Text(
            "Blind: each member sees only their own answers until the lead "
            f"({shown_line(data.panel.lead, 30)}) reveals them (v). Shown here: how many items "
            "each member has answered."
        )
    agreement = report.agreement
    text = Text.assemble(("Overall ", "bold"), (alpha_text(agreement.overall), "bold"))
    text.append(f" (ordinal; 95% bootstrap, {agreement.overall.resamples} resamples)\n")
    text.append(
        f"{len(agreement.items)} items: {report.within_one} within one step · "
        f"{len(agreement.unanimous)} unanimous ({len(report.adoptable)} to adopt, a) · "
        f"{len(report.consensus)} decided · {report.needing_discussion} to discuss\n"
    )
    for area in agreement.areas:
        text.append(shown_line(area.title, 22).ljust(23) + alpha_text(area.alpha) + "\n")
    return text


def item_lines(data: PanelData, every_item: bool) -> tuple[AgreementLine, ...]:
    """The items to show: those most in need of discussion, ranked, or every item."""
    report = data.agreement
    if report is None:
        return ()
    return report.lines if every_item else report.discussion_lines


def fill_items(
    table: DataTable[Text], report: AgreementReport, lines: tuple[AgreementLine, ...]
) -> None:
    """A row per item: rank, title, spread, within one, each member's answer, consensus."""
    table.clear(columns=True)
    table.add_column("#", key="rank", width=3)
    table.add_column("Item", key="item", width=26)
    table.add_column("Spr", key="spread", width=3)
    table.add_column("≤1", key="within", width=3)
    scale = report.checklist.scale
    for n, member in enumerate(report.panel.names):
        table.add_column(plain(member, 4), key=f"m{n}", width=4)
    table.add_column("Consensus", key="consensus", width=12)
    for line in lines:
        a = line.agreement
        consensus = (
            plain("—", style="dim") if line.consensus is None else plain(line.consensus.label, 12)
        )
        table.add_row(
            plain("" if line.rank is None else str(line.rank)),
            plain(line.title, 26),
            plain("—" if a.spread is None else str(a.spread)),
            plain({True: "yes", False: "no", None: "—"}[a.within_one]),
            *(answer_glyph(response, scale) for _, response in a.answers),
            consensus,
            key=a.item_id,
        )
