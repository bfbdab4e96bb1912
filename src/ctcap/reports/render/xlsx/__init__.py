"""XLSX through openpyxl: one module per report (``gap``, ``portfolio``, ``agreement``,
``self_external``; the history has none).

Every sheet starts the same way (``style.write_table``): a title row, marked where the
data is synthetic, then frozen column headers. Level and score cells are filled with
their scale's colours.
"""

from .agreement import render_agreement_xlsx
from .gap import render_gap_xlsx
from .portfolio import render_portfolio_xlsx
from .self_external import render_self_external_xlsx

__all__ = [
    "render_agreement_xlsx",
    "render_gap_xlsx",
    "render_portfolio_xlsx",
    "render_self_external_xlsx",
]
