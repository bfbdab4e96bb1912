"""The one writer of output files (``-o FILE``): regular files only, atomic, owner-only.

A new file is written beside the target (same directory, so the rename is atomic),
fsynced, made mode 0600 and renamed over the target; the directory is fsynced too.
Whatever is at the target must be a regular file or nothing: a device (``-o
/dev/null`` as root would otherwise become a file), a FIFO, a socket, a directory or a
symbolic link is refused, so nothing is ever written through a link or into a device.
A missing or read-only directory gets one line. No heavy imports: this sits at the
bottom of the package, beside ``errors``.
"""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path

from ctcap.errors import CtcapError

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


class OutputRefused(CtcapError):
    """The output path is not somewhere ctcap writes a file."""


def _refuse_non_regular(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputRefused(_cannot(path, "", exc)) from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise OutputRefused(f"{path}: is {kind}; ctcap writes only regular files (nothing was written)")


def _directory(path: Path) -> Path:
    directory = path.parent
    if not directory.exists():
        raise OutputRefused(f"{path}: cannot write: no directory {directory} (nothing was written)")
    if not directory.is_dir():
        raise OutputRefused(
            f"{path}: cannot write: {directory} is not a directory (nothing was written)"
        )
    return directory


def write_file(path: Path, data: str | bytes, *, what: str = "") -> Path:
    """Write ``data`` (text as UTF-8) to ``path``: atomically, mode 0600; return its path.

    ``what`` names the document in the error line ("the bundle"); errors say nothing
    was written, and nothing was.
    """
    path = Path(os.path.expanduser(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _refuse_non_regular(path)
    directory = _directory(path)
    temporary = directory / f".{path.name[:200]}.{uuid.uuid4().hex[:12]}.part"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise OutputRefused(_cannot(path, what, exc)) from None
    try:
        try:
            os.fchmod(handle, 0o600)  # exactly 0600, whatever the umask
            view = memoryview(payload)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        _refuse_non_regular(path)  # again, just before the rename: it may have changed
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputRefused(_cannot(path, what, exc)) from None
    except OutputRefused:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(directory)
    return path.parent.resolve() / path.name


def _cannot(path: Path, what: str, exc: OSError) -> str:
    thing = f" {what}" if what else ""
    return f"{path}: cannot write{thing}: {exc.strerror or exc} (nothing was written)"


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; some filesystems cannot fsync a directory, which is fine."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
