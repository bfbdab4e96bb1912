"""Evidence, treaty facts, marks and releases: the CLI in-process, with a signing key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidence.evidence_help import Ran


@pytest.fixture(autouse=True)
def signing_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Exports are signed with this key, and bundles it signed are trusted."""
    from ctcap.storage.bundles.signing import KEY_FILE, load_key, new_key

    directory = tmp_path_factory.getbasetemp() / "evidence-signing-key"
    if not (directory / KEY_FILE).exists():
        new_key(directory)
    monkeypatch.setenv("CTCAP_KEYS_DIR", str(directory))
    return load_key(directory)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run ``ctcap ARGS`` through its real entry point, in this process."""
    from ctcap.cli.main import main

    monkeypatch.setenv("CTCAP_ASSESSOR", "tester")
    monkeypatch.delenv("CTCAP_DB", raising=False)

    def run(*args: str, db: str | Path | None = None) -> Ran:
        capsys.readouterr()
        argv = [*([f"--db={db}"] if db is not None else []), *args]
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run
