"""Reports: a builder and a typed model per report, then a renderer per format.

Builders, one module per report, read through storage, score through the domain and
return a plain model:

- ``gap.build_gap_report(session, country, assessment_id=None, against_id=None)`` →
  ``gap_model.GapReport``;
- ``history.build_history(session, country)`` → ``history_model.History``;
- ``portfolio.build_portfolio(session)`` → ``portfolio_model.Portfolio``;

with the pieces they share in ``common`` (building) and ``model`` (records).

Renderers, one module or package per format under ``render/``, turn a model into text
or bytes: ``md`` (what the TUI shows), ``html`` (Jinja2 and inline SVG), ``json``
(shape in ``render/JSON.md``), ``csv`` and ``xlsx``. ``formats`` picks one by name for
the CLI and the TUI and writes files owner-only.

Markdown, JSON and CSV are byte-identical for the same database; every output built
from synthetic data carries the mark ``SYNTHETIC DATA``.
"""
