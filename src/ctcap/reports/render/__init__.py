"""The renderers: one module (or package) per format, each rendering every report it has.

``md``, ``html``, ``json``, ``csv`` and ``xlsx`` turn the report models of ``gap_model``,
``history_model`` and ``portfolio_model`` into text or bytes, and only format them: no
renderer reads the database or scores anything. How every format prints a score, a
change or a share is in ``text``, the colour of a score in ``colours``, and the gap
report's key messages (prose the HTML and XLSX both show) in ``key_messages``.
``ctcap.reports.formats`` picks the renderer by name and imports it only when asked.
"""
