"""Every document ctcap writes validates against NIST's OSCAL v1.1.3 JSON schemas."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

from ctcap.interchange.oscal.catalog_out import checklist_catalog
from ctcap.interchange.oscal.model import dump
from ctcap.interchange.oscal.schema import (
    CATALOG_SCHEMA,
    RESULTS_SCHEMA,
    SCHEMAS,
    ecma_pattern,
    schema_problem,
)

from .conftest import BUNDLED, SmallDb, load

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def catalog_of(name: str) -> dict:  # type: ignore[type-arg]
    return dump(checklist_catalog(load(name), MOMENT))


def test_the_vendored_schemas_are_nists_v1_1_3_unchanged() -> None:
    readme = (SCHEMAS / "README.md").read_text()
    assert "ffc17c31ee570c08a8e39d837150ce0b7c1f04aa" in readme  # the commit copied from
    for name, short in ((CATALOG_SCHEMA, "catalog"), (RESULTS_SCHEMA, "ar")):
        raw = (SCHEMAS / name).read_bytes()
        assert (
            json.loads(raw)["$id"]
            == f"http://csrc.nist.gov/ns/oscal/1.1.3/oscal-{short}-schema.json"
        )
        assert hashlib.sha256(raw).hexdigest() in readme  # byte for byte as recorded


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_checklist_is_a_valid_catalog(name: str) -> None:
    assert schema_problem(catalog_of(name), CATALOG_SCHEMA) is None


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    document = catalog_of("minimal.yaml")
    del document["catalog"]["uuid"]
    assert schema_problem(document, CATALOG_SCHEMA) == (
        "/catalog",
        "'uuid' is a required property",
    )


def test_unicode_property_patterns_are_evaluated_not_refused() -> None:
    # OSCAL tokens are \p{L}-based: a letter of any script passes, a leading digit fails.
    document = catalog_of("minimal.yaml")
    control = document["catalog"]["groups"][0]["controls"][0]
    control["id"] = "ñandú-1"
    assert schema_problem(document, CATALOG_SCHEMA) is None
    control["id"] = "1-ñandú"
    assert schema_problem(document, CATALOG_SCHEMA) == (
        "/catalog/groups/0/controls/0/id",
        "does not match the pattern this field requires",
    )


def test_dollar_means_end_of_input_as_in_ecma_262() -> None:
    assert ecma_pattern(r"^\S(.*\S)?$") == r"^\S(.*\S)?\Z"
    assert ecma_pattern(r"[$]\$x$") == r"[$]\$x\Z"
    document = catalog_of("minimal.yaml")
    document["catalog"]["metadata"]["version"] = "1.0\n"  # Python's $ would let this pass
    assert schema_problem(document, CATALOG_SCHEMA) is not None


def test_demo_assessment_results_are_valid(demo_db: str, ctcap) -> None:  # type: ignore[no-untyped-def]
    for country in ("XAA", "XBB", "XCC", "XDD"):
        for checklist in ("ct-instruments", "jp-2004-urgent-measures"):
            run = ctcap(
                f"--db={demo_db}", "report", "gap", "--country", country,
                "--checklist", checklist, "--format", "oscal",
            )  # fmt: skip
            assert run.code == 0, run.err
            document = json.loads(run.out)
            assert schema_problem(document, RESULTS_SCHEMA) is None
            assert len(document["assessment-results"]["results"]) >= 2


def test_small_database_assessment_results_are_valid(small_db: SmallDb, read_session) -> None:  # type: ignore[no-untyped-def]
    from ctcap.interchange.oscal.results import build_assessment_results

    with read_session(small_db.url) as session:
        for round_name in ("r1", "r2", "r3"):
            document = build_assessment_results(session, "XOS", small_db.ids[round_name])
            assert schema_problem(dump(document), RESULTS_SCHEMA) is None


def test_an_invalid_results_document_is_caught(small_db: SmallDb, read_session) -> None:  # type: ignore[no-untyped-def]
    from ctcap.interchange.oscal.results import build_assessment_results

    with read_session(small_db.url) as session:
        document = dump(build_assessment_results(session, "XOS", small_db.ids["r3"]))
    document["assessment-results"]["results"][0]["findings"][0]["target"]["status"] = {}
    pointer, message = schema_problem(document, RESULTS_SCHEMA) or ("", "")
    assert pointer == "/assessment-results/results/0/findings/0/target/status"
    assert "'state' is a required property" in message
