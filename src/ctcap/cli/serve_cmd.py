"""``ctcap serve``: the assessor's app in a browser, through textual-serve.

textual-serve has no authentication: every browser that reaches the port gets a new
ctcap process on the shared database, acting as the user who started the server. So
it binds to 127.0.0.1 unless told otherwise; to reach it from elsewhere, put it behind
a reverse proxy that authenticates (the README shows one).
"""

from __future__ import annotations

import os
import shlex
import sys

import click

from .context import Context, pass_context


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--public-url",
    help="The URL browsers use, when a reverse proxy sits in front (e.g. https://ct.example).",
)
@pass_context
def serve(context: Context, host: str, port: int, public_url: str | None) -> None:
    """Serve the terminal app to browsers (no authentication: see the README)."""
    from ctcap.errors import CtcapError

    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise CtcapError("ctcap serve needs textual-serve: pip install 'ctcap[serve]'") from exc
    # Each browser session runs `python -m ctcap` with the database this command resolved.
    os.environ["CTCAP_DB"] = context.db_url
    command = f"{shlex.quote(sys.executable)} -m ctcap"
    where = f"http://{host}:{port}"
    click.echo(f"ctcap: serving on {where} (no authentication; Ctrl+C stops)", err=True)
    Server(command, host=host, port=port, title="ctcap", public_url=public_url).serve()
