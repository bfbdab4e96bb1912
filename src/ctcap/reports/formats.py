"""The report formats, shared by the CLI and the TUI: render by name, write owner-only.

Each renderer is imported only when its format is asked for, so a command that needs
Markdown loads neither Jinja2 nor openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctcap.errors import CtcapError

if TYPE_CHECKING:
    from .agreement_model import AgreementReport
    from .assistance_model import NeedAgainstAssistance
    from .gap_model import GapReport
    from .history_model import History
    from .outcomes_model import Outcomes
    from .portfolio_model import Portfolio
    from .self_external_model import SelfExternalReport

FORMATS = ("md", "html", "json", "csv", "xlsx")
HISTORY_FORMATS = ("md", "json")
BINARY_FORMATS = frozenset({"xlsx"})


def format_for(path: Path) -> str:
    """The format a file name asks for, by its suffix."""
    suffix = path.suffix.lower().lstrip(".")
    suffix = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    if suffix not in FORMATS:
        raise CtcapError(f"{path}: unknown report format; end the name with .{', .'.join(FORMATS)}")
    return suffix


def render_gap(report: GapReport, fmt: str) -> str | bytes:
    if fmt == "md":
        from .render.md import render_gap_md

        return render_gap_md(report)
    if fmt == "html":
        from .render.html import render_gap_html

        return render_gap_html(report)
    if fmt == "json":
        from .render.json import render_gap_json

        return render_gap_json(report)
    if fmt == "csv":
        from .render.csv import render_gap_csv

        return render_gap_csv(report)
    from .render.xlsx import render_gap_xlsx

    return render_gap_xlsx(report)


def render_history(history: History, fmt: str) -> str:
    """The history in one of ``HISTORY_FORMATS`` (a table per checklist, or JSON)."""
    if fmt == "md":
        from .render.md import render_history_md

        return render_history_md(history)
    if fmt == "json":
        from .render.json import render_history_json

        return render_history_json(history)
    raise CtcapError(f"the history has no {fmt} format: use {' or '.join(HISTORY_FORMATS)}")


def render_portfolio(portfolio: Portfolio, fmt: str) -> str | bytes:
    if fmt == "md":
        from .render.md import render_portfolio_md

        return render_portfolio_md(portfolio)
    if fmt == "html":
        from .render.html import render_portfolio_html

        return render_portfolio_html(portfolio)
    if fmt == "json":
        from .render.json import render_portfolio_json

        return render_portfolio_json(portfolio)
    if fmt == "csv":
        from .render.csv import render_portfolio_csv

        return render_portfolio_csv(portfolio)
    from .render.xlsx import render_portfolio_xlsx

    return render_portfolio_xlsx(portfolio)


def render_agreement(report: AgreementReport, fmt: str) -> str | bytes:
    """A revealed panel's agreement (``ctcap panel agreement``) in any of ``FORMATS``."""
    if fmt == "md":
        from .render.md import render_agreement_md

        return render_agreement_md(report)
    if fmt == "html":
        from .render.html import render_agreement_html

        return render_agreement_html(report)
    if fmt == "json":
        from .render.json.agreement import render_agreement_json

        return render_agreement_json(report)
    if fmt == "csv":
        from .render.csv import render_agreement_csv

        return render_agreement_csv(report)
    from .render.xlsx import render_agreement_xlsx

    return render_agreement_xlsx(report)


def render_self_external(report: SelfExternalReport, fmt: str) -> str | bytes:
    """A self-assessment against an external round (``ctcap compare``) in any format."""
    if fmt == "md":
        from .render.md import render_self_external_md

        return render_self_external_md(report)
    if fmt == "html":
        from .render.html import render_self_external_html

        return render_self_external_html(report)
    if fmt == "json":
        from .render.json.agreement import render_self_external_json

        return render_self_external_json(report)
    if fmt == "csv":
        from .render.csv import render_self_external_csv

        return render_self_external_csv(report)
    from .render.xlsx import render_self_external_xlsx

    return render_self_external_xlsx(report)


# The assistance reports' renderer modules, by format (each has render_need_<fmt> and
# render_outcomes_<fmt>).
_ASSISTANCE = {
    "md": "md.assistance",
    "html": "html.assistance",
    "json": "json.assistance",
    "csv": "assistance_csv",
    "xlsx": "xlsx.assistance",
}


def render_need(view: NeedAgainstAssistance, fmt: str) -> str | bytes:
    """Need against assistance in one of ``FORMATS``."""
    return _render_assistance("need", view, fmt)


def render_outcomes(outcomes: Outcomes, fmt: str) -> str | bytes:
    """The projects' before/after tallies in one of ``FORMATS``."""
    return _render_assistance("outcomes", outcomes, fmt)


def _render_assistance(report: str, model: Any, fmt: str) -> str | bytes:
    from importlib import import_module

    if fmt not in _ASSISTANCE:
        raise CtcapError(f"unknown report format {fmt!r}: use {', '.join(FORMATS)}")
    module = import_module(f".render.{_ASSISTANCE[fmt]}", __package__)
    rendered: str | bytes = getattr(module, f"render_{report}_{fmt}")(model)
    return rendered


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` with mode 0600, atomically (a temp file, then rename)."""
    from ctcap.outfile import write_file

    return write_file(path, data)
