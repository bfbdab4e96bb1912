"""Every URL a bundled checklist cites is one our facts file records: nothing invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO.parent / "shared" / "reference" / "domain-facts.md"
URL = re.compile(r"https?://[^\s\"')\];]+")


def _normalise(url: str) -> str:
    # The facts file sometimes writes a host with its root dot ("wikipedia.org./wiki").
    return url.replace(".org./", ".org/").rstrip(".,")


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared facts file is not beside the repo")
def test_every_cited_url_is_in_the_facts_file() -> None:
    facts = {_normalise(u) for u in URL.findall(FACTS.read_text(encoding="utf-8"))}
    cited = {
        (path.name, _normalise(u))
        for path in sorted((REPO / "checklists").glob("*.yaml"))
        for u in URL.findall(path.read_text(encoding="utf-8"))
    }
    unknown = sorted(f"{name}: {url}" for name, url in cited if url not in facts)
    assert cited and unknown == []
