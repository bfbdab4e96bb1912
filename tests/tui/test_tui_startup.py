"""First paint must not wait for SQLAlchemy, pydantic or the checklists."""

from __future__ import annotations

import subprocess
import sys

HEAVY = {"sqlalchemy", "pydantic", "yaml", "alembic", "pycountry"}


def test_importing_the_app_loads_nothing_heavy() -> None:
    code = (
        "import sys, ctcap.tui.app; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_cli_entry_point_finds_run_app() -> None:
    from ctcap.tui.app import run_app

    assert callable(run_app)
