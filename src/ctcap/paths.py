"""Where ctcap keeps its files: the checkout when run from one, else platformdirs.

Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ctcap"


def checkout_root() -> Path | None:
    """The project directory when running from a checkout (editable install), else None."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "checklists").is_dir():
        return root
    return None


def checklists_dir() -> Path:
    """The bundled checklists: ``CTCAP_CHECKLISTS``, else the checkout's, else the user data dir."""
    if env := os.environ.get("CTCAP_CHECKLISTS"):
        return Path(env)
    root = checkout_root()
    if root is not None:
        return root / "checklists"
    return user_data_dir() / "checklists"


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Copies that save time and can be deleted: ``CTCAP_CACHE_DIR``, else the user cache dir."""
    if env := os.environ.get("CTCAP_CACHE_DIR"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def keys_dir() -> Path:
    """Where this user's signing key lives: ``CTCAP_KEYS_DIR``, else the user data dir."""
    if env := os.environ.get("CTCAP_KEYS_DIR"):
        return Path(env)
    return user_data_dir() / "keys"


def default_db_path() -> Path:
    root = checkout_root()
    return (root / "db" if root is not None else user_data_dir()) / "ctcap.sqlite"


def resolve_db_url(option: str | None = None) -> str:
    """``--db``, else ``CTCAP_DB``, else the embedded SQLite default.

    A bare path is accepted as shorthand for a SQLite file; a ``file:`` URI is refused
    (its query could ask for an in-memory or read-only database, or another VFS).
    """
    url = option or os.environ.get("CTCAP_DB") or f"sqlite:///{default_db_path()}"
    from ctcap.config import utf8_text

    url = utf8_text(url, "the database URL ($CTCAP_DB or --db)")
    if url[:5].lower() == "file:":
        from ctcap.errors import DatabaseError

        raise DatabaseError(
            f"{url[:60]}: file: URIs are not supported for SQLite; give a file path "
            "(or sqlite:///PATH)"
        )
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url
