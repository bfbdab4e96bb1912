"""Reports: one typed report model, then a pure renderer per format.

- ``gap.build_gap_report(session, country, assessment_id=None, against_id=None)``,
  ``history.build_history(session, country)`` and ``portfolio.build_portfolio(session)``
  read through storage, score through the domain, and return the models of
  ``gap_model``, ``history_model`` and ``portfolio_model`` (shared pieces in ``model``).
- ``render_md`` (``render_gap_md`` is what the TUI shows; ``render_md_history``,
  ``render_md_portfolio``), ``render_json`` (shape in ``JSON.md``), ``render_csv``,
  ``render_html`` (Jinja2 templates in ``templates/``, SVG from ``charts`` and
  ``heatmap``) and ``render_xlsx`` (``render_xlsx_portfolio``) turn a model into text
  or bytes.

Markdown, JSON and CSV are byte-identical for the same database; every output built
from synthetic data carries the mark ``SYNTHETIC DATA``.
"""
