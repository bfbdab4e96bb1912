"""Plain text ↔ OSCAL markup, and checklist ids ↔ OSCAL tokens, both reversible.

OSCAL's markup fields (titles, prose, descriptions, remarks) are Markdown in JSON. ctcap's
texts are plain, so the characters Markdown would act on (emphasis, code, links, raw
HTML, entities, OSCAL's ``{{ insert }}``) are backslash-escaped: a rationale reading
``<script>`` is shown as those characters, never run. ``from_markup`` undoes it exactly.

Checklist ids may start with a digit; OSCAL tokens may not. Such an id is written with a
leading ``_`` (which no checklist id has), and read back without it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MARKDOWN_ACTIVE = frozenset("\\`*_{}[]<>&~")
# CommonMark: a backslash before any ASCII punctuation is an escape.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def to_markup(text: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN_ACTIVE else c for c in text)


def from_markup(markup: str) -> str:
    return _ESCAPE.sub(r"\1", markup)


def to_token(identifier: str) -> str:
    return identifier if identifier[:1].isalpha() else "_" + identifier


def from_token(token: str) -> str:
    return token[1:] if token.startswith("_") else token


def timestamp(moment: datetime) -> str:
    """An OSCAL date-time with time zone; storage's naive times are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def number(value: float) -> str:
    """A weight or score as a property value that reads back to the same float."""
    return repr(float(value))
