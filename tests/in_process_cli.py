"""``ctcap ARGS`` run through its real entry point in the test's own process, and the
signing key the bundle tests export with: one copy for every test package's fixtures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


def in_process_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Ran]:
    """A runner: ``run(*args, db=...)`` returns the exit code and what was printed."""
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


def signing_key_in(
    factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, name: str
) -> Any:
    """A signing key kept for the session under ``name``: exports are signed with it, and
    a bundle signed by one's own key is trusted."""
    from ctcap.storage.bundles.signing import KEY_FILE, load_key, new_key

    directory = factory.getbasetemp() / name
    if not (directory / KEY_FILE).exists():
        new_key(directory)
    monkeypatch.setenv("CTCAP_KEYS_DIR", str(directory))
    return load_key(directory)
