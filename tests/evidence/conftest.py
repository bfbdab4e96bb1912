"""Evidence, treaty facts, marks and releases: the CLI in-process, with a signing key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from evidence.evidence_help import Ran
from in_process_cli import in_process_cli, signing_key_in


@pytest.fixture(autouse=True)
def signing_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Exports are signed with this key, and bundles it signed are trusted."""
    return signing_key_in(tmp_path_factory, monkeypatch, "evidence-signing-key")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process."""
    return in_process_cli(capsys, monkeypatch)
