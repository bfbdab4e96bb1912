"""Signing bundles with Ed25519: this user's key, public key files, the keys a database trusts.

The private key is one PEM file (PKCS#8), mode 0600, in ``paths.keys_dir()``
(``$CTCAP_KEYS_DIR``, else the platformdirs user data dir): it belongs to a person, not
to a database. Whom a database trusts is stored in it (``trusted_keys``): a team that
shares a database shares whom it accepts bundles from, and the import log names signers
everyone there can look up. A key is named by its id: the first 32 hex digits of the
SHA-256 of the raw public key. A bundle's signature is over ``SIGNED_PREFIX`` and its
content's SHA-256, which covers every event and the key id each event names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.errors import CtcapError, InputFileError, Problem

from .. import repository
from ..models import TrustedKeyRow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "signing-key.pem"
PUBLIC_PREFIX = "ctcap-ed25519"
SIGNED_PREFIX = b"ctcap-bundle-signature-v1\n"
KEY_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_KEY_FILE = 4096


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:32]


@dataclass(frozen=True)
class SigningKey:
    """This user's private key, loaded: it signs, and names itself by ``key_id``."""

    private: Ed25519PrivateKey
    public: bytes  # raw, 32 bytes
    key_id: str
    path: Path

    def sign(self, sha256: str) -> str:
        return base64.b64encode(self.private.sign(SIGNED_PREFIX + sha256.encode())).decode()

    def public_line(self, comment: str = "") -> str:
        """The public key file's one line: ``ctcap-ed25519 BASE64 [comment]``."""
        encoded = base64.b64encode(self.public).decode()
        return f"{PUBLIC_PREFIX} {encoded} {comment}".rstrip() + "\n"


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    name: str
    public: bytes
    added_by: str
    added_at: str


def verify(public: bytes, sha256: str, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(raw, SIGNED_PREFIX + sha256.encode())
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


# This user's key -------------------------------------------------------------------------


def key_path(directory: Path | None = None) -> Path:
    from ctcap.paths import keys_dir

    return (directory or keys_dir()) / KEY_FILE


def new_key(directory: Path | None = None) -> SigningKey:
    """Make this user's signing key; an existing one is never replaced."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ctcap.outfile import write_file

    path = key_path(directory)
    if os.path.lexists(path):
        raise CtcapError(f"{path}: a signing key is there already; ctcap never replaces one")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise CtcapError(f"{path.parent}: cannot make the key directory: {exc.strerror}") from None
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_file(path, pem, what="the signing key")
    made = load_key(directory)
    assert made is not None  # just written
    return made


def load_key(directory: Path | None = None, *, required: bool = True) -> SigningKey | None:
    """This user's signing key, or None when there is none and it is not ``required``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path(directory)
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        if not required:
            return None
        raise CtcapError(f"{path}: no signing key; make one with `ctcap keys new`") from None
    except OSError as exc:
        raise CtcapError(f"{path}: cannot read the signing key: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KEY_FILE:
        raise CtcapError(f"{path}: not a signing key file (a regular file of a few lines)")
    if info.st_mode & 0o077:
        raise CtcapError(
            f"{path}: the signing key can be read by others (mode "
            f"{stat.S_IMODE(info.st_mode):04o}); make it 0600 (chmod 600)"
        )
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as exc:
        raise CtcapError(f"{path}: not a usable signing key: {exc}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise CtcapError(f"{path}: not an Ed25519 key")
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return SigningKey(private, public, key_id(public), path)


# Public key files ------------------------------------------------------------------------


def _refuse(name: str, message: str) -> InputFileError:
    return InputFileError([Problem(name, None, None, "", message)])


def parse_public(data: bytes, name: str) -> bytes:
    """The raw public key of a public key file (``ctcap keys export``), checked."""
    if len(data) > MAX_KEY_FILE:
        raise _refuse(name, f"over {MAX_KEY_FILE} bytes: not a public key file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(name, "not UTF-8 text: not a public key file") from None
    lines = [line for line in text.splitlines() if line.strip()]
    parts = lines[0].split() if len(lines) == 1 else []
    if len(parts) < 2 or parts[0] != PUBLIC_PREFIX:
        raise _refuse(name, f'not a ctcap public key (one line: "{PUBLIC_PREFIX} KEY [name]")')
    try:
        public = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise _refuse(name, "the key is not base64") from None
    if len(public) != 32:
        raise _refuse(name, f"the key is {len(public)} bytes, an Ed25519 key is 32")
    return public


# The keys a database trusts --------------------------------------------------------------


def trust_key(session: Session, public: bytes, name: str, *, actor: str) -> TrustedKey:
    identifier = key_id(public)
    found = session.get(TrustedKeyRow, identifier)
    if found is not None:
        raise CtcapError(f"key {identifier} is trusted already, as {found.name!r}")
    if not name.strip() or len(name) > 200:
        raise CtcapError("--name: give who holds the key, in 1 to 200 characters")
    row = TrustedKeyRow(
        key_id=identifier,
        name=name,
        public_key=base64.b64encode(public).decode(),
        added_by=actor,
        added_at=repository.stamp_now(),
    )
    session.add(row)
    session.flush()
    return _trusted(row)


def untrust_key(session: Session, identifier: str) -> TrustedKey:
    row = session.get(TrustedKeyRow, identifier)
    if row is None:
        raise CtcapError(f"key {identifier[:40]!r} is not trusted here")
    found = _trusted(row)
    session.delete(row)
    return found


def trusted_keys(session: Session) -> list[TrustedKey]:
    rows = session.scalars(select(TrustedKeyRow).order_by(TrustedKeyRow.name))
    return [_trusted(row) for row in rows]


def _trusted(row: TrustedKeyRow) -> TrustedKey:
    public = base64.b64decode(row.public_key)
    return TrustedKey(row.key_id, row.name, public, row.added_by, row.added_at)


OWN_KEY_NAME = "this user's own key"


def trusted_key(session: Session, identifier: str) -> TrustedKey | None:
    """The key ``identifier`` when this database trusts it, or it is this user's own key."""
    row = session.get(TrustedKeyRow, identifier)
    if row is not None:
        trusted = _trusted(row)
        return trusted if key_id(trusted.public) == identifier else None  # an edited row
    own = load_key(required=False)
    if own is not None and own.key_id == identifier:
        return TrustedKey(own.key_id, OWN_KEY_NAME, own.public, "", "")
    return None
