"""What the bundled checklists cite: nothing invented, and every score defensible.

Every cited URL is one the shared facts file records, or one listed in the reviewed
``tests/checklist_sources.yaml`` with how it was confirmed. A reference marked primary
must point at a URL reviewed as primary (the issuing body's own text), and every item
cites at least one such source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctcap.domain.model import Checklist, ReferenceKind
from ctcap.loading.checklists import checklist_files, load_checklist

REPO = Path(__file__).resolve().parents[1]
CHECKLISTS = REPO / "checklists"
FACTS = REPO.parent / "shared" / "reference" / "domain-facts.md"
SOURCES = Path(__file__).resolve().parent / "checklist_sources.yaml"
URL = re.compile(r"https?://[^\s\"'\];]+")
PRIMARY, SECONDARY = ReferenceKind.PRIMARY.value, ReferenceKind.SECONDARY.value
# Hosts that only copy other bodies' documents: never a primary source.
MIRRORS = ("scribd.com", "vdocuments", "docslib.org", "studylib.net", "wikipedia.org", "grokipedia")


def _normalise(url: str) -> str:
    # The facts file sometimes writes a host with its root dot ("wikipedia.org./wiki").
    url = url.replace(".org./", ".org/").rstrip(".,")
    # A closing bracket belongs to the address only when it closes one opened in it,
    # as in https://undocs.org/S/RES/1373(2001); otherwise it closes the prose around it.
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,")
    return url


def _urls(text: str) -> set[str]:
    return {_normalise(u) for u in URL.findall(text)}


def _reviewed() -> dict[str, Any]:
    data = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _reviewed_kinds() -> dict[str, str]:
    data = _reviewed()
    kinds = {entry["url"]: entry["kind"] for entry in data["confirmed"]}
    kinds.update({entry["url"]: PRIMARY for entry in data["primary_in_facts"]})
    return kinds


@pytest.fixture(scope="module")
def bundled() -> list[Checklist]:
    return [load_checklist(path, CHECKLISTS) for path in checklist_files(CHECKLISTS)]


def _references(checklists: list[Checklist]) -> list[tuple[str, Any]]:
    return [
        (f"{checklist.id}/{item.id}", reference)
        for checklist in checklists
        for item in checklist.items()
        for reference in item.references
    ]


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared facts file is not beside the repo")
def test_every_cited_url_is_in_the_facts_file_or_reviewed() -> None:
    facts = _urls(FACTS.read_text(encoding="utf-8"))
    confirmed = {entry["url"] for entry in _reviewed()["confirmed"]}
    cited = {
        (path.name, url)
        for path in checklist_files(CHECKLISTS)
        for url in _urls(path.read_text(encoding="utf-8"))
    }
    unknown = sorted(f"{name}: {url}" for name, url in cited if url not in facts | confirmed)
    assert cited and unknown == []


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared facts file is not beside the repo")
def test_primary_urls_taken_from_the_facts_file_are_recorded_there() -> None:
    facts = _urls(FACTS.read_text(encoding="utf-8"))
    missing = [e["url"] for e in _reviewed()["primary_in_facts"] if e["url"] not in facts]
    assert missing == []


def test_the_reviewed_list_is_well_formed() -> None:
    data = _reviewed()
    assert set(data) == {"confirmed", "primary_in_facts"}
    urls = [entry["url"] for part in data.values() for entry in part]
    assert len(urls) == len(set(urls)), "a URL is listed twice"
    for entry in data["confirmed"]:
        assert set(entry) <= {"url", "kind", "issuer", "seen"}, entry["url"]
        assert entry["kind"] in (PRIMARY, SECONDARY), entry["url"]
        assert entry["seen"].strip(), f"{entry['url']}: say how it was confirmed"
        if entry["kind"] == PRIMARY:
            assert entry["issuer"].strip(), entry["url"]
    for entry in data["primary_in_facts"]:
        assert set(entry) == {"url", "issuer"} and entry["issuer"].strip(), entry["url"]
    for url, kind in _reviewed_kinds().items():
        assert _urls(url) == {url}, url
        if kind == PRIMARY:
            assert not any(host in url for host in MIRRORS), f"a mirror is not primary: {url}"


def test_every_reviewed_url_is_cited(bundled: list[Checklist]) -> None:
    cited = {ref.url for _, ref in _references(bundled) if ref.url}
    cited |= {c.source.url for c in bundled if c.source.url}
    stale = sorted(set(_reviewed_kinds()) - cited)
    assert stale == [], "listed but cited nowhere; remove them"


def test_each_reference_has_the_kind_its_url_was_reviewed_as(bundled: list[Checklist]) -> None:
    reviewed = _reviewed_kinds()
    wrong = []
    for where, ref in _references(bundled):
        assert ref.kind is not None, f"{where}: {ref.title}"
        if ref.url is None:
            continue
        expected = reviewed.get(ref.url, SECONDARY)
        if ref.kind.value != expected:
            wrong.append(f"{where}: {ref.url} is {expected}, marked {ref.kind.value}")
    assert wrong == []


def test_every_item_cites_a_primary_source_with_an_address(bundled: list[Checklist]) -> None:
    reviewed = _reviewed_kinds()
    lacking = [
        f"{checklist.id}/{item.id}"
        for checklist in bundled
        for item in checklist.items()
        if not any(
            ref.kind is ReferenceKind.PRIMARY and ref.url and reviewed.get(ref.url) == PRIMARY
            for ref in item.references
        )
    ]
    assert bundled and lacking == []


def test_the_bundled_mirrors_no_longer_stand_in_for_primary_texts() -> None:
    """The copies the 1.0 checklists leaned on are replaced by the bodies' own texts."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in checklist_files(CHECKLISTS))
    for replaced in (
        "humanrightsvoices.org",  # UNSCR 1373 via a text dump of a press kit
        "wikipedia.org/wiki/United_Nations_Security_Council_Resolution_1540",
        "grokipedia",  # INTERPOL via an AI-written encyclopedia mirror
        "idoc.tips",  # the ISPS Code via a document-sharing site
        "sanctionsassociation.org",
    ):
        assert replaced not in text, replaced
