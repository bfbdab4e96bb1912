"""Pure domain: the checklist model, answers, scoring, gaps and round comparison.

No I/O, no Textual, no SQLAlchemy: given the same inputs, the same numbers everywhere.
"""
