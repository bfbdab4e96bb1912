"""NIST OSCAL v1.1.3: checklists as catalogs (both ways), rounds as assessment results.

The mapping (README "Open formats"): a checklist is a catalog, an area a group, an item a
control; the question is the control's ``statement`` part, each level's descriptor a
``level-descriptor`` part in ctcap's namespace, references back-matter resources linked
from the control; an assessment round is a result, each answered item an observation and,
unless not applicable, a finding against the item's target level.
"""

from __future__ import annotations

import uuid

OSCAL_VERSION = "1.1.3"

# ctcap's namespace for its own props and parts. It names, it does not locate: the
# .example domain is reserved (RFC 2606), so the URI can never belong to anyone else.
NS = "https://ctcap.example/ns/oscal"

# Root of every UUID ctcap derives (uuid5, so the same data gives the same document).
UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)


def stable_uuid(*parts: str) -> str:
    """A version-5 UUID of ``parts`` under ctcap's root: deterministic, never random."""
    return str(uuid.uuid5(UUID_ROOT, "/".join(parts)))
