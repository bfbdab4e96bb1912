"""``ctcap serve`` in a real browser: headless Chromium opens the page and the country list
is drawn.

textual-serve draws the terminal with xterm.js, on a WebGL or canvas layer when it can.
Pixels on a canvas cannot be read back as text, so the page is told before it loads that
those layers are unavailable; xterm.js then draws with its DOM renderer, one element
per row, and the test reads the rows the browser drew. Chromium is driven through its
DevTools protocol over a websocket (aiohttp comes with textual-serve).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
    "--remote-debugging-port=0",
]
# Runs before the page's own scripts: no WebGL, and no 2D context for xterm's layers.
DOM_RENDERER_ONLY = """
const original = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
  const xtermLayer = [...this.classList].some((c) => /^xterm-.*-layer$/.test(c));
  if (xtermLayer || String(kind).startsWith("webgl")) return null;
  return original.call(this, kind, ...rest);
};
"""
ROWS = "(document.querySelector('.xterm-rows') || {innerText: ''}).innerText"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found (apt-get install -y chromium)"
    if os.environ.get("CTCAP_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(f"the browser check must run here but cannot: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        assert server.poll() is None, "ctcap serve exited early"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "serve.sqlite"
    env = {**os.environ, "CTCAP_ASSESSOR": "tester"}
    env.pop("CTCAP_DB", None)
    python = [sys.executable, "-m", "ctcap", f"--db={db}"]
    subprocess.run([*python, "demo"], check=True, env=env, cwd=REPO, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*python, "serve", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the app processes it starts go with it
    )
    try:
        _wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class DevTools:
    """Just enough of the DevTools protocol: call a method, wait for its reply."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.last_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        await self.socket.send_json({"id": self.last_id, "method": method, "params": params})
        while True:
            reply = await self.socket.receive_json()
            if reply.get("id") == self.last_id:
                assert "error" not in reply, reply
                return dict(reply.get("result", {}))


async def _drawn_rows(url: str, wanted: str) -> str:
    import aiohttp

    profile = tempfile.mkdtemp(prefix="ctcap-chromium-")
    browser = subprocess.Popen(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        for _ in range(200):
            if port_file.exists() and port_file.read_text().strip():
                break
            await asyncio.sleep(0.05)
        port = port_file.read_text().split()[0]
        async with aiohttp.ClientSession() as session:
            targets = await (await session.get(f"http://127.0.0.1:{port}/json")).json()
            page = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Page.enable")
                await tools.call("Page.addScriptToEvaluateOnNewDocument", source=DOM_RENDERER_ONLY)
                await tools.call("Page.navigate", url=url)
                rows = ""
                for _ in range(120):  # bounded: a slow machine gets 30 s
                    await asyncio.sleep(0.25)
                    found = await tools.call(
                        "Runtime.evaluate", expression=ROWS, returnByValue=True
                    )
                    rows = str(found["result"].get("value", ""))
                    if wanted in rows:
                        break
                return rows
    finally:
        browser.terminate()
        browser.wait(10)


def test_the_browser_draws_the_country_list(served: str) -> None:
    _require_chromium()
    rows = asyncio.run(_drawn_rows(served, "Aldoria (fictional)"))
    assert "Type a country name or code to filter" in rows
    assert "Code" in rows and "Country" in rows and "Score" in rows
    for name in ("Aldoria (fictional)", "Borelia (fictional)"):
        assert name in rows, rows[:2000]


def test_serve_binds_to_loopback_by_default() -> None:
    from click.testing import CliRunner

    from ctcap.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output
    assert "no authentication" in result.output
