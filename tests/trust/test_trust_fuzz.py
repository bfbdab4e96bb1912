"""Fuzzing the bundle importer: whatever the bytes, only ctcap's own errors escape.

Four sources: arbitrary bytes; arbitrary JSON dressed as a bundle; a valid bundle
with one value replaced or removed anywhere, its checksum sometimes recomputed; and
the same forged throughout (chain re-linked, checksum recomputed), so changes reach
the deepest checks and, when they pass them, a real SQLite import and merge.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcap.domain.answers import Special
from ctcap.domain.evidence import legacy_entry
from ctcap.errors import CtcapError
from ctcap.storage import repository as repo
from ctcap.storage.audit import GENESIS, verify_all
from ctcap.storage.bundles import export_bundle, import_bundle, parse_bundle
from ctcap.storage.bundles.format import EventPart, canonical, chain_hash
from ctcap.storage.engine import Database, open_database

FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["na", "unknown", "answer", "import", "0" * 64, "2026-01-01", ""])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("fuzz") / "target.sqlite"
    database = open_database(f"sqlite:///{path}")
    yield database
    with database.read() as session:
        assert verify_all(session)[1] is None  # whatever got in, every chain still verifies
    database.close()


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from ctcap.loading.checklists import load_checklist

    root = Path(__file__).resolve().parents[2] / "checklists"
    path = tmp_path_factory.mktemp("fuzz-source") / "source.sqlite"
    database = open_database(f"sqlite:///{path}")
    with database.write() as session:
        repo.ensure_country(session, "QZA", "Zandia")
        info = repo.create_assessment(
            session,
            country="QZA",
            checklist=load_checklist(root / "minimal.yaml", root),
            as_of=date(2026, 1, 1),
            assessor="ana",
        )
        repo.record_answer(
            session,
            info.id,
            "sltd-reporting",
            3,
            actor="ana",
            rationale="r",
            evidence=[legacy_entry("e")],
        )
        repo.record_answer(session, info.id, "sltd-screening", Special.NOT_APPLICABLE, actor="b")
        repo.finalize(session, info.id, actor="ana")
        repo.reopen(session, info.id, actor="lead", reason="check")
        repo.record_answer(session, info.id, "sltd-screening", None, actor="b")
        made = export_bundle(session, info.id)
    database.close()
    return made


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def _import(database: Database, data: bytes) -> None:
    try:
        bundle = parse_bundle(data, "fuzz.json")
        with database.write() as session:
            import_bundle(session, bundle, actor="fuzzer", allow_unsigned=True)
    except CtcapError:
        pass  # the only kind of failure allowed


@FUZZ
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes(target: Database, data: bytes) -> None:
    _import(target, data)


@FUZZ
@given(body=JSON, framed=st.booleans(), sealed=st.booleans())
def test_arbitrary_json(target: Database, body: Any, framed: bool, sealed: bool) -> None:
    document: Any = body
    if framed:
        document = {"format": "ctcap-bundle", "format_version": 1, "content": body}
        if sealed:
            document["sha256"] = hashlib.sha256(canonical(body)).hexdigest()
    _import(target, json.dumps(document).encode())


@FUZZ
@given(data=st.data(), value=JSON, remove=st.booleans(), reseal=st.booleans())
def test_one_value_of_a_valid_bundle_changed(
    target: Database,
    document: dict[str, Any],
    data: st.DataObject,
    value: Any,
    remove: bool,
    reseal: bool,
) -> None:
    spoiled = json.loads(json.dumps(document))
    paths = [p for p in _paths(spoiled) if p]
    path = data.draw(st.sampled_from(paths))
    parent = spoiled
    for key in path[:-1]:
        parent = parent[key]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    if reseal and isinstance(spoiled.get("content"), dict):
        spoiled["sha256"] = hashlib.sha256(canonical(spoiled["content"])).hexdigest()
    _import(target, json.dumps(spoiled).encode())


def _rechain(content: Any) -> None:
    """Re-link every well-formed event, as a forger with the format spec would."""
    try:
        prev, uid, events = GENESIS, content["assessment"]["uid"], content["events"]
        for event in events:
            event["prev_hash"] = prev
            event["hash"] = prev = chain_hash(uid, prev, EventPart.model_validate(event))
    except (KeyError, TypeError, ValueError):
        pass  # the spoiled part is not a chain any more: the checks will say so


@FUZZ
@given(data=st.data(), value=JSON, remove=st.booleans())
def test_one_value_changed_then_forged_throughout(
    target: Database, document: dict[str, Any], data: st.DataObject, value: Any, remove: bool
) -> None:
    spoiled = json.loads(json.dumps(document))
    content = spoiled["content"]
    paths = [p for p in _paths(content) if p and p[0] != "checklist"]
    path = data.draw(st.sampled_from(paths))
    parent = content
    for key in path[:-1]:
        parent = parent[key]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    _rechain(content)
    spoiled["sha256"] = hashlib.sha256(canonical(content)).hexdigest()
    _import(target, json.dumps(spoiled).encode())


def test_the_unchanged_bundle_imports(target: Database, document: dict[str, Any]) -> None:
    """The fuzzed bundle is valid before it is spoiled: the mutations test real checks."""
    bundle = parse_bundle(json.dumps(document).encode(), "valid.json")
    with target.write() as session:
        result = import_bundle(session, bundle, actor="fuzzer", allow_unsigned=True)
    assert result.outcome in ("created", "up to date")
