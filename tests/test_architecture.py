"""The layers' import rules, checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

LOWER_LAYERS = [
    "ctcap.domain.model",
    "ctcap.domain.scoring",
    "ctcap.domain.gaps",
    "ctcap.domain.compare",
    "ctcap.domain.validation",
    "ctcap.loading.checklists",
    "ctcap.loading.schema",
    "ctcap.storage.engine",
    "ctcap.storage.repository",
    "ctcap.storage.audit",
    "ctcap.interchange.oscal.catalog_out",
    "ctcap.interchange.oscal.catalog_in",
    "ctcap.interchange.oscal.results",
    "ctcap.storage.proposal_decisions",
    "ctcap.interchange.published.importer",
    "ctcap.storage.projects",
    "ctcap.storage.project_reading",
    "ctcap.reports.assistance",
    "ctcap.interchange.iati.export",
    "ctcap.interchange.iati.parse",
    "ctcap.interchange.crs.parse",
]


@pytest.mark.parametrize("module", LOWER_LAYERS)
def test_lower_layers_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_domain_imports_no_database_or_yaml() -> None:
    code = (
        "import sys, ctcap.domain.scoring, ctcap.domain.gaps, ctcap.domain.compare, "
        "ctcap.domain.projects, ctcap.domain.before_after; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'yaml', 'alembic', 'textual'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
