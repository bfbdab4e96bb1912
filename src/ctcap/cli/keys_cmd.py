"""``ctcap keys``: this user's signing key, and the keys this database trusts."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, pass_context
from .output import echo, echo_line, emit_table, output_option, write_output


@click.group()
def keys() -> None:
    """Sign bundles, and say whose signed bundles this database takes.

    Your private key stays in your data directory ($CTCAP_KEYS_DIR to move it); the keys
    a database trusts are stored in it, shared by everyone who uses it.
    """


@keys.command("new")
def keys_new() -> None:
    """Make your Ed25519 signing key (0600); an existing key is never replaced."""
    from ctcap.storage.bundles.signing import new_key

    made = new_key()
    echo_line(f"made signing key {made.key_id} at {made.path}")
    echo("give others `ctcap keys export` to trust; keep the key file itself to yourself")


@keys.command("export")
@output_option("your public key (default: standard output)")
@click.option("--comment", default="", help="A name to put in the public key file.")
def keys_export(output: Path | None, comment: str) -> None:
    """Print your public key, for others to `ctcap keys trust`."""
    from ctcap.storage.bundles.signing import load_key

    key = load_key()
    assert key is not None  # required
    line = key.public_line(" ".join(comment.split())[:100])
    written = write_output(output if output is not None else "-", line, "txt")
    if written is not None:
        echo_line(f"wrote public key {key.key_id} to {written}")


@keys.command("trust")
@click.argument("file", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--name", required=True, help="Who holds the key, e.g. 'Nairobi field team'.")
@click.option("--assessor", help="Who decides to trust it (default as for `new`).")
@pass_context
def keys_trust(context: Context, file: Path, name: str, assessor: str | None) -> None:
    """Trust the public key in FILE (`-`: standard input) for imports into this database."""
    import sys

    from ctcap.config import default_assessor
    from ctcap.storage.bundles.format import read_bounded
    from ctcap.storage.bundles.signing import MAX_KEY_FILE, parse_public, trust_key

    if str(file) == "-":
        public = parse_public(sys.stdin.buffer.read(MAX_KEY_FILE + 1), "standard input")
    else:
        public = parse_public(read_bounded(file, "public key", MAX_KEY_FILE), str(file))
    with context.database().write() as session:
        trusted = trust_key(session, public, name, actor=default_assessor(assessor))
    echo_line(f"trusted key {trusted.key_id} as {trusted.name!r}")


@keys.command("untrust")
@click.argument("key_id")
@pass_context
def keys_untrust(context: Context, key_id: str) -> None:
    """Stop taking bundles signed by KEY_ID (the import log keeps its name)."""
    from ctcap.storage.bundles.signing import untrust_key

    with context.database().write() as session:
        removed = untrust_key(session, key_id)
    echo_line(f"key {removed.key_id} ({removed.name}) is no longer trusted here")


@keys.command("list")
@pass_context
def keys_list(context: Context) -> None:
    """The keys this database trusts, and your own."""
    from ctcap.storage.bundles.signing import load_key, trusted_keys

    own = load_key(required=False)
    with context.database().read() as session:
        found = trusted_keys(session)
    rows: list[list[object]] = [[k.key_id, k.name, k.added_by, k.added_at] for k in found]
    if own is not None:
        rows.append([own.key_id, "(your own key: signs your exports)", "", ""])
    emit_table(["KEY", "NAME", "ADDED BY", "ADDED AT"], rows)
