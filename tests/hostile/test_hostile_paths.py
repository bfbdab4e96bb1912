"""Output paths: every ``-o`` writes a regular file atomically, owner-only, or standard
output for ``-`` — and never replaces a device, a FIFO, a socket, a directory or what a
symbolic link points at. Each refusal is one line, and leaves nothing behind."""

from __future__ import annotations

import io
import json
import os
import pty
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from ctcap.outfile import write_file

from .conftest import REPO, Ran, one_line


@pytest.fixture
def seeded(cli: Callable[..., Ran], db: Path) -> Path:
    """A database with one scored assessment of KEN (id 1), and a key to export it with."""
    assert cli("keys", "new").code == 0
    cli("assessments", "new", "--country", "KEN", "--checklist", "minimal", db=db)
    cli("assessments", "answer", "1", "sltd-reporting", "3", db=db)
    return db


FACES: dict[str, tuple[str, ...]] = {
    "report gap md": ("report", "gap", "--country", "KEN", "--format", "md"),
    "report gap xlsx": ("report", "gap", "--country", "KEN", "--format", "xlsx"),
    "report portfolio csv": ("report", "portfolio", "--format", "csv"),
    "audit head": ("audit", "head"),
    "export": ("export", "1"),
}


def _device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own


@pytest.fixture
def listening_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


TARGETS: dict[str, tuple[Callable[[Path], None], str]] = {
    "a character device": (_device, "character device"),
    "a FIFO": (os.mkfifo, "FIFO"),
    "a directory": (os.mkdir, "directory"),
    "a symlink to a file": (
        lambda p: (p.with_name("victim.txt").write_text("keep me"), p.symlink_to("victim.txt")),
        "symbolic link",
    ),
    "a dangling symlink": (lambda p: p.symlink_to("nowhere/at/all"), "symbolic link"),
    "a symlink to a directory": (lambda p: p.symlink_to(p.parent), "symbolic link"),
}


def _state(path: Path) -> tuple[int, bool, str | None]:
    info = os.lstat(path)
    victim = path.with_name("victim.txt")
    return info.st_mode, path.is_symlink(), victim.read_text() if victim.exists() else None


@pytest.mark.parametrize("face", sorted(FACES))
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_a_non_regular_target_is_refused_in_one_line_and_left_as_it_was(
    face: str, target: str, seeded: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    make, kind = TARGETS[target]
    out = tmp_path / "out" / "target"
    out.parent.mkdir()
    make(out)
    before = _state(out)
    one_line(cli(*FACES[face], "-o", str(out), db=seeded), kind)
    assert _state(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_socket_is_refused(
    face: str, seeded: Path, cli: Callable[..., Ran], listening_socket: Path
) -> None:
    one_line(cli(*FACES[face], "-o", str(listening_socket), db=seeded), "socket")
    assert stat.S_ISSOCK(os.lstat(listening_socket).st_mode)


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_missing_or_unwritable_directory_is_one_line(
    face: str, seeded: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    one_line(cli(*FACES[face], "-o", str(tmp_path / "no" / "dir" / "f"), db=seeded), "no directory")
    file_as_dir = tmp_path / "plain"
    file_as_dir.write_text("x")
    one_line(cli(*FACES[face], "-o", str(file_as_dir / "f"), db=seeded), "ot a directory")
    # A read-only place: a directory without write permission (root ignores those bits,
    # so as root, /proc, where no file can be made).
    if os.geteuid() == 0:
        read_only = Path("/proc/self/ctcap-output")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        read_only = locked / "f"
    one_line(cli(*FACES[face], "-o", str(read_only), db=seeded), "cannot write")


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_regular_file_is_replaced_atomically_and_owner_only(
    face: str, seeded: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    out = tmp_path / "existing"
    out.write_text("old content")
    out.chmod(0o644)
    hard_link = tmp_path / "hard-link"
    os.link(out, hard_link)
    ran = cli(*FACES[face], "-o", str(out), db=seeded)
    assert ran.code == 0, ran.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() != b"old content"
    assert hard_link.read_text() == "old content"  # a new file, not the old one rewritten
    assert sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []


@pytest.mark.parametrize("face", ["report gap md", "audit head", "export"])
def test_dash_writes_to_standard_output(
    face: str, seeded: Path, cli: Callable[..., Ran], tmp_path: Path
) -> None:
    ran = cli(*FACES[face], "-o", "-", db=seeded)
    assert ran.code == 0, ran.err
    assert not (tmp_path / "-").exists()
    if face in ("audit head", "export"):
        assert json.loads(ran.out)
    elif face == "report gap md":
        assert "Minimal example checklist" in ran.out


def test_dash_pipes_binary_xlsx_but_never_onto_a_terminal(seeded: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "ctcap", f"--db={seeded}", *FACES["report gap xlsx"]]
    piped = subprocess.run([*command, "-o", "-"], capture_output=True, check=False, cwd=REPO)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04"), piped.stderr
    openpyxl.load_workbook(io.BytesIO(piped.stdout))
    primary, secondary = pty.openpty()  # a terminal as standard output
    try:
        shown = subprocess.run(
            [*command, "-o", "-"], stdout=secondary, stderr=subprocess.PIPE, check=False, cwd=REPO
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert shown.returncode == 1 and b"binary" in shown.stderr


def test_the_writer_itself_refuses_and_returns_the_path(tmp_path: Path) -> None:
    written = write_file(tmp_path / "a.txt", "text")
    assert written == tmp_path / "a.txt" and written.read_text() == "text"
    link = tmp_path / "link"
    link.symlink_to(written)
    with pytest.raises(Exception, match="symbolic link"):
        write_file(link, "other")
    assert written.read_text() == "text"
