"""User settings: a TOML file in the platformdirs config dir, overridden by the environment.

``assessor``: the default assessor name; ``[keymap]``: binding id → keys, for remapping.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ctcap.errors import CtcapError


@dataclass(frozen=True)
class Settings:
    assessor: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def config_path() -> Path:
    if env := os.environ.get("CTCAP_CONFIG"):
        return Path(env)
    from ctcap.paths import user_config_dir

    return user_config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise CtcapError(f"{path}: not a valid config file: {exc}") from None
    assessor = data.get("assessor")
    keymap = data.get("keymap", {})
    if assessor is not None and not isinstance(assessor, str):
        raise CtcapError(f"{path}: assessor: must be text")
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise CtcapError(f'{path}: keymap: must map binding ids to keys, e.g. score-1 = "1"')
    return Settings(assessor=assessor, keymap=dict(keymap))


def default_assessor(option: str | None = None) -> str:
    """``--assessor``, then ``CTCAP_ASSESSOR``, then the config file, then the OS user."""
    if option:
        return option
    if env := os.environ.get("CTCAP_ASSESSOR"):
        return utf8_text(env, "$CTCAP_ASSESSOR")
    configured = load_settings().assessor
    if configured:
        return configured
    try:
        return utf8_text(getpass.getuser(), "the OS user name")
    except (KeyError, OSError):
        return "assessor"


def utf8_text(value: str, where: str) -> str:
    """``value`` when it is valid UTF-8 text; an environment variable may hold raw bytes."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise CtcapError(f"{where} is not valid UTF-8 text: {shown[:60]}") from None
    return value
